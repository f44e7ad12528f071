#include "model/futile_wakeups.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Fork;
using ::ctrace::testing::FutexSleep;
using ::ctrace::testing::Switch;
using ::ctrace::testing::SyscallEnter;
using ::ctrace::testing::SyscallExit;
using ::ctrace::testing::Wake;
using ::testing::IsEmpty;

constexpr int32_t kEpollWait = syscall_nr::kEpollWait;

uint32_t IndexOf(const Model& m, int32_t tid) {
  for (uint32_t i = 0; i < m.threads.size(); ++i) {
    if (m.threads[i].tid == tid) return i;
  }
  return kNoThread;
}

// 100 runs on CPU 0; 101 and 102 (same process) sleep in epoll_wait(4) on CPU 1, one after
// the other. 100 wakes both at 2000 for one event: 101 gets it and returns; 102 runs, finds
// nothing and sleeps again in the same call until 4000.
std::vector<Event> Herd() {
  return {Fork(100, 0, 100, 100, 1, 1),
          Fork(110, 0, 101, 100, 100, 100),
          Fork(120, 0, 102, 100, 100, 100),
          Switch(1000, 0, 0, 0, 0, 100, 100),
          Switch(1000, 1, 0, 0, 0, 101, 100),
          SyscallEnter(1100, 1, 101, 100, kEpollWait, 4, 8, -1),
          Switch(1200, 1, 101, 100, kTaskInterruptible, 102, 100, false, kEpollWait),
          SyscallEnter(1300, 1, 102, 100, kEpollWait, 4, 8, -1),
          Switch(1400, 1, 102, 100, kTaskInterruptible, 0, 0, false, kEpollWait),
          Wake(2000, 0, 101, 100, 100, 100, EventKind::kSchedWaking, 1),
          Wake(2010, 0, 102, 100, 100, 100, EventKind::kSchedWaking, 1),
          Switch(2100, 1, 0, 0, 0, 102, 100),
          Switch(2200, 1, 102, 100, kTaskInterruptible, 101, 100, false, kEpollWait),
          SyscallExit(2300, 1, 101, 100, kEpollWait, 1),
          Wake(4000, 0, 102, 100, 100, 100, EventKind::kSchedWaking, 1),
          Switch(4100, 1, 101, 100, kTaskInterruptible, 102, 100, false, 0),
          SyscallExit(4200, 1, 102, 100, kEpollWait, 1)};
}

TEST(FutileWakeupsTest, AThreadWokenThatSleepsAgainInTheSameCallWasWokenForNothing) {
  Model m = Build(Herd(), 5000);
  std::vector<WakeupGroup> groups = ComputeWakeupGroups(m);
  ASSERT_EQ(groups.size(), 1u);
  const WakeupGroup& g = groups[0];
  EXPECT_EQ(g.syscall, kEpollWait);
  EXPECT_EQ(g.resource, 4);
  EXPECT_EQ(m.threads[g.waker].tid, 100);
  EXPECT_EQ(g.wakeups, 3u);      // 101 once, 102 twice
  EXPECT_EQ(g.slept_again, 1u);  // 102's first
  EXPECT_EQ(g.returned_empty, 0u);
  ASSERT_EQ(g.woken.size(), 2u);
  EXPECT_EQ(m.threads[g.woken[0]].tid, 101);
  EXPECT_EQ(m.threads[g.woken[1]].tid, 102);
}

