#include "viewer/core/trace_document.h"

#include "format/syscall_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"
#include "viewer/core/interval_details.h"

namespace ctrace::viewer {
namespace {

using ::testing::ElementsAre;

class TraceDocumentTest : public ::testing::Test {
 protected:
  std::unique_ptr<TraceDocument> doc_ = testing::SmallTrace().BuildDocument(10000);
  uint32_t T(int32_t tid) const { return doc_->FindThread(tid); }
};

TEST_F(TraceDocumentTest, ProcessesAreInTreeOrderWithDepth) {
  const Model& m = doc_->model();
  ASSERT_EQ(doc_->process_order().size(), 2u);
  uint32_t parent = doc_->process_order()[0], child = doc_->process_order()[1];
  EXPECT_EQ(m.processes[parent].pid, 100);
  EXPECT_EQ(m.processes[child].pid, 200);
  EXPECT_EQ(doc_->process_depth()[parent], 0);
  EXPECT_EQ(doc_->process_depth()[child], 1);
}

TEST_F(TraceDocumentTest, MarkersForCreationExitAndTheirTimes) {
  ASSERT_NE(T(101), kNoThread);
  ASSERT_NE(T(200), kNoThread);
  const auto& m101 = doc_->Markers(T(101));
  ASSERT_EQ(m101.size(), 1u);
  EXPECT_EQ(m101[0].kind, MarkerKind::kThreadCreated);
  EXPECT_EQ(m101[0].ts_ns, 2000u);
  const auto& m200 = doc_->Markers(T(200));
  ASSERT_EQ(m200.size(), 2u);
  EXPECT_EQ(m200[0].kind, MarkerKind::kProcessCreated);
  EXPECT_EQ(m200[0].ts_ns, 5000u);
  EXPECT_EQ(m200[1].kind, MarkerKind::kExit);
  EXPECT_EQ(m200[1].ts_ns, 8000u);
  EXPECT_EQ(DecodeExitCode(m200[1].exit_code).code, 3);
  EXPECT_TRUE(doc_->Markers(T(100)).empty());  // from the snapshot: neither created nor exited
}

TEST_F(TraceDocumentTest, CreationFlowsGoFromCreatorToChild) {
  const auto& f = doc_->creation_flows();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].from, T(100));
  EXPECT_EQ(f[0].to, T(101));
  EXPECT_FALSE(f[0].process);
  EXPECT_EQ(f[1].to, T(200));
  EXPECT_TRUE(f[1].process);
  EXPECT_EQ(f[1].to_ns, 5000u);
}

TEST_F(TraceDocumentTest, CpuLanesTileTimeWithThreadsAndIdle) {
  ASSERT_GE(doc_->cpu_count(), 2u);
  const auto& cpu0 = doc_->CpuEntries(0);
  ASSERT_GE(cpu0.size(), 2u);
  std::vector<uint32_t> keys;
  for (size_t i = 0; i + 1 < cpu0.size(); ++i) {
    uint64_t a = cpu0[i].start_ns, b = cpu0[i + 1].start_ns;  // copies: packed fields
    EXPECT_LT(a, b);
    keys.push_back(cpu0[i].key);
  }
  // 100 runs, cpu idle while it blocks, 100 again, then 200, then 100.
  EXPECT_THAT(keys, ElementsAre(T(100), kLaneIdle, T(100), T(200), T(100)));
  LaneItems items = doc_->CpuItems(0);
  EXPECT_EQ(items.count, keys.size());
  EXPECT_EQ(items.end_ns, 10000u);
}

TEST_F(TraceDocumentTest, IntervalAtFindsTheStateAtATime) {
  const Model& m = doc_->model();
  const Thread& t100 = m.threads[T(100)];
  auto state_at = [&](uint64_t ts) {
    int64_t i = doc_->IntervalAt(T(100), ts);
    return i < 0 ? ThreadState::kUnknown : t100.intervals[static_cast<size_t>(i)].state();
  };
  EXPECT_EQ(state_at(2000), ThreadState::kRunning);
  EXPECT_EQ(state_at(3500), ThreadState::kBlockedFutex);
  EXPECT_EQ(state_at(4300), ThreadState::kRunnable);
  EXPECT_EQ(state_at(7000), ThreadState::kRunnable);
  EXPECT_EQ(state_at(9999), ThreadState::kRunning);
  EXPECT_EQ(doc_->IntervalAt(T(100), 10000), -1);  // the trace's end
  EXPECT_EQ(doc_->IntervalAt(T(101), 1500), -1);   // before it existed
}

