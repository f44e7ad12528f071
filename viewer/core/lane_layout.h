// The vertical layout of the timeline: one row per lane or group header, for one or more
// traces (stacked for comparison). Per trace: a header (when comparing), the CPU lanes
// group, then each process as a collapsible group, in process tree order, with a lane per
// thread (and under a thread that ran tasks, its task row), then the process's tasks as a
// collapsible group of task lanes. A filter hides threads whose name, tid, process name or
// pid do not match.
#ifndef CTRACE_VIEWER_CORE_LANE_LAYOUT_H_
#define CTRACE_VIEWER_CORE_LANE_LAYOUT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

enum class RowKind : uint8_t {
  kTraceHeader,      // one per trace when more than one is open
  kCpuHeader,        // the group of CPU lanes
  kCpuLane,          // index: CPU
  kProcessHeader,    // index: process
  kThreadLane,       // index: thread
  kThreadTaskRow,    // index: thread; which task it ran, under its lane (threads with tasks)
  kTaskGroupHeader,  // index: process; the group of its task lanes
  kTaskLane,         // index: task
};

struct Row {
  RowKind kind;
  uint16_t doc;    // which trace
  uint16_t depth;  // indentation (process tree depth; threads one deeper)
  uint32_t index;  // CPU, process or thread, by kind
  float y;         // top, from the top of the lanes area
  float height;
};

struct LayoutOptions {
  float thread_lane_height = 20;
  float cpu_lane_height = 16;
  float header_height = 20;
  float task_row_height = 9;
  float task_lane_height = 14;
  float gap = 2;  // vertical space between rows
  bool show_cpu_lanes = true;
  std::string filter;  // empty: every thread
};

// Which groups are collapsed: keys made by GroupKey.
using CollapsedGroups = absl::flat_hash_set<uint64_t>;
uint64_t GroupKey(uint16_t doc, RowKind kind, uint32_t index);

// The groups folded when traces open: the task lanes of a process with more than
// kTaskLanesOpenAtMost tasks (its thread rows show the tasks already, and a lane each would
// push everything else out of sight).
inline constexpr size_t kTaskLanesOpenAtMost = 32;
CollapsedGroups InitiallyCollapsed(const std::vector<const TraceDocument*>& docs);

// True if thread `t` of `doc` matches the filter text: a case-insensitive substring of its
// name or its process's name, or a prefix of its tid or pid in decimal.
bool ThreadMatches(const TraceDocument& doc, uint32_t t, const std::string& filter);

struct Layout {
  std::vector<Row> rows;
  float height = 0;  // total

  // The row at `y` (from the top of the lanes area), or -1 between or past rows.
  int RowAt(float y) const;
  // The first row whose bottom is below `y` (for drawing only the visible rows).
  size_t FirstVisible(float y) const;
  // The row of thread `t` of trace `doc`, or -1 (filtered out or inside a collapsed group).
  int ThreadRow(uint16_t doc, uint32_t t) const;
  // The row of thread `t`, or of the header of the collapsed group that hides it, or -1.
  int ThreadOrGroupRow(const TraceDocument& d, uint16_t doc, uint32_t t) const;
};

Layout BuildLayout(const std::vector<const TraceDocument*>& docs, const LayoutOptions& options,
                   const CollapsedGroups& collapsed);

// The CPU and thread lanes of trace `doc` among the rows that start less than `height`
// pixels from the top: what a window that tall shows before it is scrolled.
struct LanesInView {
  std::vector<uint16_t> cpus;
  std::vector<uint32_t> threads;
};
LanesInView LanesWithin(const Layout& layout, uint16_t doc, float height);
// Indexes, on all cores, the lanes a just-opened trace shows in a lanes' area `height`
// pixels tall, as the view lays it out alone when it opens (default options, unfiltered: a
// guess; a lane it misses is indexed when first drawn). What the viewer does before its first
// frame; the other lanes are left to TraceDocument::IndexRestInBackground. Returns the lanes.
LanesInView IndexLanesInView(const TraceDocument& doc, float height);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_LANE_LAYOUT_H_
