#include "viewer/core/histogram.h"

#include "format/syscall_table.h"
#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"

namespace ctrace::viewer {
namespace {

TEST(Histogram, BucketsArePowersOfTwo) {
  EXPECT_EQ(Histogram::BucketOf(0), 0);
  EXPECT_EQ(Histogram::BucketOf(1), 0);
  EXPECT_EQ(Histogram::BucketOf(2), 1);
  EXPECT_EQ(Histogram::BucketOf(3), 1);
  EXPECT_EQ(Histogram::BucketOf(1024), 10);
  EXPECT_EQ(Histogram::BucketOf(2047), 10);
  EXPECT_EQ(Histogram::BucketOf(UINT64_MAX), Histogram::kBuckets - 1);
  EXPECT_EQ(Histogram::BucketStart(10), 1024u);
  EXPECT_EQ(Histogram::BucketLabel(10), "1.024 us");
}

TEST(Histogram, CountsSumAndRange) {
  Histogram h;
  h.Add(600);
  h.Add(700);
  h.Add(5000);
  EXPECT_EQ(h.total, 3u);
  EXPECT_EQ(h.sum_ns, 6300u);
  EXPECT_EQ(h.max_ns, 5000u);
  EXPECT_EQ(h.counts[9], 2u);
  EXPECT_EQ(h.counts[12], 1u);
  EXPECT_EQ(h.FirstUsed(), 9);
  EXPECT_EQ(h.LastUsed(), 12);
  EXPECT_EQ(Histogram().FirstUsed(), -1);
}

TEST(Histogram, RunqueueLatencyIsRunnableToRunning) {
  auto doc = testing::SmallTrace().BuildDocument(10000);
  // 101: 2000 -> 2500; 100: 4000 -> 4600 and 6000 -> 8000; 200: 5000 -> 6000.
  Histogram all = RunqueueLatency(*doc);
  EXPECT_EQ(all.total, 4u);
  EXPECT_EQ(all.sum_ns, 500u + 600u + 2000u + 1000u);
  Histogram one = RunqueueLatency(*doc, doc->FindThread(100));
  EXPECT_EQ(one.total, 2u);
  EXPECT_EQ(one.max_ns, 2000u);
}

TEST(Histogram, EpollWaitCountsCompletedCalls) {
  testing::EventList l = testing::SmallTrace();
  l.SyscallEnter(8200, 0, 100, 100, syscall_nr::kEpollWait, 4, 8, -1);
  l.SyscallExit(8700, 0, 100, 100, syscall_nr::kEpollWait, 1);
  l.SyscallEnter(8800, 0, 100, 100, syscall_nr::kEpollPwait, 4, 8, -1);  // never returns
  auto doc = l.BuildDocument(10000);
  Histogram h = EpollWait(*doc);
  EXPECT_EQ(h.total, 1u);
  EXPECT_EQ(h.max_ns, 500u);
}

}  // namespace
}  // namespace ctrace::viewer
