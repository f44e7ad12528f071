#include "model/critical_path.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::FindThread;
using ::ctrace::testing::Fork;
using ::ctrace::testing::FutexSleep;
using ::ctrace::testing::Switch;
using ::ctrace::testing::Wake;

constexpr int32_t kRead = 0;
constexpr int32_t kNanosleep = 35;

// a (100), b (101) and c (102) of process 100. a sleeps on a futex at 1200 until b wakes it
// at 1800; b sleeps in read from 1100 until c wakes it at 1500; c runs from 1200 and sleeps
// in nanosleep at 1600. Then a runs to the end (3000).
std::vector<Event> Chain() {
  return {Fork(100, 0, 100, 100, 1, 1),
          Fork(110, 0, 101, 100, 100, 100),
          Fork(120, 0, 102, 100, 100, 100),
          Switch(1000, 0, 0, 0, 0, 100, 100),
          Switch(1000, 1, 0, 0, 0, 101, 100),
          Switch(1100, 1, 101, 100, kTaskInterruptible, 0, 0, false, kRead),
          FutexSleep(1200, 0, 100, 100, 0x1000, 102, 100),
          Wake(1500, 0, 101, 100, 102, 100, EventKind::kSchedWaking, 1),
          Switch(1600, 0, 102, 100, kTaskInterruptible, 0, 0, false, kNanosleep),
          Switch(1600, 1, 0, 0, 0, 101, 100),
          Wake(1800, 1, 100, 100, 101, 100),
          Switch(1900, 1, 101, 100, kTaskInterruptible, 100, 100, false, kRead)};
}

uint32_t Index(const Model& m, int32_t tid) {
  return static_cast<uint32_t>(FindThread(m, tid) - m.threads.data());
}

// The guarantees every path keeps: contiguous segments covering the range, and a breakdown
// that sums to it.
void ExpectWhole(const CriticalPath& p) {
  uint64_t at = p.start_ns;
  for (const PathSegment& s : p.segments) {
    EXPECT_EQ(s.start_ns, at);
    EXPECT_GT(s.end_ns, s.start_ns);
    at = s.end_ns;
  }
  EXPECT_EQ(at, p.end_ns);
  uint64_t sum = p.own_running_ns + p.waiting_for_cpu_ns + p.unexplained_ns;
  for (const PathThreadTime& t : p.by_thread) sum += t.ns;
  EXPECT_EQ(sum, p.end_ns - p.start_ns);
  uint64_t gaps = 0;
  for (uint64_t ns : p.unexplained_by_gap) gaps += ns;
  EXPECT_EQ(gaps, p.unexplained_ns);
}

struct Expected {
  int32_t tid;
  uint64_t start_ns;
  uint64_t end_ns;
  ThreadState state;
  uint32_t depth;
  PathGap gap = PathGap::kNone;
};

void ExpectSegments(const Model& m, const CriticalPath& p, const std::vector<Expected>& want) {
  ASSERT_EQ(p.segments.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    const PathSegment& s = p.segments[i];
    EXPECT_EQ(m.threads[s.thread].tid, want[i].tid);
    EXPECT_EQ(s.start_ns, want[i].start_ns);
    EXPECT_EQ(s.end_ns, want[i].end_ns);
    EXPECT_EQ(s.state, want[i].state);
    EXPECT_EQ(s.depth, want[i].depth);
    EXPECT_EQ(s.gap, want[i].gap);
  }
}

TEST(CriticalPathTest, ASleepIsReplacedByWhatItsWakerDidThroughThreeThreads) {
  Model m = Build(Chain(), 3000);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 100));
  ExpectWhole(p);
  using S = ThreadState;
  ExpectSegments(m, p,
                 {{100, 100, 1000, S::kRunnable, 0},
                  {100, 1000, 1200, S::kRunning, 0},
                  {102, 1200, 1500, S::kRunning, 2},  // c ran until it woke b
                  {101, 1500, 1600, S::kRunnable, 1},
                  {101, 1600, 1800, S::kRunning, 1},  // b ran until it woke a
                  {100, 1800, 1900, S::kRunnable, 0},
                  {100, 1900, 3000, S::kRunning, 0}});
  EXPECT_EQ(p.own_running_ns, 200u + 1100u);
  EXPECT_EQ(p.waiting_for_cpu_ns, 900u + 100u + 100u);
  ASSERT_EQ(p.by_thread.size(), 2u);
  EXPECT_EQ(m.threads[p.by_thread[0].thread].tid, 102);  // most time first
  EXPECT_EQ(p.by_thread[0].ns, 300u);
  EXPECT_EQ(m.threads[p.by_thread[1].thread].tid, 101);
  EXPECT_EQ(p.by_thread[1].ns, 200u);
  EXPECT_EQ(p.unexplained_ns, 0u);
}

TEST(CriticalPathTest, TheCpuARunnableSegmentWaitedForWasHeldBy) {
  Model m = Build(Chain(), 3000);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 100));
  std::vector<PathThreadTime> holders = CpuHolders(p, BuildCpuLanes(m));
  // a waited 1800-1900 for CPU 1, where b ran until it slept; b waited 1500-1600 for CPU 1,
  // idle until b's switch-in. a's first wait (100-1000) is before CPU 0's first event.
  ASSERT_EQ(holders.size(), 2u);
  EXPECT_EQ(m.threads[holders[0].thread].tid, 101);
  EXPECT_EQ(holders[0].ns, 100u);
  EXPECT_EQ(holders[1].thread, kLaneIdle);
  EXPECT_EQ(holders[1].ns, 100u);
}

