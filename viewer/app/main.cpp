// ctrace-view FILE [FILE...]: opens traces in a native window (ImGui, GLFW, OpenGL 3).
//
//   --screenshot OUT.png  render one frame, write it as a PNG and exit (for tests and docs)
//   --size WxH            window size (default: as last time, else 1600x1000)
//   --range T0:T1         show this range: offsets from the trace start, 1.5s, 20ms, 300us, 42ns
//   --select TID[@TIME]   select this thread (its wakeups are drawn), or its interval that
//                         covers TIME (an offset from the trace start, like --range's)
//   --state-file PATH     keep the visible range and selection in PATH (for input tests)
//
// With --screenshot a file that cannot be read is one line on stderr and exit code 1; in the
// window it is an error dialog.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "imgui.h"
#include "model/malloc_tuning.h"
#include "text/duration_text.h"
#include "viewer/app/screenshot.h"
#include "viewer/app/window.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/app.h"

namespace {

using ctrace::viewer::App;

constexpr const char* kUsage =
    "usage: ctrace-view [options] FILE [FILE...]\n"
    "  opens ctrace traces; two or more are compared (stacked, same relative time axis)\n"
    "options:\n"
    "  --screenshot OUT.png  render, write a PNG and exit\n"
    "  --size WxH            window size (default: as last time, else 1600x1000)\n"
    "  --range T0:T1         visible range from the trace start (1.5s, 20ms, 300us, 42ns)\n"
    "  --select TID[@TIME]   select a thread, or its interval at TIME from the trace start\n"
    "  --state-file PATH     write the visible range and selection to PATH as they change\n"
    "  --panel NAME          bottom panel shown first: threads, processes, histograms,\n"
    "                        summary, locks, compare\n"
    "  --critical-path       with --select: draw what the thread waited for (over --range's\n"
    "                        range when dragged in the viewer, else its life)\n"
    "  --lock N              choose lock N of the first trace (0: the most waited on)\n";

struct Options {
  std::vector<std::string> files;
  std::string screenshot;
  int width = 1600;
  int height = 1000;
  bool size_given = false;  // else the size saved with the layout, if any
  double range_t0 = 0, range_t1 = 0;
  int32_t select_tid = 0;
  std::optional<double> select_at;  // --select TID@TIME: the interval at TIME (ns from start)
  std::string state_file;
  int panel = -1;  // BottomTab, -1: as the layout has it
  bool critical_path = false;
  int lock = -1;  // --lock N
};

int UsageError(const std::string& message) {
  std::fprintf(stderr, "ctrace-view: %s\n%s", message.c_str(), kUsage);
  return 2;
}

// Returns -1 when parsing succeeded, else the exit code.
int Parse(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--screenshot") {
      if (!value(&o->screenshot)) return UsageError("--screenshot needs a file name");
    } else if (a == "--state-file") {
      if (!value(&o->state_file)) return UsageError("--state-file needs a file name");
    } else if (a == "--size") {
      std::vector<std::string> wh = absl::StrSplit(value(&v) ? v : "", 'x');
      if (wh.size() != 2 || !absl::SimpleAtoi(wh[0], &o->width) ||
          !absl::SimpleAtoi(wh[1], &o->height) || o->width < 200 || o->height < 150 ||
          o->width > 16384 || o->height > 16384) {
        return UsageError("--size needs WxH, e.g. 1600x1000 (at least 200x150)");
      }
      o->size_given = true;
    } else if (a == "--range") {
      std::optional<std::pair<double, double>> r = ctrace::ParseDurationRange(value(&v) ? v : "");
      if (!r) return UsageError("--range needs T0:T1 with T0 < T1, e.g. 10ms:25ms");
      o->range_t0 = r->first;
      o->range_t1 = r->second;
    } else if (a == "--panel") {
      const char* names[] = {"threads", "processes", "histograms", "summary", "locks", "compare"};
      o->panel = -1;
      if (value(&v)) {
        for (int k = 0; k < 6; ++k) {
          if (v == names[k]) o->panel = k;
        }
      }
      if (o->panel < 0) {
        return UsageError(
            "--panel needs threads, processes, histograms, summary, locks or compare");
      }
    } else if (a == "--critical-path") {
      o->critical_path = true;
    } else if (a == "--lock") {
      if (!value(&v) || !absl::SimpleAtoi(v, &o->lock) || o->lock < 0) {
        return UsageError("--lock needs a lock's index (0: the most waited on)");
      }
    } else if (a == "--select") {
      std::vector<std::string> parts = absl::StrSplit(value(&v) ? v : "", absl::MaxSplits('@', 1));
      if (!absl::SimpleAtoi(parts[0], &o->select_tid) || o->select_tid <= 0) {
        return UsageError("--select needs a thread id, or TID@TIME (e.g. 1234@20ms)");
      }
      if (parts.size() == 2) {
        o->select_at = ctrace::ParseDuration(parts[1]);
        if (!o->select_at || *o->select_at < 0) {
          return UsageError("--select TID@TIME needs a time like 20ms from the trace start");
        }
      }
    } else if (!a.empty() && a[0] == '-' && a != "-") {
      return UsageError(absl::StrCat("unknown option ", a));
    } else {
      o->files.push_back(a);
    }
  }
  if (!o->screenshot.empty() && o->files.empty())
    return UsageError("--screenshot needs a trace file");
  if (o->critical_path && o->select_tid <= 0) return UsageError("--critical-path needs --select");
  return -1;
}

