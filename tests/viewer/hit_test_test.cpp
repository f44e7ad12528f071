#include "viewer/core/hit_test.h"

#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"

namespace ctrace::viewer {
namespace {

class HitTestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    layout_ = BuildLayout({doc_.get()}, {}, {});
    // 10 ns per pixel from the trace start (1000): x = (ts - 1000) / 10.
    axis_.SetBounds(static_cast<double>(doc_->duration_ns()));
    axis_.SetWidth(900);
    axis_.SetRange(0, 9000);
  }
  float X(uint64_t ts) const { return axis_.XOf(static_cast<double>(ts - doc_->origin_ns())); }
  float YOf(RowKind kind, int32_t id) const {
    for (const Row& r : layout_.rows) {
      bool match = r.kind == kind &&
                   ((kind == RowKind::kThreadLane && doc_->model().threads[r.index].tid == id) ||
                    (kind == RowKind::kCpuLane && static_cast<int32_t>(r.index) == id));
      if (match) return r.y + r.height / 2;
    }
    ADD_FAILURE() << "no row";
    return -1;
  }
  Hit At(uint64_t ts, float y) { return HitTest({doc_.get()}, layout_, axis_, X(ts), y); }

  std::unique_ptr<TraceDocument> doc_ = testing::SmallTrace().BuildDocument(10000);
  Layout layout_;
  TimeAxis axis_;
};

TEST_F(HitTestTest, ThreadLaneHitsTheIntervalUnderThePoint) {
  Hit h = At(3500, YOf(RowKind::kThreadLane, 100));
  EXPECT_EQ(h.kind, RowKind::kThreadLane);
  EXPECT_EQ(h.thread, doc_->FindThread(100));
  ASSERT_GE(h.interval, 0);
  const Thread& t = doc_->model().threads[h.thread];
  EXPECT_EQ(t.intervals[static_cast<size_t>(h.interval)].state(), ThreadState::kBlockedFutex);
  EXPECT_NEAR(h.t_ns, 2500, 1e-6);
  EXPECT_EQ(h.marker, -1);
}

TEST_F(HitTestTest, EdgesBelongToTheLaterInterval) {
  Hit h = At(4000, YOf(RowKind::kThreadLane, 100));
  const Thread& t = doc_->model().threads[h.thread];
  EXPECT_EQ(t.intervals[static_cast<size_t>(h.interval)].state(), ThreadState::kRunnable);
}

TEST_F(HitTestTest, MarkersAreHitWithinAFewPixels) {
  float y = YOf(RowKind::kThreadLane, 101);
  Hit h = HitTest({doc_.get()}, layout_, axis_, X(2000) + 3, y);
  EXPECT_EQ(h.marker, 0);
  EXPECT_EQ(doc_->Markers(h.thread)[0].kind, MarkerKind::kThreadCreated);
  Hit far = HitTest({doc_.get()}, layout_, axis_, X(2000) + 8, y);
  EXPECT_EQ(far.marker, -1);
}

TEST_F(HitTestTest, CpuLaneHitsTheThreadThatRan) {
  Hit h = At(7000, YOf(RowKind::kCpuLane, 0));
  EXPECT_EQ(h.kind, RowKind::kCpuLane);
  EXPECT_EQ(h.thread, doc_->FindThread(200));
  Hit idle = At(3500, YOf(RowKind::kCpuLane, 0));
  EXPECT_EQ(idle.thread, kNoThread);
  ASSERT_GE(idle.interval, 0);
  EXPECT_EQ(doc_->CpuEntries(0)[static_cast<size_t>(idle.interval)].key, kLaneIdle);
}

TEST_F(HitTestTest, NothingOutsideRowsOrBeforeTheTrace) {
  EXPECT_EQ(HitTest({doc_.get()}, layout_, axis_, 10, layout_.height + 50).row, -1);
  Hit before = HitTest({doc_.get()}, layout_, axis_, -50, YOf(RowKind::kThreadLane, 100));
  EXPECT_EQ(before.interval, -1);
}

TEST_F(HitTestTest, ZoomedOutHitsStillFindAnInterval) {
  axis_.SetRange(0, 9'000'000);  // 10 us per pixel: the whole trace is one pixel wide
  Hit h = HitTest({doc_.get()}, layout_, axis_, 0.3f, YOf(RowKind::kThreadLane, 100));
  EXPECT_GE(h.interval, 0);
}

}  // namespace
}  // namespace ctrace::viewer
