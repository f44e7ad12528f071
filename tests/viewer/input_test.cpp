// Drives the real ctrace-view window with synthetic input (xdotool on a private Xvfb):
// wheel zoom, drag pan, click select, right-drag range, keys; and opens a corrupt file to
// see the error dialog. The viewer reports what it shows through --state-file. Skipped,
// saying why, without Xvfb or xdotool. Needs no root: the trace is synthetic.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/viewer/synthetic_trace.h"
#include "tests/viewer/window_test_util.h"

namespace ctrace::viewer::testing {
namespace {

const std::string kViewer = VIEWER_BIN;

class ViewerInput : public ::testing::Test {
 protected:
  void SetUp() override {
    xdotool_ = FindProgram("xdotool");
    if (xdotool_.empty())
      GTEST_SKIP() << "SKIPPED LOUDLY: xdotool not found (apt-get install xdotool)";
    if (FindProgram("Xvfb").empty())
      GTEST_SKIP() << "SKIPPED LOUDLY: Xvfb not found (apt-get install xvfb)";
    x_ = std::make_unique<XServer>();
    if (!x_->ok()) GTEST_SKIP() << "SKIPPED LOUDLY: could not start Xvfb";
    trace_ = dir_.File("synthetic.ctrace");
    SyntheticTraceOptions o;
    o.events = 40'000;
    o.threads = 12;
    o.threads_per_process = 4;
    ASSERT_TRUE(WriteSyntheticTrace(trace_, o).ok());
    state_file_ = dir_.File("state");
    env_ = {"DISPLAY=" + x_->display(), "XDG_CONFIG_HOME=" + dir_.File("config")};
  }
  void Start(const std::string& file) { StartWith({"--size", "1400x900", file}); }
  void StartWith(std::vector<std::string> args) {
    args.insert(args.begin(), {kViewer, "--state-file", state_file_});
    viewer_ = std::make_unique<Background>(args, env_);
  }
  // Runs xdotool with `args`.
  void Xdo(std::vector<std::string> args) {
    args.insert(args.begin(), xdotool_);
    ctrace::testing::CommandOptions o;
    o.env = env_;
    o.timeout_seconds = 20;
    ctrace::testing::CommandResult r = ctrace::testing::RunCommand(args, o);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  ViewState WaitFor(const std::function<bool(const ViewState&)>& pred, const char* what) {
    std::optional<ViewState> s = WaitForState(state_file_, pred, 15);
    EXPECT_TRUE(s && pred(*s)) << "timed out waiting for: " << what;
    return s.value_or(ViewState());
  }
  // Ready: the trace is shown and rows are laid out; the window has the keyboard focus
  // (there is no window manager on the bare X server to give it).
  ViewState Ready() {
    WaitFor([](const ViewState& s) { return s.documents == 1 && !s.rows.empty(); },
            "the trace on screen");
    Focus();
    return Stable();
  }
  void Focus() { Xdo({"windowfocus", "--sync", WindowId()}); }
  std::string WindowId() {
    ctrace::testing::CommandOptions o;
    o.env = env_;
    o.timeout_seconds = 20;
    ctrace::testing::CommandResult r =
        ctrace::testing::RunCommand({xdotool_, "search", "--sync", "--name", "ctrace-view"}, o);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }
  // The state once it stopped changing (input events may still be in flight).
  ViewState Stable() {
    std::optional<ViewState> last = ReadState(state_file_);
    for (int quiet = 0, i = 0; quiet < 8 && i < 300; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(40));
      std::optional<ViewState> now = ReadState(state_file_);
      bool same = now && last && now->Serialize() == last->Serialize();
      quiet = same ? quiet + 1 : 0;
      if (now) last = now;
    }
    return last.value_or(ViewState());
  }
  // Drags with `button` from x0 to x1 at y, slowly enough for every step to be a frame.
  void Drag(const std::string& button, float x0, float x1, float y) {
    Xdo({"mousemove", Int(x0), Int(y)});
    Xdo({"sleep", "0.1"});
    Xdo({"mousedown", button});
    Xdo({"sleep", "0.1"});
    for (int i = 1; i <= 10; ++i) {
      Xdo({"mousemove", Int(x0 + (x1 - x0) * static_cast<float>(i) / 10), Int(y)});
      Xdo({"sleep", "0.03"});
    }
    Xdo({"sleep", "0.1"});
    Xdo({"mouseup", button});
  }
  std::string Int(float v) { return std::to_string(static_cast<int>(std::lround(v))); }

