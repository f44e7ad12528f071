// ctrace-load's percentiles: nearest rank, so every value reported was measured.
#include "workloads/latency_stats.h"

#include "gtest/gtest.h"

namespace ctrace::workloads {
namespace {

TEST(LoadLatencyStats, NearestRankPercentiles) {
  std::vector<int64_t> ns;
  for (int i = 100; i >= 1; --i) ns.push_back(i * 1'000'000);  // 1..100 ms, unsorted
  LatencySummary s = SummarizeLatencies(ns);
  EXPECT_DOUBLE_EQ(s.p50_ms, 50);
  EXPECT_DOUBLE_EQ(s.p90_ms, 90);
  EXPECT_DOUBLE_EQ(s.p99_ms, 99);
  EXPECT_DOUBLE_EQ(s.max_ms, 100);
}

TEST(LoadLatencyStats, OneSampleIsEveryPercentile) {
  LatencySummary s = SummarizeLatencies({2'500'000});
  EXPECT_DOUBLE_EQ(s.p50_ms, 2.5);
  EXPECT_DOUBLE_EQ(s.p99_ms, 2.5);
  EXPECT_DOUBLE_EQ(s.max_ms, 2.5);
}

TEST(LoadLatencyStats, NoSamplesIsAllZero) {
  LatencySummary s = SummarizeLatencies({});
  EXPECT_EQ(s.p50_ms, 0);
  EXPECT_EQ(s.max_ms, 0);
}

}  // namespace
}  // namespace ctrace::workloads
