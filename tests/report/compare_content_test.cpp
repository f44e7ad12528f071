#include "report/compare_content.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/report/forking_trace.h"
#include "tests/report/sample_trace.h"

namespace ctrace {
namespace {

using ::ctrace::testing::BuildForkingModel;
using ::ctrace::testing::BuildSampleModel;

// The sample (one thread created, epoll, futex) against three forked children.
CompareContent SampleVsForking(std::optional<uint64_t> sample_requests = std::nullopt,
                               std::optional<uint64_t> forking_requests = std::nullopt) {
  std::vector<CompareInput> inputs;
  inputs.push_back({"/traces/sample.ctrace", BuildSampleModel(), sample_requests});
  inputs.push_back({"forking.ctrace", BuildForkingModel(3), forking_requests});
  return MakeCompareContent(std::move(inputs));
}

const CompareRow* FindRow(const CompareContent& c, const std::string& key) {
  for (const CompareRow& row : c.rows) {
    if (row.key == key) return &row;
  }
  return nullptr;
}

std::vector<std::optional<double>> Values(const CompareContent& c, const std::string& key) {
  const CompareRow* row = FindRow(c, key);
  return row ? row->values : std::vector<std::optional<double>>{};
}

using Values2 = std::vector<std::optional<double>>;

TEST(CompareContentTest, TracesAreNamedByFileWithoutFolderOrExtension) {
  CompareContent c = SampleVsForking();
  ASSERT_EQ(c.traces.size(), 2u);
  EXPECT_EQ(c.traces[0].name, "sample");
  EXPECT_EQ(c.traces[0].path, "/traces/sample.ctrace");
  EXPECT_EQ(c.traces[1].name, "forking");
  EXPECT_EQ(c.traces[1].command, std::vector<std::string>{"/usr/bin/forker"});
  EXPECT_EQ(c.traces[1].lost_events, 0u);
  EXPECT_EQ(c.traces[1].self_check_mismatches, 0u);
}

TEST(CompareContentTest, SameFileNameInTwoFoldersIsNamedByPath) {
  std::vector<CompareInput> inputs;
  inputs.push_back({"a/run.ctrace", BuildSampleModel(), std::nullopt});
  inputs.push_back({"b/run.ctrace", BuildSampleModel(), std::nullopt});
  inputs.push_back({"c/other.ctrace", BuildSampleModel(), std::nullopt});
  CompareContent c = MakeCompareContent(std::move(inputs));
  EXPECT_EQ(c.traces[0].name, "a/run.ctrace");
  EXPECT_EQ(c.traces[1].name, "b/run.ctrace");
  EXPECT_EQ(c.traces[2].name, "other");
}

TEST(CompareContentTest, RowsHoldEachTracesMetrics) {
  CompareContent c = SampleVsForking();
  EXPECT_EQ(Values(c, "wall_time_ns"), (Values2{50000, 50000}));
  EXPECT_EQ(Values(c, "threads_created"), (Values2{1, 0}));
  // 200 runs 1200-10300, 12400-20300, 22400-30300, 32400-50000; each child 2000.
  EXPECT_EQ(Values(c, "cpu_time_ns")[1], 42500 + 3 * 2000);
  // Each child's fork entry to its first run: 300 ns.
  EXPECT_EQ(Values(c, "creation_latency_p50_ns")[1], 300);
  EXPECT_EQ(Values(c, "creation_latency_p99_ns")[1], 300);
  // The parent sleeps in wait4 three times. A child's last switch comes after its exit,
  // where its timeline ends, so it is not counted (nor is it in the kernel's nvcsw at exit).
  EXPECT_EQ(Values(c, "voluntary_switches"), (Values2{2, 3}));
  EXPECT_EQ(Values(c, "involuntary_switches"), (Values2{1, 0}));
  EXPECT_EQ(Values(c, "peak_threads_alive"), (Values2{2, 2}));
  // From the switch-out at +2300 ... +300 to the wakeup at +2350: 2050 ns, three times.
  EXPECT_EQ(Values(c, "blocked_ns.wait"), (Values2{0, 3 * 2050}));
}

TEST(CompareContentTest, ProcessesCreatedCountsEveryFork) {
  CompareContent one = MakeCompareContent([] {
    std::vector<CompareInput> v;
    v.push_back({"one", BuildForkingModel(1), std::nullopt});
    v.push_back({"five", BuildForkingModel(5), std::nullopt});
    return v;
  }());
  std::vector<std::optional<double>> created = Values(one, "processes_created");
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(*created[1] - *created[0], 4);
}

TEST(CompareContentTest, BlockedRowsOnlyForReasonsSomeTraceBlockedIn) {
  CompareContent c = SampleVsForking();
  EXPECT_NE(FindRow(c, "blocked_ns.epoll"), nullptr);
  EXPECT_NE(FindRow(c, "blocked_ns.futex"), nullptr);
  EXPECT_NE(FindRow(c, "blocked_ns.wait"), nullptr);
  EXPECT_EQ(FindRow(c, "blocked_ns.io"), nullptr);
  EXPECT_EQ(FindRow(c, "blocked_ns.uninterruptible"), nullptr);
}

TEST(CompareContentTest, EventsPerCallOnlyWhereThereWereCalls) {
  CompareContent c = SampleVsForking();
  EXPECT_EQ(Values(c, "epoll_calls"), (Values2{2, 0}));
  // Two calls: one returned 2 events, one returned none.
  EXPECT_EQ(Values(c, "epoll_events_per_call"), (Values2{1.0, std::nullopt}));
}

TEST(CompareContentTest, PerRequestRowsNeedARequestCount) {
  CompareContent none = SampleVsForking();
  EXPECT_EQ(Values(none, "requests"), (Values2{std::nullopt, std::nullopt}));
  EXPECT_EQ(Values(none, "voluntary_switches_per_request"), (Values2{std::nullopt, std::nullopt}));

  CompareContent c = SampleVsForking(std::nullopt, 3);
  EXPECT_EQ(Values(c, "requests"), (Values2{std::nullopt, 3}));
  EXPECT_EQ(Values(c, "voluntary_switches_per_request"), (Values2{std::nullopt, 1.0}));
  EXPECT_EQ(Values(c, "cpu_time_per_request_ns"), (Values2{std::nullopt, 48500 / 3 + 1}));
  std::vector<std::optional<double>> created = Values(c, "created_per_request");
  ASSERT_TRUE(created[1].has_value());
  EXPECT_GE(*created[1], 1.0);  // a process per request (and the root, if counted)
}

TEST(CompareContentTest, EveryRowHasOneValuePerTraceAndAUniqueKey) {
  CompareContent c = SampleVsForking(1, 3);
  std::vector<std::string> keys;
  for (const CompareRow& row : c.rows) {
    EXPECT_EQ(row.values.size(), 2u) << row.key;
    EXPECT_FALSE(row.label.empty()) << row.key;
    EXPECT_FALSE(row.section.empty()) << row.key;
    for (const std::string& k : keys) EXPECT_NE(k, row.key);
    keys.push_back(row.key);
  }
}

TEST(ComparePeakThreadsAliveTest, CountsOverlappingLivesOnly) {
  EXPECT_EQ(PeakThreadsAlive(BuildSampleModel()), 2u);
  EXPECT_EQ(PeakThreadsAlive(BuildForkingModel(4)), 2u);  // one child at a time beside the parent
  EXPECT_EQ(PeakThreadsAlive(Model{}), 0u);
}

TEST(CompareDifferenceTest, MissingOrZeroBaseGivesNoRatio) {
  EXPECT_EQ(Difference(10.0, 25.0), 15.0);
  EXPECT_EQ(Difference(std::nullopt, 25.0), std::nullopt);
  EXPECT_EQ(Ratio(10.0, 25.0), 2.5);
  EXPECT_EQ(Ratio(0.0, 25.0), std::nullopt);
  EXPECT_EQ(Ratio(10.0, std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace ctrace
