#include "workloads/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace ctrace::workloads {
namespace {

double Percentile(const std::vector<int64_t>& sorted, double p) {
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return static_cast<double>(sorted[rank - 1]) / 1e6;
}

}  // namespace

LatencySummary SummarizeLatencies(std::vector<int64_t> nanoseconds) {
  LatencySummary s;
  if (nanoseconds.empty()) return s;
  std::sort(nanoseconds.begin(), nanoseconds.end());
  s.p50_ms = Percentile(nanoseconds, 50);
  s.p90_ms = Percentile(nanoseconds, 90);
  s.p99_ms = Percentile(nanoseconds, 99);
  s.max_ms = static_cast<double>(nanoseconds.back()) / 1e6;
  return s;
}

}  // namespace ctrace::workloads
