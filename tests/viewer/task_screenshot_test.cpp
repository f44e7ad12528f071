// Records green threads (ctrace-green-threads, one of which sleeps and so blocks its kernel
// thread), renders the trace with ctrace-view --screenshot under Xvfb and checks the task
// rows against the model: a lane per task and a task row under the thread that ran them;
// each piece of a task's life in its colour (running in the task's colour, blocking its
// thread in red, suspended as a grey line); the thread's row in the colour of the task that
// was current, with the red band over the run that blocked the thread. Skipped loudly
// without root or xvfb-run.
#include <algorithm>
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "model/task_timeline.h"
#include "tests/support/command_runner.h"
#include "tests/viewer/rendering_test.h"
#include "viewer/core/colors.h"

namespace ctrace::viewer::testing {
namespace {

const std::string kGreenThreads = GREEN_THREADS_BIN;

class TaskScreenshot : public RenderingTest<TaskScreenshot> {
 protected:
  static void SetUpTestSuite() {
    // Four green threads; the first sleeps 150 ms halfway, holding the kernel thread.
    Record(
        "green.ctrace",
        {kGreenThreads, "--tasks", "4", "--rounds", "40", "--block", "sleep", "--block-ms", "150"},
        0);
  }
  void SetUp() override {
    RenderingTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_EQ(model_->tasks.size(), 4u);
  }
  // The thread the green threads ran on: the one with task runs.
  const Thread& Runner() const {
    for (const Thread& t : model_->threads) {
      if (!t.task_runs.empty()) return t;
    }
    return model_->threads.front();
  }
  // The task whose life has a piece blocking its thread, and that piece.
  bool FindBlocker(uint32_t* task, TaskPiece* blocked) const {
    for (uint32_t i = 0; i < model_->tasks.size(); ++i) {
      bool found = false;
      ForEachTaskPiece(*model_, model_->tasks[i], [&](const TaskPiece& p) {
        if (p.situation == TaskSituation::kBlockedThread &&
            (!found || p.end_ns - p.start_ns > blocked->end_ns - blocked->start_ns)) {
          *blocked = p;
          found = true;
        }
      });
      if (found) {
        *task = i;
        return true;
      }
    }
    return false;
  }
  std::string Describe(Rgb c) const {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
  }
};

TEST_F(TaskScreenshot, EveryTaskHasALaneAndItsThreadATaskRow) {
  Render("fit");
  for (const Task& t : model_->tasks) {
    EXPECT_NE(RowOf('k', static_cast<int64_t>(t.id)), nullptr) << "no lane for task " << t.id;
  }
  EXPECT_NE(RowOf('r', Runner().tid), nullptr) << "no task row under tid " << Runner().tid;
  const ViewState::RowRect* lane = RowOf('t', Runner().tid);
  const ViewState::RowRect* row = RowOf('r', Runner().tid);
  ASSERT_NE(lane, nullptr);
  ASSERT_NE(row, nullptr);
  EXPECT_GT(row->y, lane->y);  // under its thread's lane
}

// Every piece of every task wide enough to sample is drawn in its situation's colour.
TEST_F(TaskScreenshot, EachPieceOfATasksLifeIsInItsSituationsColour) {
  Render("fit");
  int checked = 0;
  bool seen[4] = {};
  const float left = state_.time_x, right = state_.time_x + state_.time_width;
  for (const Task& t : model_->tasks) {
    const ViewState::RowRect* lane = RowOf('k', static_cast<int64_t>(t.id));
    ASSERT_NE(lane, nullptr);
    const int y = static_cast<int>(lane->y + lane->height / 2);
    ForEachTaskPiece(*model_, t, [&](const TaskPiece& p) {
      const float x0 = std::max(X(p.start_ns), left), x1 = std::min(X(p.end_ns), right);
      if (x1 - x0 < 8) return;  // a few pixels may be another piece's, merged
      const int x = static_cast<int>(std::floor((x0 + x1) / 2));
      Rgb want = TaskColor(t.id);
      if (p.situation == TaskSituation::kWaitingForCpu) want = StateColor(ThreadState::kRunnable);
      if (p.situation == TaskSituation::kBlockedThread) want = kTaskBlockedThread;
      if (p.situation == TaskSituation::kSuspended) want = kTaskSuspended;
      const Rgb got = image_.At(x, y);
      EXPECT_TRUE(Near(got, want))
          << "task " << t.id << " piece at " << p.start_ns << " (" << static_cast<int>(p.situation)
          << ") at " << x << "," << y << ": got " << Describe(got) << " want " << Describe(want);
      seen[static_cast<int>(p.situation)] = true;
      ++checked;
    });
  }
  EXPECT_GE(checked, 4);
  EXPECT_TRUE(seen[static_cast<int>(TaskSituation::kBlockedThread)]);
  EXPECT_TRUE(seen[static_cast<int>(TaskSituation::kSuspended)]);
}

// While one green thread sleeps, the thread's row is that task's colour under a red band,
// and every other task's lane is the suspended line: nothing else could run.
TEST_F(TaskScreenshot, TheTaskThatBlockedItsThreadStandsOut) {
  Render("fit");
  uint32_t blocker = 0;
  TaskPiece blocked{};
  ASSERT_TRUE(FindBlocker(&blocker, &blocked)) << "no task blocked its thread";
  const int x = static_cast<int>(std::floor((X(blocked.start_ns) + X(blocked.end_ns)) / 2));
  ASSERT_GT(X(blocked.end_ns) - X(blocked.start_ns), 20) << "the sleep is too narrow to see";
  const ViewState::RowRect* row = RowOf('r', Runner().tid);
  ASSERT_NE(row, nullptr);
  const Rgb band = image_.At(x, static_cast<int>(row->y + row->height * 0.2f));
  const Rgb below = image_.At(x, static_cast<int>(row->y + row->height * 0.8f));
  EXPECT_TRUE(Near(band, kTaskBlockedThread)) << Describe(band);
  EXPECT_TRUE(Near(below, TaskColor(model_->tasks[blocker].id))) << Describe(below);
  for (uint32_t i = 0; i < model_->tasks.size(); ++i) {
    if (i == blocker) continue;
    const ViewState::RowRect* lane = RowOf('k', static_cast<int64_t>(model_->tasks[i].id));
    ASSERT_NE(lane, nullptr);
    const Rgb got = image_.At(x, static_cast<int>(lane->y + lane->height / 2));
    EXPECT_TRUE(Near(got, kTaskSuspended))
        << "task " << model_->tasks[i].id << ": " << Describe(got);
  }
}

}  // namespace
}  // namespace ctrace::viewer::testing
