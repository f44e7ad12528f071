// Records a real trace (the recorder needs root), renders it with ctrace-view --screenshot
// under Xvfb and checks the pixels against the model: a lane for every traced thread, each
// state's colour where the model puts that state, and creation markers at creation times.
// Without root or without xvfb-run every test here is reported skipped, saying why.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/viewer/rendering_test.h"
#include "viewer/core/colors.h"
#include "viewer/core/interval_details.h"

namespace ctrace::viewer::testing {
namespace {

const std::string kViewer = VIEWER_BIN;
const std::string kActivity = ACTIVITY_BIN;

class ViewerScreenshot : public RenderingTest<ViewerScreenshot> {
 protected:
  static void SetUpTestSuite() { Record("activity.ctrace", {kActivity}, 3); }
  const ViewState::RowRect* Lane(int32_t tid) const { return RowOf('t', tid); }
  // True if x is near anything drawn over the lanes (markers, creation arrows, exits).
  bool NearOverlay(float x) const {
    for (const Thread& t : model_->threads) {
      if (std::fabs(x - X(t.first_ns)) < 14) return true;
      if (t.creation_start_ns && std::fabs(x - X(t.creation_start_ns)) < 14) return true;
      if (t.exit && std::fabs(x - X(t.exit->ts_ns)) < 14) return true;
    }
    for (const Process& p : model_->processes) {
      for (const ExecRecord& e : p.execs) {
        if (std::fabs(x - X(e.ts_ns)) < 14) return true;
      }
    }
    return false;
  }
  // Every interval sampled was checked above; too few of them is the recording's doing (how
  // wide its intervals came out at this zoom, which the machine's load changes), not the
  // viewer's, and is reported as a skip, saying so, rather than as a pass.
  static void ExpectEnoughChecked(int checked, int states) {
    if (checked < 3 || states < 2) {
      GTEST_SKIP() << "the recorded trace has only " << checked << " intervals in " << states
                   << " states wide enough to sample at this zoom (3 in 2 wanted); the "
                      "colours of those were checked";
    }
  }
  // Checks every interval wide enough to sample away from its label; returns the count.
  int CheckStateColours(int* distinct_states) {
    int checked = 0;
    std::vector<bool> seen(kThreadStateCount, false);
    const float left = state_.time_x, right = state_.time_x + state_.time_width;
    for (const Thread& t : model_->threads) {
      const ViewState::RowRect* lane = Lane(t.tid);
      if (lane == nullptr) continue;
      for (size_t i = 0; i < t.intervals.size(); ++i) {
        ThreadState s = t.intervals[i].state();
        if (s == ThreadState::kExited) continue;
        float x0 = std::max(X(t.intervals[i].start_ns), left);
        float x1 = std::min(X(model_->IntervalEnd(t, i)), right);
        float w = x1 - x0;
        // Labels start at the left of intervals wider than 40 px: sample past them, and away
        // from markers and arrows. Between 38 and 130 px, past the label this interval gets
        // (IntervalLabel, drawn from x0 + 3, at most 10 px a character in the viewer's 15 px
        // font), or on the last pixel, which a label never reaches (it is clipped 2 px before
        // the end; x1 short of `right`: the interval ends in the view): a recording whose
        // intervals all fell there left nothing to check (CI saw one).
        std::vector<float> candidates;
        if (w >= 8 && w <= 38) {
          for (float d = 0; d < w / 2 - 2; d += 2) {
            candidates.push_back((x0 + x1) / 2 - d);
            candidates.push_back((x0 + x1) / 2 + d);
          }
        } else if (w >= 130) {
          for (float c = x1 - 5; c > x0 + 110; c -= 6) candidates.push_back(c);
        } else if (w > 38 && x1 < right - 2) {
          candidates.push_back(std::floor(x1) - 1);
          const float label_end =
              x0 + 3 + 10 * static_cast<float>(IntervalLabel(t.intervals[i]).size());
          for (float c = x1 - 5; c > label_end + 4; c -= 6) candidates.push_back(c);
        }
        auto clear = std::find_if(candidates.begin(), candidates.end(),
                                  [&](float c) { return !NearOverlay(c); });
        if (clear == candidates.end()) continue;
        float x = *clear;
        int px = static_cast<int>(std::floor(x)), py = static_cast<int>(lane->y + lane->height / 2);
        Rgb got = image_.At(px, py);
        EXPECT_TRUE(Near(got, StateColor(s)))
            << "tid " << t.tid << " interval " << i << " (" << ThreadStateName(s) << ") at " << px
            << "," << py << ": got " << int(got.r) << "," << int(got.g) << "," << int(got.b);
        seen[static_cast<size_t>(s)] = true;
        ++checked;
      }
    }
    *distinct_states = static_cast<int>(std::count(seen.begin(), seen.end(), true));
    return checked;
  }
};

TEST_F(ViewerScreenshot, EveryTracedThreadHasALane) {
  Render("fit");
  EXPECT_EQ(image_.width, 1600);
  EXPECT_EQ(image_.height, 1000);
  for (const Thread& t : model_->threads) {
    const ViewState::RowRect* lane = Lane(t.tid);
    ASSERT_NE(lane, nullptr) << "no lane for tid " << t.tid;
    // Before the thread exists its lane is the bare lane background, not the window's.
    int y = static_cast<int>(lane->y + lane->height / 2);
    float before = X(t.first_ns) - 20;
    if (before > state_.time_x + 2) {
      EXPECT_TRUE(Near(image_.At(static_cast<int>(state_.time_x + 2), y), kLaneBackground))
          << "tid " << t.tid;
    }
  }
  int cpu_lanes = 0;
  for (const ViewState::RowRect& r : state_.rows) cpu_lanes += r.kind == 'c';
  EXPECT_GE(cpu_lanes, 1);
}

TEST_F(ViewerScreenshot, StateColoursAreWhereTheModelPutsThem) {
  Render("fit");
  int states = 0;
  int checked = CheckStateColours(&states);
  ExpectEnoughChecked(checked, states);
}

TEST_F(ViewerScreenshot, StateColoursWhenZoomedIntoTheWorkersStart) {
  // The workers' creation and first runs: short running/runnable intervals become wide.
  uint64_t first = UINT64_MAX;
  for (const Thread& t : model_->threads) {
    if (t.origin == ThreadOrigin::kCreated && !t.created_as_process)
      first = std::min(first, t.first_ns);
  }
  ASSERT_NE(first, UINT64_MAX);
  double a = static_cast<double>(first - model_->start_ns) - 200'000;
  double b = a + 2'000'000;
  Render("zoom", {"--range", std::to_string(static_cast<int64_t>(a)) +
                                 "ns:" + std::to_string(static_cast<int64_t>(b)) + "ns"});
  EXPECT_NEAR(state_.t0_ns, a, 1);
  int states = 0;
  int checked = CheckStateColours(&states);
  ExpectEnoughChecked(checked, states);
}

TEST_F(ViewerScreenshot, CreationMarkersAtCreationTimes) {
  Render("fit");
  int checked = 0;
  for (const Thread& t : model_->threads) {
    if (t.origin != ThreadOrigin::kCreated) continue;
    const ViewState::RowRect* lane = Lane(t.tid);
    ASSERT_NE(lane, nullptr);
    Rgb want = t.created_as_process ? kMarkerProcessCreated : kMarkerThreadCreated;
    float x = std::round(X(t.first_ns));
    int y = static_cast<int>(lane->y) + 3;
    bool found = false;
    for (int dx = -1; dx <= 1 && !found; ++dx)
      found = Near(image_.At(static_cast<int>(x) + dx, y), want);
    EXPECT_TRUE(found) << "no creation marker for tid " << t.tid << " at " << x << "," << y;
    ++checked;
  }
  EXPECT_GE(checked, 3);  // two threads and one process
}

TEST_F(ViewerScreenshot, SelectShowsTheThreadSelected) {
  int32_t tid = 0;
  for (const Thread& t : model_->threads) {
    if (t.origin == ThreadOrigin::kCreated && !t.created_as_process) tid = t.tid;
  }
  Render("select", {"--select", std::to_string(tid)});
  EXPECT_EQ(state_.selected_tid, tid);
}

TEST_F(ViewerScreenshot, SelectAtATimeSelectsTheIntervalCoveringIt) {
  // A worker's epoll_wait block (30 ms: wide), selected by a time in its middle.
  int32_t tid = 0;
  int64_t want = -1;
  uint64_t mid = 0;
  for (const Thread& t : model_->threads) {
    for (size_t i = 0; i < t.intervals.size() && want < 0; ++i) {
      if (t.intervals[i].state() != ThreadState::kBlockedEpoll) continue;
      tid = t.tid;
      want = static_cast<int64_t>(i);
      mid = t.intervals[i].start_ns + (model_->IntervalEnd(t, i) - t.intervals[i].start_ns) / 2;
    }
    if (want >= 0) break;
  }
  ASSERT_GE(want, 0) << "no epoll block in the recorded trace";
  const std::string at = std::to_string(mid - model_->start_ns) + "ns";
  Render("select_at", {"--select", std::to_string(tid) + "@" + at});
  EXPECT_EQ(state_.selected_tid, tid);
  EXPECT_EQ(state_.selected_interval, want);
  // Before the thread existed there is no interval to select: one line, exit code 1 (before
  // any window is opened).
  ctrace::testing::CommandResult r =
      ctrace::testing::RunCommand({kViewer, "--screenshot", dir_->File("none.png"), "--select",
                                   std::to_string(tid) + "@0ns", trace_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has no interval at"), std::string::npos) << r.err;
}

TEST_F(ViewerScreenshot, TwoTracesAreComparedStacked) {
  ViewState st;
  Image image;
  ASSERT_EQ(RenderScreenshot(xvfb_run_, kViewer, {trace_, trace_}, dir_->File("compare.png"),
                             dir_->File("compare.state"), {}, &image, &st),
            "");
  const ViewState* s = &st;
  EXPECT_EQ(s->documents, 2);
  int lanes = 0;
  for (const ViewState::RowRect& row : s->rows) lanes += row.kind == 't';
  EXPECT_GE(lanes, 2);
}

}  // namespace
}  // namespace ctrace::viewer::testing