TEST(FutileWakeupsTest, AnEpollCallWokenByAThreadThatReturnsNothingCounts) {
  Model m =
      Build({Fork(100, 0, 100, 100, 1, 1), Fork(110, 0, 101, 100, 100, 100),
             Switch(1000, 0, 0, 0, 0, 100, 100), Switch(1000, 1, 0, 0, 0, 101, 100),
             SyscallEnter(1100, 1, 101, 100, kEpollWait, 4, 8, -1),
             Switch(1200, 1, 101, 100, kTaskInterruptible, 0, 0, false, kEpollWait),
             Wake(2000, 0, 101, 100, 100, 100, EventKind::kSchedWaking, 1),
             Switch(2100, 1, 0, 0, 0, 101, 100), SyscallExit(2200, 1, 101, 100, kEpollWait, 0),
             // Then a timeout: woken by the timer, returning 0, is no futile wakeup.
             SyscallEnter(2300, 1, 101, 100, kEpollWait, 4, 8, 1'000'000),
             Switch(2400, 1, 101, 100, kTaskInterruptible, 0, 0, false, kEpollWait),
             Wake(3400, 1, 101, 100, 0, 0), Switch(3450, 1, 0, 0, 0, 101, 100),
             SyscallExit(3500, 1, 101, 100, kEpollWait, 0)},
            4000);
  std::vector<WakeupGroup> groups = ComputeWakeupGroups(m);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(m.threads[groups[0].waker].tid, 100);
  EXPECT_EQ(groups[0].returned_empty, 1u);
  EXPECT_EQ(groups[1].waker, kNoThread);
  EXPECT_EQ(groups[1].wakeups, 1u);
  EXPECT_EQ(groups[1].returned_empty, 0u);
}

TEST(FutileWakeupsTest, SleepsInCallsWithoutARecordedSpanAreNotJudged) {
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Fork(110, 0, 101, 100, 100, 100),
                   Switch(1000, 0, 0, 0, 0, 100, 100), Switch(1000, 1, 0, 0, 0, 101, 100),
                   FutexSleep(1200, 1, 101, 100, 0x1000), Wake(2000, 0, 101, 100, 100, 100),
                   Switch(2100, 1, 0, 0, 0, 101, 100), FutexSleep(2200, 1, 101, 100, 0x1000)},
                  3000);
  EXPECT_THAT(ComputeWakeupGroups(m), IsEmpty());
}

// 101 sleeps ten times in epoll_wait(4), woken by 100 each time; every other call returns no
// events. Between the calls it sleeps on a futex, in no recorded call. The calls are found in
// order of the wakeups (a cursor over them); a model whose wakeups are listed backwards
// (hand-made: the builder lists them in order) gets the same groups.
TEST(FutileWakeupsTest, EachWakeupFindsItsOwnCallInOrderOrNot) {
  std::vector<Event> events = {Fork(100, 0, 100, 100, 1, 1), Fork(110, 0, 101, 100, 100, 100),
                               Switch(1000, 0, 0, 0, 0, 100, 100),
                               Switch(1000, 1, 0, 0, 0, 101, 100)};
  for (int k = 0; k < 10; ++k) {
    const uint64_t t = 2000 + 1000 * static_cast<uint64_t>(k);
    events.push_back(SyscallEnter(t, 1, 101, 100, kEpollWait, 4, 8, -1));
    events.push_back(Switch(t + 10, 1, 101, 100, kTaskInterruptible, 0, 0, false, kEpollWait));
    events.push_back(Wake(t + 50, 0, 101, 100, 100, 100, EventKind::kSchedWaking, 1));
    events.push_back(Switch(t + 60, 1, 0, 0, 0, 101, 100));
    events.push_back(SyscallExit(t + 70, 1, 101, 100, kEpollWait, k % 2));
    events.push_back(FutexSleep(t + 80, 1, 101, 100, 0x1000));
    events.push_back(Wake(t + 90, 0, 101, 100, 100, 100));
    events.push_back(Switch(t + 95, 1, 0, 0, 0, 101, 100));
  }
  Model m = Build(events, 20000);
  std::vector<WakeupGroup> groups = ComputeWakeupGroups(m);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].syscall, kEpollWait);
  EXPECT_EQ(groups[0].resource, 4);
  EXPECT_EQ(groups[0].wakeups, 10u);  // the futex sleeps are in no recorded call
  EXPECT_EQ(groups[0].returned_empty, 5u);
  EXPECT_EQ(groups[0].slept_again, 0u);

  Thread& th = m.threads[IndexOf(m, 101)];
  ASSERT_EQ(th.wakes.size(), 20u);
  std::reverse(th.wakes.begin(), th.wakes.end());
  std::vector<WakeupGroup> backwards = ComputeWakeupGroups(m);
  ASSERT_EQ(backwards.size(), 1u);
  EXPECT_EQ(backwards[0].wakeups, 10u);
  EXPECT_EQ(backwards[0].returned_empty, 5u);
  EXPECT_EQ(backwards[0].slept_again, 0u);
}

}  // namespace
}  // namespace ctrace