// imgui.ini lives in the user's config directory: $XDG_CONFIG_HOME/ctrace or ~/.config/ctrace.
std::string IniPath() {
  std::string dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) {
    dir = x;
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    dir = absl::StrCat(h, "/.config");
  } else {
    return "";
  }
  mkdir(dir.c_str(), 0755);
  dir += "/ctrace";
  mkdir(dir.c_str(), 0755);
  return dir + "/imgui.ini";
}

// --select: the thread, or its interval at the time given.
bool Select(App& app, const Options& o) {
  return o.select_at ? app.view().SelectTidAt(o.select_tid, *o.select_at)
                     : app.view().SelectTid(o.select_tid);
}

int Screenshot(const Options& o) {
  App app;
  app.SetViewHeight(static_cast<float>(o.height));
  std::vector<std::string> errors = app.OpenNow(o.files);
  if (!errors.empty()) {
    for (const std::string& e : errors) std::fprintf(stderr, "ctrace-view: %s\n", e.c_str());
    return 1;
  }
  // Before the window: a selection that does not exist fails without needing a display.
  if (o.select_tid > 0 && !Select(app, o)) {
    if (o.select_at) {
      std::fprintf(stderr, "ctrace-view: thread %d has no interval at %s in %s\n", o.select_tid,
                   ctrace::viewer::FormatOffset(*o.select_at).c_str(),
                   absl::StrJoin(o.files, ", ").c_str());
    } else {
      std::fprintf(stderr, "ctrace-view: no thread %d in %s\n", o.select_tid,
                   absl::StrJoin(o.files, ", ").c_str());
    }
    return 1;
  }
  ctrace::viewer::WindowOptions wo;
  wo.width = o.width;
  wo.height = o.height;
  wo.ignore_mouse = true;
  auto window = ctrace::viewer::Window::Create(wo);
  if (!window.ok()) {
    std::fprintf(stderr, "ctrace-view: %s\n", std::string(window.status().message()).c_str());
    return 1;
  }
  app.WaitUntilIdle();
  if (o.panel >= 0) app.view().settings().bottom_tab = o.panel;
  if (o.critical_path) app.view().ShowCriticalPath();
  if (o.lock >= 0 && !app.view().SelectLock(0, o.lock)) {
    std::fprintf(stderr, "ctrace-view: no lock %d in %s\n", o.lock, o.files[0].c_str());
    return 1;
  }
  // A few frames: tables and auto-sized panels settle on their second frame.
  constexpr int kFrames = 4;
  for (int f = 0; f < kFrames; ++f) {
    (*window)->BeginFrame(0);
    if (f == 0 && o.range_t1 > o.range_t0) app.view().SetVisibleRange(o.range_t0, o.range_t1);
    app.Frame();
    (*window)->Render();
    if (f + 1 < kFrames) (*window)->Swap();
  }
  absl::Status s =
      ctrace::viewer::WriteScreenshot(o.screenshot, (*window)->width(), (*window)->height());
  if (!s.ok()) {
    std::fprintf(stderr, "ctrace-view: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  if (!o.state_file.empty()) (void)ctrace::viewer::WriteViewState(o.state_file, app.State());
  return 0;
}

int Interactive(const Options& o) {
  App app;
  // Loading starts first: creating the window and its OpenGL context takes a while too. The
  // height is corrected below if the window takes its saved size.
  app.SetViewHeight(static_cast<float>(o.height));
  app.OpenAsync(o.files, false);
  ctrace::viewer::WindowOptions wo;
  wo.width = o.width;
  wo.height = o.height;
  wo.ini_path = IniPath();
  if (!o.files.empty()) wo.title = absl::StrCat("ctrace-view - ", absl::StrJoin(o.files, ", "));
  auto window = ctrace::viewer::Window::Create(wo);
  if (!window.ok()) {
    std::fprintf(stderr, "ctrace-view: %s\n", std::string(window.status().message()).c_str());
    return 1;
  }
  app.InstallSettingsHandler();
  // Read now rather than at the first frame, so the window takes its saved size at once.
  if (!wo.ini_path.empty()) ImGui::LoadIniSettingsFromDisk(wo.ini_path.c_str());
  const ctrace::viewer::ViewSettings& saved = app.view().settings();
  if (!o.size_given && saved.window_width >= 200 && saved.window_height >= 150 &&
      saved.window_width <= 16384 && saved.window_height <= 16384) {
    (*window)->SetSize(saved.window_width, saved.window_height);
    app.SetViewHeight(static_cast<float>(saved.window_height));
  }
  if (o.panel >= 0) app.view().settings().bottom_tab = o.panel;
  app.SetWakeCallback(&ctrace::viewer::Window::Wake);
  bool pending_view = o.range_t1 > o.range_t0 || o.select_tid > 0 || o.lock >= 0;
  std::string last_state;
  int active = app.busy() ? 2 : 10;  // frames to draw before sleeping until the next input
  while (!(*window)->ShouldClose() && !app.quit_requested()) {
    // Frames as fast as they come only just after input. While a trace loads, four frames a
    // second show that it does without taking a CPU from the loading (software OpenGL draws
    // on the CPU; at 10 a second, opening 10M events took 0.05-0.09 s longer); the loader
    // wakes the loop when it is done.
    (*window)->BeginFrame(active > 0 ? 0 : app.busy() ? 0.25 : 0.5);
    if (pending_view && app.State().documents > 0 && !app.busy()) {
      if (o.range_t1 > o.range_t0) app.view().SetVisibleRange(o.range_t0, o.range_t1);
      if (o.select_tid > 0) Select(app, o);
      if (o.critical_path) app.view().ShowCriticalPath();
      if (o.lock >= 0) app.view().SelectLock(0, o.lock);
      pending_view = false;
    }
    app.Frame();
    (*window)->Render();
    (*window)->Swap();
    app.FrameShown();
    std::vector<std::string> dropped = (*window)->TakeDroppedFiles();
    if (!dropped.empty()) app.OpenAsync(dropped, false);
    // Ten frames after input let ImGui settle hovers and popups. While the first trace loads
    // there is nothing to hover but the menu, and the window's own events at its creation
    // (its size, the pointer entering) would draw ten back to back: 0.35 s of software
    // OpenGL on the CPUs the loading needs. Two do then.
    if ((*window)->TakeEventCount() > 0) active = app.State().documents == 0 && app.busy() ? 2 : 10;
    if (active > 0) --active;
    if (!o.state_file.empty()) {
      ctrace::viewer::ViewState s = app.State();
      s.frames = 0;  // written only when something else changed
      std::string text = s.Serialize();
      if (text != last_state) {
        s.frames = app.view().frames();
        (void)ctrace::viewer::WriteViewState(o.state_file, s);
        last_state = text;
      }
    }
  }
  if (!o.state_file.empty()) {
    ctrace::viewer::ViewState s = app.State();
    (void)ctrace::viewer::WriteViewState(o.state_file, s);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ctrace::TuneMallocForBigModels();
  Options o;
  if (int code = Parse(argc, argv, &o); code >= 0) return code;
  if (!o.screenshot.empty()) return Screenshot(o);
  return Interactive(o);
}
