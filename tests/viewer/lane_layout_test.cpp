#include "viewer/core/lane_layout.h"

#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"

namespace ctrace::viewer {
namespace {

struct Expect {
  RowKind kind;
  int32_t id;  // CPU number, pid or tid
  uint16_t depth;
};

void ExpectRows(const TraceDocument& doc, const Layout& layout, const std::vector<Expect>& want) {
  ASSERT_EQ(layout.rows.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    const Row& r = layout.rows[i];
    EXPECT_EQ(r.kind, want[i].kind) << "row " << i;
    EXPECT_EQ(r.depth, want[i].depth) << "row " << i;
    int32_t id = -1;
    switch (r.kind) {
      case RowKind::kCpuLane:
        id = static_cast<int32_t>(r.index);
        break;
      case RowKind::kProcessHeader:
        id = doc.model().processes[r.index].pid;
        break;
      case RowKind::kThreadLane:
        id = doc.model().threads[r.index].tid;
        break;
      default:
        id = -1;
    }
    EXPECT_EQ(id, want[i].id) << "row " << i;
  }
}

class LaneLayoutTest : public ::testing::Test {
 protected:
  std::unique_ptr<TraceDocument> doc_ = testing::SmallTrace().BuildDocument(10000);
};

TEST_F(LaneLayoutTest, CpuLanesOnTopThenProcessesInTreeOrder) {
  Layout l = BuildLayout({doc_.get()}, {}, {});
  ExpectRows(*doc_, l,
             {{RowKind::kCpuHeader, -1, 0},
              {RowKind::kCpuLane, 0, 1},
              {RowKind::kCpuLane, 1, 1},
              {RowKind::kProcessHeader, 100, 0},
              {RowKind::kThreadLane, 100, 1},
              {RowKind::kThreadLane, 101, 1},
              {RowKind::kProcessHeader, 200, 1},
              {RowKind::kThreadLane, 200, 2}});
}

TEST_F(LaneLayoutTest, RowsAreStackedWithHeightsAndGaps) {
  LayoutOptions o;
  o.thread_lane_height = 20;
  o.cpu_lane_height = 10;
  o.header_height = 16;
  o.gap = 2;
  Layout l = BuildLayout({doc_.get()}, o, {});
  EXPECT_FLOAT_EQ(l.rows[0].y, 0);
  EXPECT_FLOAT_EQ(l.rows[1].y, 18);
  EXPECT_FLOAT_EQ(l.rows[1].height, 10);
  EXPECT_FLOAT_EQ(l.rows[2].y, 30);
  EXPECT_FLOAT_EQ(l.rows[3].y, 42);
  EXPECT_FLOAT_EQ(l.rows[4].y, 60);
  EXPECT_FLOAT_EQ(l.rows[4].height, 20);
  EXPECT_FLOAT_EQ(l.height, l.rows.back().y + l.rows.back().height + 2);
}

TEST_F(LaneLayoutTest, RowAtHitsRowsAndNotGaps) {
  LayoutOptions o;
  o.gap = 4;
  Layout l = BuildLayout({doc_.get()}, o, {});
  for (size_t i = 0; i < l.rows.size(); ++i) {
    EXPECT_EQ(l.RowAt(l.rows[i].y), static_cast<int>(i));
    EXPECT_EQ(l.RowAt(l.rows[i].y + l.rows[i].height - 0.5f), static_cast<int>(i));
    EXPECT_EQ(l.RowAt(l.rows[i].y + l.rows[i].height + 1), -1);
  }
  EXPECT_EQ(l.RowAt(-1), -1);
  EXPECT_EQ(l.RowAt(l.height + 100), -1);
}

TEST_F(LaneLayoutTest, FirstVisibleSkipsRowsAboveTheScroll) {
  Layout l = BuildLayout({doc_.get()}, {}, {});
  EXPECT_EQ(l.FirstVisible(0), 0u);
  EXPECT_EQ(l.FirstVisible(l.rows[4].y + 1), 4u);
  EXPECT_EQ(l.FirstVisible(l.height + 10), l.rows.size());
}

TEST_F(LaneLayoutTest, CollapsedProcessHidesItsThreads) {
  uint32_t p100 = doc_->model().threads[doc_->FindThread(100)].process;
  CollapsedGroups c = {GroupKey(0, RowKind::kProcessHeader, p100)};
  Layout l = BuildLayout({doc_.get()}, {}, c);
  ExpectRows(*doc_, l,
             {{RowKind::kCpuHeader, -1, 0},
              {RowKind::kCpuLane, 0, 1},
              {RowKind::kCpuLane, 1, 1},
              {RowKind::kProcessHeader, 100, 0},
              {RowKind::kProcessHeader, 200, 1},
              {RowKind::kThreadLane, 200, 2}});
  EXPECT_EQ(l.ThreadRow(0, doc_->FindThread(101)), -1);
  EXPECT_EQ(l.ThreadOrGroupRow(*doc_, 0, doc_->FindThread(101)), 3);
}

TEST_F(LaneLayoutTest, CollapsedCpuGroupAndHiddenCpuLanes) {
  Layout folded = BuildLayout({doc_.get()}, {}, {GroupKey(0, RowKind::kCpuHeader, 0)});
  EXPECT_EQ(folded.rows[0].kind, RowKind::kCpuHeader);
  EXPECT_EQ(folded.rows[1].kind, RowKind::kProcessHeader);
  LayoutOptions o;
  o.show_cpu_lanes = false;
  Layout none = BuildLayout({doc_.get()}, o, {});
  EXPECT_EQ(none.rows[0].kind, RowKind::kProcessHeader);
}

TEST_F(LaneLayoutTest, FilterByTidKeepsMatchingThreadsAndTheirProcess) {
  LayoutOptions o;
  o.show_cpu_lanes = false;
  o.filter = "101";
  Layout l = BuildLayout({doc_.get()}, o, {});
  ExpectRows(*doc_, l, {{RowKind::kProcessHeader, 100, 0}, {RowKind::kThreadLane, 101, 1}});
  o.filter = "200";  // by pid
  l = BuildLayout({doc_.get()}, o, {});
  ExpectRows(*doc_, l, {{RowKind::kProcessHeader, 200, 1}, {RowKind::kThreadLane, 200, 2}});
  o.filter = "nothing-matches";
  EXPECT_TRUE(BuildLayout({doc_.get()}, o, {}).rows.empty());
}

TEST(LaneLayout, FilterMatchesNamesIgnoringCase) {
  Model m = testing::SmallTrace().BuildModel(10000);
  m.strings = {"", "Worker-A", "server"};
  m.threads[1].comm = 1;
  m.processes[0].comm = 2;
  auto doc = TraceDocument::FromModel("t.ctrace", std::move(m));
  EXPECT_TRUE(ThreadMatches(*doc, 1, "worker"));
  EXPECT_FALSE(ThreadMatches(*doc, 0, "worker"));
  EXPECT_TRUE(ThreadMatches(*doc, 0, "SERV"));  // by its process's name
}

TEST_F(LaneLayoutTest, SeveralTracesAreStackedUnderHeaders) {
  auto other = testing::SmallTrace().BuildDocument(10000);
  LayoutOptions o;
  o.show_cpu_lanes = false;
  Layout l = BuildLayout({doc_.get(), other.get()}, o, {GroupKey(1, RowKind::kTraceHeader, 0)});
  ASSERT_EQ(l.rows.size(), 1u + 5u + 1u);
  EXPECT_EQ(l.rows[0].kind, RowKind::kTraceHeader);
  EXPECT_EQ(l.rows[0].doc, 0);
  EXPECT_EQ(l.rows[6].kind, RowKind::kTraceHeader);
  EXPECT_EQ(l.rows[6].doc, 1);  // folded
}

TEST(LaneLayout, EmptyTraceHasNoRows) {
  auto doc = TraceDocument::FromModel("empty.ctrace", Model());
  Layout l = BuildLayout({doc.get()}, {}, {});
  EXPECT_TRUE(l.rows.empty());
  EXPECT_EQ(l.height, 0);
}

}  // namespace
}  // namespace ctrace::viewer
