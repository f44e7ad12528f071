// Helpers for the tests that run the real ctrace-view: find programs, a private X server
// (Xvfb), background processes, PNG pixels and the viewer's --state-file.
#ifndef CTRACE_TESTS_VIEWER_WINDOW_TEST_UTIL_H_
#define CTRACE_TESTS_VIEWER_WINDOW_TEST_UTIL_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"
#include "tests/support/temp_dir.h"
#include "viewer/core/colors.h"
#include "viewer/core/view_state.h"

namespace ctrace::viewer::testing {

// The full path of `name` on PATH, or "".
std::string FindProgram(const std::string& name);

using ctrace::testing::TempDir;

// An Xvfb server on a free display, for as long as the object lives.
class XServer {
 public:
  XServer(int width = 1600, int height = 1000);
  ~XServer();
  bool ok() const { return pid_ > 0; }
  const std::string& display() const { return display_; }  // ":93"

 private:
  pid_t pid_ = -1;
  std::string display_;
};

// A program running in the background with extra environment ("NAME=value").
class Background {
 public:
  Background(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  ~Background();  // kills it if still running
  bool running();
  // Waits up to `seconds` for it to exit; its exit code, or nullopt if it is still running.
  std::optional<int> Wait(double seconds);

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool exited_ = false;
};

struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
  Rgb At(int x, int y) const {
    size_t i = (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};
std::optional<Image> LoadPng(const std::string& path);

std::optional<ViewState> ReadState(const std::string& path);
// Polls `path` until `pred` holds for its state (or `seconds` pass); the last state read.
std::optional<ViewState> WaitForState(const std::string& path,
                                      const std::function<bool(const ViewState&)>& pred,
                                      double seconds = 10);

// Runs `viewer --screenshot` on `traces` under xvfb-run on a 1600x1000 screen, writing
// `png` and `state`; "" on success, else what went wrong.
std::string RenderScreenshot(const std::string& xvfb_run, const std::string& viewer,
                             const std::vector<std::string>& traces, const std::string& png,
                             const std::string& state, const std::vector<std::string>& extra,
                             Image* image, ViewState* view_state);

// A trace recorded once for a suite of rendering tests, or why it could not be.
struct RenderableTrace {
  std::string skip;  // not empty: why the suite is skipped (said loudly)
  std::string xvfb_run;
  std::unique_ptr<TempDir> dir;
  std::string path;
  std::unique_ptr<Model> model;
};
// Records `command` with `ctrace run` into `name` in a new temporary directory, expecting
// the program's `exit_code`, and loads it; skip is set without xvfb-run, without the rights
// to record, or if recording or loading fails.
std::unique_ptr<RenderableTrace> RecordForRendering(const std::string& ctrace,
                                                    const std::string& name,
                                                    const std::vector<std::string>& command,
                                                    int exit_code);

}  // namespace ctrace::viewer::testing

#endif  // CTRACE_TESTS_VIEWER_WINDOW_TEST_UTIL_H_
