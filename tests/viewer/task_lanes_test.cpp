// What the viewer draws of tasks (viewer/core/task_lanes.h, lane_layout.h): a thread's row
// of which task ran when, with the runs that blocked the thread marked; a task's lane of
// situations and threads; the rows the layout gives them; the fold of large task groups.
#include "viewer/core/task_lanes.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"
#include "viewer/core/lane_layout.h"

namespace ctrace::viewer {
namespace {

constexpr EventKind kCreate = EventKind::kTaskCreate;
constexpr EventKind kResume = EventKind::kTaskResume;
constexpr EventKind kSuspend = EventKind::kTaskSuspend;
constexpr EventKind kEnd = EventKind::kTaskEnd;

// Process 100 runs tasks 1 and 2 on its threads 100 (CPU 0) and 101 (CPU 1); process 200
// has none.
//   1100  tasks 1 and 2 created on 100
//   1200  task 1 runs on 100 until 2000
//   2100  task 2 runs on 100; at 2500 the thread blocks in read, woken at 2800, on a CPU
//         at 2900; task 2 suspends at 3000
//   3500  task 1 runs on 101 (it moved) and ends at 4000
// The trace ends at 5000.
testing::EventList TwoTasks() {
  testing::EventList l;
  l.Snapshot(900, 100, 100, 1).Snapshot(900, 101, 100, 1).Snapshot(900, 200, 200, 1);
  l.Switch(1000, 0, 0, 0, 0, 100, 100).Switch(1000, 1, 0, 0, 0, 101, 100);
  l.Task(1100, 0, 100, 100, kCreate, 1).Task(1100, 0, 100, 100, kCreate, 2);
  l.Task(1200, 0, 100, 100, kResume, 1).Task(2000, 0, 100, 100, kSuspend, 1);
  l.Task(2100, 0, 100, 100, kResume, 2);
  l.Switch(2500, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kRead);
  l.Wake(2800, 1, 100, 100, 101, 100);
  l.Switch(2900, 0, 0, 0, 0, 100, 100);
  l.Task(3000, 0, 100, 100, kSuspend, 2);
  l.Task(3500, 1, 101, 100, kResume, 1).Task(4000, 1, 101, 100, kEnd, 1);
  return l;
}

struct Piece {
  uint64_t start_ns;
  uint32_t key;
  bool operator==(const Piece&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Piece& p) {
  return os << "{" << p.start_ns << ", 0x" << std::hex << p.key << std::dec << "}";
}

std::vector<Piece> PiecesOf(const LaneItems& items) {
  std::vector<Piece> out;
  for (size_t i = 0; i < items.count; ++i) {
    const auto* item = reinterpret_cast<const TaskLaneItem*>(static_cast<const char*>(items.base) +
                                                             i * items.stride);
    out.push_back({item->start_ns, item->key});
  }
  return out;
}

uint32_t LaneKey(TaskSituation s, uint32_t thread) {
  const uint32_t th = s == TaskSituation::kSuspended ? 0 : thread + 1;
  return (static_cast<uint32_t>(s) + 1) | (th << 4);
}

class TaskLanesTest : public ::testing::Test {
 protected:
  std::unique_ptr<TraceDocument> doc_ = TwoTasks().BuildDocument(5000);
  const TaskLanes& lanes() const { return doc_->tasks(); }
  uint32_t T100() const { return doc_->FindThread(100); }
  uint32_t T101() const { return doc_->FindThread(101); }
};

TEST_F(TaskLanesTest, AThreadsRowSaysWhichTaskRanAndMarksTheRunThatBlockedIt) {
  ASSERT_EQ(doc_->model().tasks.size(), 2u);
  ASSERT_TRUE(lanes().ThreadHasTasks(T100()));
  const uint32_t first = doc_->model().threads[T100()].first_ns;
  EXPECT_EQ(PiecesOf(lanes().ThreadRowItems(T100())),
            (std::vector<Piece>{
                {first, 0}, {1200, 1}, {2000, 0}, {2100, 2 | kTaskBlockedBit}, {3000, 0}}));
  EXPECT_EQ(RowTask(1 | kTaskBlockedBit), 0u);
  EXPECT_TRUE(RowBlocked(2 | kTaskBlockedBit));
  EXPECT_EQ(TaskRowKeyClass(0), 0u);
  EXPECT_EQ(TaskRowKeyClass(1), 1u);
  EXPECT_EQ(TaskRowKeyClass(2 | kTaskBlockedBit), 2u);
  // Task 1's run that never blocked its thread carries no mark.
  EXPECT_EQ(
      PiecesOf(lanes().ThreadRowItems(T101())),
      (std::vector<Piece>{{doc_->model().threads[T101()].first_ns, 0}, {3500, 1}, {4000, 0}}));
}

TEST_F(TaskLanesTest, ThreadsWithoutTasksHaveNoRow) {
  EXPECT_FALSE(lanes().ThreadHasTasks(doc_->FindThread(200)));
  EXPECT_FALSE(lanes().ThreadHasTasks(99999));  // no such thread index
}

TEST_F(TaskLanesTest, RunAtFindsTheRunCoveringATime) {
  const Model& m = doc_->model();
  int64_t r = lanes().RunAt(T100(), 1500);
  ASSERT_GE(r, 0);
  EXPECT_EQ(m.task_runs[r].task, 0u);
  EXPECT_EQ(m.task_runs[r].start_ns, 1200u);
  r = lanes().RunAt(T100(), 2999);
  ASSERT_GE(r, 0);
  EXPECT_EQ(m.task_runs[r].task, 1u);
  EXPECT_EQ(lanes().RunAt(T100(), 2000), -1);  // between runs: the end is exclusive
  EXPECT_EQ(lanes().RunAt(T100(), 1199), -1);
  EXPECT_EQ(lanes().RunAt(T100(), 4500), -1);
  EXPECT_EQ(lanes().RunAt(99999, 1500), -1);
}

TEST_F(TaskLanesTest, ATasksLaneIsItsSituationsAndTheThreadsItWasOn) {
  EXPECT_EQ(PiecesOf(lanes().TaskItems(0)),
            (std::vector<Piece>{{1100, LaneKey(TaskSituation::kSuspended, 0)},
                                {1200, LaneKey(TaskSituation::kRunning, T100())},
                                {2000, LaneKey(TaskSituation::kSuspended, 0)},
                                {3500, LaneKey(TaskSituation::kRunning, T101())}}));
  EXPECT_EQ(lanes().TaskItems(0).end_ns, 4000u);  // its end
  EXPECT_EQ(PiecesOf(lanes().TaskItems(1)),
            (std::vector<Piece>{{1100, LaneKey(TaskSituation::kSuspended, 0)},
                                {2100, LaneKey(TaskSituation::kRunning, T100())},
                                {2500, LaneKey(TaskSituation::kBlockedThread, T100())},
                                {2800, LaneKey(TaskSituation::kWaitingForCpu, T100())},
                                {2900, LaneKey(TaskSituation::kRunning, T100())},
                                {3000, LaneKey(TaskSituation::kSuspended, 0)}}));
  EXPECT_EQ(lanes().TaskItems(1).end_ns, 5000u);  // alive at the trace's end
  const uint32_t key = LaneKey(TaskSituation::kBlockedThread, T100());
  EXPECT_EQ(LaneSituation(key), TaskSituation::kBlockedThread);
  EXPECT_EQ(LaneThread(key), T100());
  EXPECT_EQ(TaskLaneKeyClass(key), 3u);
}

TEST_F(TaskLanesTest, TaskPieceAtFindsThePieceAndNothingOutsideTheLife) {
  EXPECT_EQ(lanes().TaskPieceAt(1, 2600), 2);  // blocking its thread
  EXPECT_EQ(lanes().TaskPieceAt(1, 1100), 0);
  EXPECT_EQ(lanes().TaskPieceAt(1, 1099), -1);  // before it was created
  EXPECT_EQ(lanes().TaskPieceAt(0, 4000), -1);  // after its end
  EXPECT_EQ(lanes().TaskPieceAt(0, 3999), 3);
}

TEST_F(TaskLanesTest, LanesAreBuiltOnlyWhenFirstAsked) {
  const size_t before = lanes().MemoryBytes();
  lanes().TaskItems(1);
  EXPECT_GT(lanes().MemoryBytes(), before);
  const size_t after = lanes().MemoryBytes();
  lanes().TaskItems(1);
  EXPECT_EQ(lanes().MemoryBytes(), after);  // built once
}

TEST_F(TaskLanesTest, TheLayoutPutsTaskRowsUnderTheirThreadsAndTaskLanesAfter) {
  Layout l = BuildLayout({doc_.get()}, {}, {});
  std::vector<std::pair<RowKind, uint32_t>> rows;
  for (const Row& r : l.rows) {
    if (r.kind != RowKind::kCpuHeader && r.kind != RowKind::kCpuLane) {
      rows.push_back({r.kind, r.index});
    }
  }
  const uint32_t p100 = doc_->model().threads[T100()].process;
  const uint32_t p200 = doc_->model().threads[doc_->FindThread(200)].process;
  EXPECT_EQ(rows, (std::vector<std::pair<RowKind, uint32_t>>{
                      {RowKind::kProcessHeader, p100},
                      {RowKind::kThreadLane, T100()},
                      {RowKind::kThreadTaskRow, T100()},
                      {RowKind::kThreadLane, T101()},
                      {RowKind::kThreadTaskRow, T101()},
                      {RowKind::kTaskGroupHeader, p100},
                      {RowKind::kTaskLane, 0},
                      {RowKind::kTaskLane, 1},
                      {RowKind::kProcessHeader, p200},
                      {RowKind::kThreadLane, doc_->FindThread(200)},
                  }));
  LayoutOptions o;
  for (const Row& r : l.rows) {
    if (r.kind == RowKind::kThreadTaskRow) {
      EXPECT_EQ(r.height, o.task_row_height);
    } else if (r.kind == RowKind::kTaskLane) {
      EXPECT_EQ(r.height, o.task_lane_height);
    }
  }
}

TEST_F(TaskLanesTest, AFoldedTaskGroupKeepsItsHeaderAndTheThreadRows) {
  const uint32_t p100 = doc_->model().threads[T100()].process;
  Layout l = BuildLayout({doc_.get()}, {}, {GroupKey(0, RowKind::kTaskGroupHeader, p100)});
  int headers = 0, lanes_shown = 0, task_rows = 0;
  for (const Row& r : l.rows) {
    headers += r.kind == RowKind::kTaskGroupHeader;
    lanes_shown += r.kind == RowKind::kTaskLane;
    task_rows += r.kind == RowKind::kThreadTaskRow;
  }
  EXPECT_EQ(headers, 1);
  EXPECT_EQ(lanes_shown, 0);
  EXPECT_EQ(task_rows, 2);
}

TEST_F(TaskLanesTest, AFilterThatHidesAProcessHidesItsTasksToo) {
  LayoutOptions o;
  o.filter = "200";
  Layout l = BuildLayout({doc_.get()}, o, {});
  for (const Row& r : l.rows) {
    EXPECT_NE(r.kind, RowKind::kTaskLane);
    EXPECT_NE(r.kind, RowKind::kTaskGroupHeader);
    EXPECT_NE(r.kind, RowKind::kThreadTaskRow);
  }
}

TEST(TaskGroupsFold, OnlyGroupsOfMoreThanTheLimitStartFolded) {
  for (const size_t n : {kTaskLanesOpenAtMost, kTaskLanesOpenAtMost + 1}) {
    testing::EventList l;
    l.Snapshot(900, 100, 100, 1).Switch(1000, 0, 0, 0, 0, 100, 100);
    for (size_t i = 0; i < n; ++i) l.Task(1100 + i, 0, 100, 100, kCreate, i + 1);
    std::unique_ptr<TraceDocument> doc = l.BuildDocument(5000);
    CollapsedGroups folded = InitiallyCollapsed({doc.get(), doc.get()});
    if (n <= kTaskLanesOpenAtMost) {
      EXPECT_TRUE(folded.empty()) << n;
    } else {
      EXPECT_EQ(folded.size(), 2u);  // in each open trace
      EXPECT_TRUE(folded.contains(GroupKey(1, RowKind::kTaskGroupHeader, 0)));
    }
  }
}

}  // namespace
}  // namespace ctrace::viewer
