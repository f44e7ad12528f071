#include "viewer/core/compare_table.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/string_view_compat.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"

namespace ctrace::viewer {

std::vector<CompareRow> BuildCompareTable(const std::vector<const TraceDocument*>& docs,
                                          const std::vector<const TraceAnalysis*>& analyses) {
  std::vector<CompareRow> rows;
  auto add = [&](std::string name, MetricUnit unit, auto get) {
    CompareRow row{std::move(name), unit, {}};
    for (size_t i = 0; i < docs.size(); ++i) {
      row.values.push_back(static_cast<double>(get(*docs[i], *analyses[i])));
    }
    rows.push_back(std::move(row));
  };
  using D = const TraceDocument&;
  using A = const TraceAnalysis&;
  const auto ns = MetricUnit::kNanoseconds;
  const auto n = MetricUnit::kCount;
  add("duration", ns, [](D d, A) { return d.duration_ns(); });
  add("events", n, [](D d, A) { return d.model().stats.events; });
  add("lost events", n, [](D d, A) { return d.model().LostEvents(); });
  add("processes", n, [](D d, A) { return d.model().processes.size(); });
  add("threads", n, [](D d, A) { return d.model().threads.size(); });
  add("peak running threads", n, [](D, A a) { return a.metrics.peak_running_threads; });
  add("running", ns, [](D, A a) { return a.metrics.total.running_ns; });
  add("runnable", ns, [](D, A a) { return a.metrics.total.runnable_ns; });
  add("blocked", ns, [](D, A a) { return a.metrics.total.blocked_total_ns(); });
  for (int r = 0; r < kBlockReasonCount; ++r) {
    add(absl::StrCat("  blocked: ", ToAbsl(BlockReasonName(static_cast<BlockReason>(r)))), ns,
        [r](D, A a) { return a.metrics.total.blocked_ns[static_cast<size_t>(r)]; });
  }
  add("voluntary switches", n, [](D, A a) { return a.metrics.total.voluntary_switches; });
  add("involuntary switches", n, [](D, A a) { return a.metrics.total.involuntary_switches; });
  add("migrations", n, [](D, A a) { return a.metrics.total.migrations; });
  add("wakeups", n, [](D, A a) { return a.metrics.total.wakeups_received; });
  add("run-queue latency p50", ns, [](D, A a) { return a.metrics.total.runqueue_latency.p50; });
  add("run-queue latency p90", ns, [](D, A a) { return a.metrics.total.runqueue_latency.p90; });
  add("run-queue latency p99", ns, [](D, A a) { return a.metrics.total.runqueue_latency.p99; });
  add("run-queue latency max", ns, [](D, A a) { return a.metrics.total.runqueue_latency.max; });
  add("epoll_wait calls", n, [](D, A a) { return a.metrics.total.epoll.calls; });
  add("epoll_wait time", ns, [](D, A a) { return a.metrics.total.epoll.wait_ns; });
  add("epoll events returned", n, [](D, A a) { return a.metrics.total.epoll.events_returned; });
  add("threads created", n, [](D, A a) { return a.metrics.total.threads_created; });
  add("processes created", n, [](D, A a) { return a.metrics.total.processes_created; });
  add("creation latency p50", ns, [](D, A a) { return a.metrics.total.creation_latency.p50; });
  add("creation latency max", ns, [](D, A a) { return a.metrics.total.creation_latency.max; });
  return rows;
}

std::string RelativeChange(double base, double value) {
  if (base == value) return "=";
  if (base == 0) return "new";
  double pct = (value - base) / std::fabs(base) * 100.0;
  return absl::StrFormat("%+.1f%%", pct);
}

std::string FormatMetric(double value, MetricUnit unit) {
  if (unit == MetricUnit::kNanoseconds) return FormatDurationLabel(value);
  return absl::StrCat(static_cast<int64_t>(std::llround(value)));
}

}  // namespace ctrace::viewer
