// The fixture of the tests that render a recorded trace with the real ctrace-view: the trace
// is recorded once per suite (RecordForRendering), each test renders it (Render) and reads
// pixels at the times and rows the viewer's state file reports.
#ifndef CTRACE_TESTS_VIEWER_RENDERING_TEST_H_
#define CTRACE_TESTS_VIEWER_RENDERING_TEST_H_

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/viewer/window_test_util.h"

namespace ctrace::viewer::testing {

// One suite per Suite type (each has its own recorded trace): Suite::SetUpTestSuite calls
// Record.
template <typename Suite>
class RenderingTest : public ::testing::Test {
 protected:
  static void Record(const std::string& name, const std::vector<std::string>& command,
                     int exit_code) {
    recorded_ = RecordForRendering(CTRACE_BIN, name, command, exit_code);
    skip_ = recorded_->skip;
    xvfb_run_ = recorded_->xvfb_run;
    dir_ = recorded_->dir.get();
    trace_ = recorded_->path;
    model_ = recorded_->model.get();
  }
  static void TearDownTestSuite() { recorded_.reset(); }
  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
  }

  // Renders the trace with extra arguments; fills image_ and state_.
  void Render(const std::string& name, const std::vector<std::string>& extra = {}) {
    ASSERT_EQ(RenderScreenshot(xvfb_run_, VIEWER_BIN, {trace_}, dir_->File(name + ".png"),
                               dir_->File(name + ".state"), extra, &image_, &state_),
              "");
  }
  // The x of absolute time `ts` in the last rendering.
  float X(uint64_t ts) const {
    return state_.time_x +
           static_cast<float>((static_cast<double>(ts - model_->start_ns) - state_.t0_ns) /
                              state_.ns_per_px);
  }
  // The row of `kind` ('t' thread lane, 'r' task row, 'k' task lane, ...) for `id`, or null.
  const ViewState::RowRect* RowOf(char kind, int64_t id) const {
    for (const ViewState::RowRect& r : state_.rows) {
      if (r.kind == kind && r.id == id) return &r;
    }
    return nullptr;
  }
  static bool Near(Rgb a, Rgb b) { return ColorDistance(a, b) <= 24; }

  static inline std::unique_ptr<RenderableTrace> recorded_;
  static inline std::string skip_;
  static inline std::string xvfb_run_;
  static inline TempDir* dir_ = nullptr;
  static inline std::string trace_;
  static inline Model* model_ = nullptr;
  Image image_;
  ViewState state_;
};

}  // namespace ctrace::viewer::testing

#endif  // CTRACE_TESTS_VIEWER_RENDERING_TEST_H_