TEST_F(TraceDocumentTest, DetailsOfABlockSayWhoWokeItAndTheRunQueueWait) {
  int64_t i = doc_->IntervalAt(T(100), 3500);
  ASSERT_GE(i, 0);
  IntervalDetails d = DescribeInterval(*doc_, T(100), static_cast<size_t>(i));
  EXPECT_EQ(d.state, ThreadState::kBlockedFutex);
  EXPECT_EQ(d.syscall, syscall_nr::kFutex);
  EXPECT_EQ(d.start_ns, 3000u);
  EXPECT_EQ(d.end_ns, 4000u);
  ASSERT_TRUE(d.wake.has_value());
  EXPECT_EQ(d.wake->waker, T(101));
  EXPECT_EQ(d.wake->ts_ns, 4000u);
  EXPECT_TRUE(d.wake->ran);
  EXPECT_EQ(d.wake->runqueue_ns, 600u);
}

TEST_F(TraceDocumentTest, DetailsOfARunnableIntervalAndOfTheRunAfterIt) {
  int64_t r = doc_->IntervalAt(T(100), 4300);
  IntervalDetails runnable = DescribeInterval(*doc_, T(100), static_cast<size_t>(r));
  ASSERT_TRUE(runnable.wake.has_value());
  EXPECT_EQ(runnable.wake->waker, T(101));
  int64_t run = doc_->IntervalAt(T(100), 5000);
  IntervalDetails running = DescribeInterval(*doc_, T(100), static_cast<size_t>(run));
  EXPECT_EQ(running.cpu, 0);
  ASSERT_TRUE(running.wake.has_value());
  EXPECT_EQ(running.wake->runqueue_ns, 600u);
  // Preempted: runnable with no wakeup.
  int64_t pre = doc_->IntervalAt(T(100), 7000);
  EXPECT_FALSE(DescribeInterval(*doc_, T(100), static_cast<size_t>(pre)).wake.has_value());
}

TEST_F(TraceDocumentTest, WakesGivenAndReceived) {
  std::vector<Flow> given = WakesGivenBy(*doc_, T(101));
  ASSERT_EQ(given.size(), 1u);
  EXPECT_EQ(given[0].to, T(100));
  EXPECT_EQ(given[0].ts_ns, 4000u);
  std::vector<Flow> received = WakesReceivedBy(*doc_, T(100));
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].from, T(101));
  EXPECT_TRUE(WakesGivenBy(*doc_, T(100)).empty());
}

TEST_F(TraceDocumentTest, SyscallAtFindsTheRecordedCall) {
  testing::EventList l = testing::SmallTrace();
  l.SyscallEnter(8500, 0, 100, 100, syscall_nr::kEpollWait, 4, 8, 30'000'000);
  l.SyscallExit(9500, 0, 100, 100, syscall_nr::kEpollWait, 0);
  auto doc = l.BuildDocument(10000);
  uint32_t t = doc->FindThread(100);
  const SyscallSpan* s = SyscallAt(*doc, t, 9000);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->nr, syscall_nr::kEpollWait);
  EXPECT_EQ(s->args[1], 8);
  EXPECT_EQ(SyscallAt(*doc, t, 9600), nullptr);
  EXPECT_EQ(SyscallAt(*doc, t, 8000), nullptr);
}

TEST(TraceDocument, EmptyModelHasNoLanes) {
  auto doc = TraceDocument::FromModel("empty.ctrace", Model());
  EXPECT_TRUE(doc->empty());
  EXPECT_EQ(doc->cpu_count(), 0u);
  EXPECT_TRUE(doc->process_order().empty());
  EXPECT_EQ(doc->FindThread(1), kNoThread);
}

TEST(TraceDocument, LoadReportsAMissingFile) {
  auto doc = TraceDocument::Load("/nonexistent/trace.ctrace");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("/nonexistent/trace.ctrace"), std::string::npos)
      << doc.status();
}

}  // namespace
}  // namespace ctrace::viewer
