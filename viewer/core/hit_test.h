// What is under a point of the timeline: which row, and on it which interval, CPU segment
// or lifecycle marker. Plain functions over the layout, the time axis and the documents.
#ifndef CTRACE_VIEWER_CORE_HIT_TEST_H_
#define CTRACE_VIEWER_CORE_HIT_TEST_H_

#include <cstdint>
#include <vector>

#include "model/task.h"
#include "viewer/core/lane_layout.h"
#include "viewer/core/time_axis.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

struct Hit {
  int row = -1;  // index into Layout::rows, -1: nothing
  RowKind kind = RowKind::kThreadLane;
  uint16_t doc = 0;
  uint32_t thread = kNoThread;  // kThreadLane: the lane's thread; kCpuLane: the thread that ran
  int64_t interval = -1;        // kThreadLane: interval index; kCpuLane: item index
  int marker = -1;              // kThreadLane: index into Markers(thread) within reach
  // kThreadTaskRow: interval is the task run (Model::task_runs) and task its task;
  // kTaskLane: task is the lane's task and interval the piece of its lane.
  uint32_t task = kNoTask;
  double t_ns = 0;  // the time under the point (from the trace start)
};

// Markers are hit within this many pixels of their time.
inline constexpr float kMarkerReachPx = 5;

// `x` is from the left edge of the time area, `y` from the top of the lanes area.
Hit HitTest(const std::vector<const TraceDocument*>& docs, const Layout& layout,
            const TimeAxis& axis, float x, float y);

// The index of the item of a CPU lane containing absolute time `ts`, or -1.
int64_t CpuItemAt(const TraceDocument& doc, uint16_t cpu, uint64_t ts);

// The nearest marker of thread `t` within `reach_ns` of absolute time `ts`, or -1.
int MarkerNear(const TraceDocument& doc, uint32_t t, uint64_t ts, double reach_ns);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_HIT_TEST_H_
