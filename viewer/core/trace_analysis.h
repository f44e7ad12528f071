// The slower derived data panels show (metrics, self-check, histograms): computed once per
// trace, off the UI thread, after the timeline is already drawable.
#ifndef CTRACE_VIEWER_CORE_TRACE_ANALYSIS_H_
#define CTRACE_VIEWER_CORE_TRACE_ANALYSIS_H_

#include <memory>
#include <vector>

#include "model/locks.h"
#include "model/metrics.h"
#include "model/self_check.h"
#include "model/task_metrics.h"
#include "viewer/core/histogram.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

struct TraceAnalysis {
  TraceMetrics metrics;
  TaskMetricsSet tasks;
  SelfCheck self_check;
  Histogram runqueue;
  Histogram epoll;
  std::vector<Lock> locks;  // most contended first (the Locks panel)
};

std::unique_ptr<TraceAnalysis> Analyze(const TraceDocument& doc);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TRACE_ANALYSIS_H_
