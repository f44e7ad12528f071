// Latency percentiles for ctrace-load's report.
#ifndef CTRACE_WORKLOADS_LATENCY_STATS_H_
#define CTRACE_WORKLOADS_LATENCY_STATS_H_

#include <cstdint>
#include <vector>

namespace ctrace::workloads {

struct LatencySummary {
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Nearest-rank percentiles (the smallest sample with at least p% of samples at or below
// it), so every reported value is a latency that was actually measured.
LatencySummary SummarizeLatencies(std::vector<int64_t> nanoseconds);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_LATENCY_STATS_H_
