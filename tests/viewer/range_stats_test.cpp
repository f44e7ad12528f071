#include "viewer/core/range_stats.h"

#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"

namespace ctrace::viewer {
namespace {

const ThreadRangeStats* Find(const RangeStats& r, uint32_t t) {
  for (const ThreadRangeStats& s : r.threads) {
    if (s.thread == t) return &s;
  }
  return nullptr;
}

uint64_t Ns(const ThreadRangeStats& s, ThreadState st) {
  return s.state_ns[static_cast<size_t>(st)];
}

TEST(RangeStats, TimeInEachStateIsClippedToTheRange) {
  auto doc = testing::SmallTrace().BuildDocument(10000);
  RangeStats r = ComputeRangeStats(*doc, 2000, 7000);
  const ThreadRangeStats* t100 = Find(r, doc->FindThread(100));
  ASSERT_NE(t100, nullptr);
  // running 2000-3000 and 4600-6000, blocked 3000-4000, runnable 4000-4600 and 6000-7000.
  EXPECT_EQ(Ns(*t100, ThreadState::kRunning), 1000u + 1400u);
  EXPECT_EQ(Ns(*t100, ThreadState::kBlockedFutex), 1000u);
  EXPECT_EQ(t100->blocked_ns(), 1000u);
  EXPECT_EQ(Ns(*t100, ThreadState::kRunnable), 600u + 1000u);
  EXPECT_EQ(t100->alive_ns(), 5000u);
  EXPECT_EQ(t100->voluntary_switches, 1u);    // into futex at 3000
  EXPECT_EQ(t100->involuntary_switches, 1u);  // preempted at 6000
  EXPECT_EQ(t100->wakeups, 1u);               // at 4000
}

TEST(RangeStats, ThreadsNotAliveInTheRangeAreLeftOut) {
  auto doc = testing::SmallTrace().BuildDocument(10000);
  RangeStats r = ComputeRangeStats(*doc, 1000, 1900);
  EXPECT_EQ(Find(r, doc->FindThread(200)), nullptr);
  EXPECT_EQ(Find(r, doc->FindThread(101)), nullptr);
  EXPECT_NE(Find(r, doc->FindThread(100)), nullptr);
  // An exited thread counts no more.
  RangeStats late = ComputeRangeStats(*doc, 8500, 9500);
  EXPECT_EQ(Find(late, doc->FindThread(200)), nullptr);
}

TEST(RangeStats, TotalsSumThreads) {
  auto doc = testing::SmallTrace().BuildDocument(10000);
  RangeStats r = ComputeRangeStats(*doc, 0, 10000);
  uint64_t running = 0;
  for (const ThreadRangeStats& s : r.threads) running += Ns(s, ThreadState::kRunning);
  EXPECT_EQ(Ns(r.total, ThreadState::kRunning), running);
  EXPECT_EQ(r.threads.size(), 3u);
}

TEST(RangeStats, EmptyOrReversedRangeIsEmpty) {
  auto doc = testing::SmallTrace().BuildDocument(10000);
  EXPECT_TRUE(ComputeRangeStats(*doc, 5000, 5000).threads.empty());
  EXPECT_TRUE(ComputeRangeStats(*doc, 6000, 5000).threads.empty());
}

}  // namespace
}  // namespace ctrace::viewer