TEST(CriticalPathTest, ARangeCutsTheChainAtItsEdges) {
  Model m = Build(Chain(), 3000);
  // a is asleep throughout; the wakeup that ends its sleep (1800) is after the range, and b's
  // activity before it is still what a waited for.
  CriticalPath p = ComputeCriticalPath(m, Index(m, 100), 1300, 1700);
  ExpectWhole(p);
  using S = ThreadState;
  ExpectSegments(m, p,
                 {{102, 1300, 1500, S::kRunning, 2},
                  {101, 1500, 1600, S::kRunnable, 1},
                  {101, 1600, 1700, S::kRunning, 1}});
  EXPECT_EQ(p.own_running_ns, 0u);
}

TEST(CriticalPathTest, ASleepWokenByAnInterruptEndsTheChain) {
  std::vector<Event> events = Chain();
  events.push_back(Wake(2500, 0, 102, 100, 0, 0));  // c's sleep ends by its timer
  Model m = Build(events, 3000);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 102), 1600, 2600);
  ExpectWhole(p);
  ExpectSegments(m, p,
                 {{102, 1600, 2500, ThreadState::kBlockedSleep, 0, PathGap::kNoTracedWaker},
                  {102, 2500, 2600, ThreadState::kRunnable, 0}});
  EXPECT_EQ(p.segments[0].syscall, kNanosleep);
  EXPECT_EQ(p.unexplained_ns, 900u);
  EXPECT_EQ(p.unexplained_by_gap[static_cast<size_t>(PathGap::kNoTracedWaker)], 900u);
}

TEST(CriticalPathTest, ASleepWokenByAnUntracedThreadEndsTheChain) {
  std::vector<Event> events = Chain();
  events.push_back(Wake(2000, 0, 102, 100, 900, 900));
  Model m = Build(events, 3000);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 102), 1600, 2000);
  ExpectWhole(p);
  ASSERT_EQ(p.segments.size(), 1u);
  EXPECT_EQ(p.segments[0].gap, PathGap::kNoTracedWaker);
}

TEST(CriticalPathTest, ASleepNoWakeupEndedIsNotWoken) {
  Model m = Build(Chain(), 3000);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 102), 1600);
  ExpectWhole(p);
  ASSERT_EQ(p.segments.size(), 1u);
  EXPECT_EQ(p.segments[0].gap, PathGap::kNotWoken);
  EXPECT_EQ(p.segments[0].end_ns, 3000u);
  EXPECT_EQ(p.unexplained_by_gap[static_cast<size_t>(PathGap::kNotWoken)], 1400u);
}

TEST(CriticalPathTest, TwoThreadsWakingEachOtherWhileAsleepIsACycleNotALoop) {
  // b wakes a at 2000; b's own sleep (950-1500) ended by a wakeup from an interrupt, which
  // the test then pretends came from a, asleep itself then: contradictory, as only lost or
  // misread events make it.
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Fork(110, 1, 101, 100, 100, 100),
                   Switch(900, 1, 0, 0, 0, 101, 100), Switch(900, 0, 0, 0, 0, 100, 100),
                   Switch(950, 1, 101, 100, kTaskInterruptible, 0, 0, false, kRead),
                   FutexSleep(1000, 0, 100, 100, 0x1000), Wake(1500, 1, 101, 100, 0, 0),
                   Switch(1600, 1, 0, 0, 0, 101, 100), Wake(2000, 1, 100, 100, 101, 100)},
                  2500);
  Thread& b = m.threads[Index(m, 101)];
  ASSERT_FALSE(b.wakes.empty());
  b.wakes[0].waker = Index(m, 100);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 100), 1000, 2000);
  ExpectWhole(p);
  ASSERT_FALSE(p.segments.empty());
  EXPECT_EQ(p.segments[0].gap, PathGap::kCycle);
  EXPECT_EQ(m.threads[p.segments[0].thread].tid, 101);
}

TEST(CriticalPathTest, BeforeAWakerExistedItsCreatorIsWhatTheSleeperWaitedFor) {
  // 102 sleeps from 1000 until 101 wakes it at 2000; 100 creates 101 at 1500.
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Fork(110, 1, 102, 100, 100, 100),
                   Switch(900, 0, 0, 0, 0, 100, 100), Switch(900, 1, 0, 0, 0, 102, 100),
                   FutexSleep(1000, 1, 102, 100, 0x1000), Fork(1500, 0, 101, 100, 100, 100),
                   Switch(1600, 1, 0, 0, 0, 101, 100), Wake(2000, 1, 102, 100, 101, 100)},
                  2500);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 102), 1000, 2000);
  ExpectWhole(p);
  using S = ThreadState;
  ExpectSegments(m, p,
                 {{100, 1000, 1500, S::kRunning, 2},
                  {101, 1500, 1600, S::kRunnable, 1},
                  {101, 1600, 2000, S::kRunning, 1}});
}

TEST(CriticalPathTest, AThreadThatNeverBlockedIsAllItsOwn) {
  Model m = Build({Fork(100, 0, 100, 100, 1, 1), Switch(1000, 0, 0, 0, 0, 100, 100)}, 5000);
  CriticalPath p = ComputeCriticalPath(m, Index(m, 100), 1000);
  ExpectWhole(p);
  EXPECT_EQ(p.own_running_ns, 4000u);
  EXPECT_TRUE(p.by_thread.empty());
  // Before its first event the thread's state is not known.
  CriticalPath early = ComputeCriticalPath(m, Index(m, 100), 0, 1000);
  ExpectWhole(early);
  EXPECT_EQ(early.unexplained_ns, 0u);  // the trace starts at its fork (100): runnable since
  EXPECT_EQ(early.waiting_for_cpu_ns, 900u);
}

}  // namespace
}  // namespace ctrace
