#include "viewer/core/trace_analysis.h"

namespace ctrace::viewer {

std::unique_ptr<TraceAnalysis> Analyze(const TraceDocument& doc) {
  auto a = std::make_unique<TraceAnalysis>();
  a->metrics = ComputeMetrics(doc.model());
  a->tasks = ComputeTaskMetrics(doc.model());
  a->self_check = RunSelfCheck(doc.model());
  a->runqueue = RunqueueLatency(doc);
  a->epoll = EpollWait(doc);
  a->locks = ComputeLocks(doc.model());
  return a;
}

}  // namespace ctrace::viewer