  TempDir dir_;
  std::unique_ptr<XServer> x_;
  std::string xdotool_, trace_, state_file_;
  std::vector<std::string> env_;
  std::unique_ptr<Background> viewer_;
};

TEST_F(ViewerInput, WheelZoomsAroundTheCursor) {
  Start(trace_);
  ViewState s0 = Ready();
  float x = s0.time_x + s0.time_width * 0.3f, y = s0.lanes_top + 60;
  double t_under = s0.t0_ns + (x - s0.time_x) * s0.ns_per_px;
  Xdo({"mousemove", Int(x), Int(y)});
  Xdo({"click", "--repeat", "3", "--delay", "50", "4"});  // wheel up: zoom in
  WaitFor([&](const ViewState& s) { return s.t1_ns - s.t0_ns < (s0.t1_ns - s0.t0_ns) * 0.7; },
          "zoom in");
  ViewState s1 = Stable();
  EXPECT_LT(s1.t1_ns - s1.t0_ns, s0.t1_ns - s0.t0_ns);
  double t_after = s1.t0_ns + (x - s1.time_x) * s1.ns_per_px;
  EXPECT_NEAR(t_after, t_under, s0.ns_per_px * 2) << "the time under the cursor moved";
  Xdo({"click", "--repeat", "3", "--delay", "50", "5"});  // wheel down: back out
  WaitFor([&](const ViewState& s) { return s.t1_ns - s.t0_ns > (s1.t1_ns - s1.t0_ns) * 1.5; },
          "zoom out");
  ViewState s2 = Stable();
  EXPECT_NEAR(s2.t1_ns - s2.t0_ns, s0.t1_ns - s0.t0_ns, (s0.t1_ns - s0.t0_ns) * 0.01);
}

TEST_F(ViewerInput, DragPansAndClickSelects) {
  Start(trace_);
  ViewState s0 = Ready();
  float y = s0.lanes_top + 60;
  float x = s0.time_x + s0.time_width * 0.5f;
  // Zoom in first, so panning is not stopped by the trace's ends.
  Xdo({"mousemove", Int(x), Int(y)});
  Xdo({"click", "--repeat", "5", "--delay", "40", "4"});
  WaitFor([&](const ViewState& s) { return s.t1_ns - s.t0_ns < (s0.t1_ns - s0.t0_ns) * 0.5; },
          "zoom in");
  ViewState s1 = Stable();
  Drag("1", x, x + 200, y);
  // Content moved right by 200 px: earlier times are shown.
  WaitFor([&](const ViewState& s) { return s.t0_ns < s1.t0_ns - 100 * s1.ns_per_px; }, "pan");
  ViewState s2 = Stable();
  EXPECT_NEAR(s2.t0_ns, s1.t0_ns - 200 * s1.ns_per_px, 10 * s1.ns_per_px);
  EXPECT_NEAR(s2.ns_per_px, s1.ns_per_px, s1.ns_per_px * 1e-6);
  EXPECT_EQ(s2.selected_tid, 0) << "a drag must not select";

  // Click in the middle of a thread lane.
  const ViewState::RowRect* lane = nullptr;
  for (const ViewState::RowRect& r : s2.rows) {
    if (r.kind == 't' && r.y > s2.lanes_top + 5 && r.y + r.height < s2.lanes_bottom) {
      lane = &r;
      break;
    }
  }
  ASSERT_NE(lane, nullptr);
  int32_t tid = lane->id;
  // Hovering shows the tooltip of the interval under the pointer...
  const std::string hover_prefix = "thread " + std::to_string(tid) + " ";
  Xdo({"mousemove", Int(x), Int(lane->y + lane->height / 2)});
  ViewState hovered =
      WaitFor([&](const ViewState& s) { return s.hover.rfind(hover_prefix, 0) == 0; }, "a tooltip");
  const int64_t hovered_interval = std::stoll(hovered.hover.substr(hover_prefix.size()));
  EXPECT_GE(hovered_interval, 0) << hovered.hover;
  // ...and clicking there selects that interval.
  Xdo({"click", "1"});
  WaitFor([&](const ViewState& s) { return s.selected_tid != 0; }, "selection");
  ViewState s3 = Stable();
  EXPECT_EQ(s3.selected_tid, tid) << "clicked at " << x << "," << lane->y + lane->height / 2 << "\n"
                                  << s3.Serialize();
  EXPECT_EQ(s3.selected_interval, hovered_interval);
  // Off the timeline (over the names), no tooltip.
  Xdo({"mousemove", Int(s3.time_x / 2), Int(lane->y + lane->height / 2)});
  WaitFor([](const ViewState& s) { return s.hover.empty(); }, "the tooltip gone");
}

TEST_F(ViewerInput, RightDragSelectsARangeAndKeysZoomAndFit) {
  Start(trace_);
  ViewState s0 = Ready();
  float y = s0.lanes_top + 60;
  float a = s0.time_x + 300, b = s0.time_x + 500;
  Drag("3", a, b, y);
  WaitFor([](const ViewState& s) { return s.range_to_ns > s.range_from_ns; }, "a range");
  ViewState s1 = Stable();
  EXPECT_NEAR(s1.range_from_ns, s0.t0_ns + 300 * s0.ns_per_px, 3 * s0.ns_per_px);
  EXPECT_NEAR(s1.range_to_ns, s0.t0_ns + 500 * s0.ns_per_px, 3 * s0.ns_per_px);
  Xdo({"key", "z"});  // zoom to the range
  ViewState s2 =
      WaitFor([&](const ViewState& s) { return s.t1_ns - s.t0_ns < (s0.t1_ns - s0.t0_ns) * 0.5; },
              "zoom to range");
  EXPECT_NEAR(s2.t0_ns, s1.range_from_ns - 0.05 * (s1.range_to_ns - s1.range_from_ns),
              (s1.range_to_ns - s1.range_from_ns) * 0.01);
  Xdo({"key", "f"});  // fit
  ViewState s3 = WaitFor(
      [&](const ViewState& s) { return s.t1_ns - s.t0_ns > (s2.t1_ns - s2.t0_ns) * 2; }, "fit");
  EXPECT_NEAR(s3.t0_ns, s0.t0_ns, s0.ns_per_px);
  Xdo({"keydown", "w"});
  Xdo({"sleep", "0.3"});
  Xdo({"keyup", "w"});
  ViewState s4 =
      WaitFor([&](const ViewState& s) { return s.ns_per_px < s3.ns_per_px * 0.95; }, "W zooms in");
  EXPECT_LT(s4.ns_per_px, s3.ns_per_px);
  Xdo({"key", "ctrl+q"});
  EXPECT_EQ(viewer_->Wait(10), 0) << "ctrl+q should quit cleanly";
}

// The layout (here: the window's size and the bottom panel shown) is saved in
// $XDG_CONFIG_HOME/ctrace/imgui.ini on quit and restored by the next run.
TEST_F(ViewerInput, LayoutPersistsBetweenRuns) {
  StartWith({"--panel", "summary", trace_});
  ViewState s0 = Ready();
  EXPECT_EQ(s0.bottom_tab, 3);
  ASSERT_NE(s0.window_width, 1000);
  Xdo({"windowsize", "--sync", WindowId(), "1000", "700"});
  WaitFor([](const ViewState& s) { return s.window_width == 1000 && s.window_height == 700; },
          "the window resized to 1000x700");
  Xdo({"key", "ctrl+q"});
  ASSERT_EQ(viewer_->Wait(10), 0);
  std::ifstream in(dir_.File("config") + "/ctrace/imgui.ini");
  std::string ini((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(ini.find("WindowSize=1000x700"), std::string::npos) << ini;
  EXPECT_NE(ini.find("BottomTab=3"), std::string::npos) << ini;

  std::remove(state_file_.c_str());
  StartWith({trace_});  // no --size, no --panel: as last time
  ViewState s1 = Ready();
  EXPECT_EQ(s1.window_width, 1000);
  EXPECT_EQ(s1.window_height, 700);
  EXPECT_EQ(s1.bottom_tab, 3);
  Xdo({"key", "ctrl+q"});
  EXPECT_EQ(viewer_->Wait(10), 0);
}

TEST_F(ViewerInput, CorruptFileShowsAnErrorDialogAndKeepsRunning) {
  std::string bad = dir_.File("corrupt.ctrace");
  {
    std::FILE* f = std::fopen(bad.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a ctrace file, not even close", f);
    std::fclose(f);
  }
  Start(bad);
  ViewState s = WaitFor([](const ViewState& st) { return !st.error.empty(); }, "an error dialog");
  Focus();
  EXPECT_NE(s.error.find("corrupt.ctrace"), std::string::npos) << s.error;
  EXPECT_EQ(s.documents, 0);
  EXPECT_TRUE(viewer_->running());
  Xdo({"key", "ctrl+q"});
  EXPECT_EQ(viewer_->Wait(10), 0);
}

}  // namespace
}  // namespace ctrace::viewer::testing
