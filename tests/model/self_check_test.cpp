#include "model/self_check.h"

#include <vector>

#include "format/syscall_table.h"
#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Exit;
using ::ctrace::testing::Fork;
using ::ctrace::testing::Lost;
using ::ctrace::testing::Snapshot;
using ::ctrace::testing::Switch;
using ::ctrace::testing::Wake;

// Thread 100 lives 1000..6100: runs 2000..3000, sleeps, runs 4000..4500, is preempted,
// runs 4600..6000, exits at 6000 and leaves the CPU dead at 6100. By the exit event it has
// one voluntary and one involuntary switch and 2900 ns on CPU.
std::vector<Event> Lifetime(uint64_t nvcsw, uint64_t nivcsw, uint64_t cpu_ns) {
  return {Fork(1000, 0, 100, 100, 1, 1),
          Switch(2000, 0, 0, 0, 0, 100, 100),
          Switch(3000, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex),
          Wake(3900, 1, 100, 100, 0, 0),
          Switch(4000, 0, 0, 0, 0, 100, 100),
          Switch(4500, 0, 100, 100, 0, 0, 0, true),
          Switch(4600, 0, 0, 0, 0, 100, 100),
          Exit(6000, 0, 100, 100, 0, true, nvcsw, nivcsw, cpu_ns),
          Switch(6100, 0, 100, 100, kTaskDead, 0, 0)};
}

TEST(SelfCheckTest, MatchingCountsPassAndCpuTimeDifferenceIsReported) {
  Model m = Build(Lifetime(1, 1, 2750), 7000);
  SelfCheck check = RunSelfCheck(m);
  EXPECT_EQ(check.threads_checked, 1u);
  EXPECT_EQ(check.threads_matching, 1u);
  EXPECT_TRUE(check.all_matching());
  EXPECT_TRUE(check.mismatches.empty());
  EXPECT_EQ(check.max_cpu_time_diff_ns, 150u);  // 2900 derived vs 2750 counted by the kernel
  EXPECT_EQ(m.threads[check.max_cpu_time_diff_thread].tid, 100);
  EXPECT_FALSE(check.incomplete());
}

TEST(SelfCheckTest, MismatchIsReportedWithBothCounts) {
  Model m = Build(Lifetime(2, 1, 2900), 7000);
  SelfCheck check = RunSelfCheck(m);
  EXPECT_EQ(check.threads_checked, 1u);
  EXPECT_EQ(check.threads_matching, 0u);
  EXPECT_FALSE(check.all_matching());
  ASSERT_EQ(check.mismatches.size(), 1u);
  EXPECT_EQ(check.mismatches[0].model_voluntary, 1u);
  EXPECT_EQ(check.mismatches[0].kernel_voluntary, 2u);
  EXPECT_EQ(check.mismatches[0].model_involuntary, 1u);
  EXPECT_EQ(check.mismatches[0].kernel_involuntary, 1u);
  EXPECT_EQ(check.max_cpu_time_diff_ns, 0u);
}

TEST(SelfCheckTest, ThreadsAliveBeforeTheTraceAreNotChecked) {
  Model m = Build({Snapshot(500, 50, 50, 1), Switch(1000, 0, 0, 0, 0, 50, 50),
                   Exit(2000, 0, 50, 50, 0, true, 99, 99, 99)},
                  3000);
  SelfCheck check = RunSelfCheck(m);
  EXPECT_EQ(check.threads_checked, 0u);
  EXPECT_EQ(check.threads_not_checked, 1u);
  EXPECT_TRUE(check.all_matching());
}

TEST(SelfCheckTest, LostEventsMakeTheResultIncomplete) {
  std::vector<Event> ev = Lifetime(1, 1, 2900);
  ev.push_back(Lost(6500, 1, 4));
  Model m = Build(ev, 7000);
  SelfCheck check = RunSelfCheck(m);
  EXPECT_TRUE(check.incomplete());
  EXPECT_EQ(check.lost_events, 4u);
  EXPECT_EQ(check.threads_matching, 1u);
}

TEST(SelfCheckTest, TrailerLostCountsAreUsedWhenLarger) {
  Model m = Build(Lifetime(1, 1, 2900), 7000);
  m.trailer = TraceTrailer{};
  m.trailer->lost_per_cpu = {2, 5};
  EXPECT_EQ(RunSelfCheck(m).lost_events, 7u);
}

}  // namespace
}  // namespace ctrace
