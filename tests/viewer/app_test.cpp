// The app without a window: ImGui frames built headless (tests/viewer/headless_imgui.h).
#include "viewer/ui/app.h"

#include <unistd.h>

#include <string>

#include "gtest/gtest.h"
#include "imgui.h"
#include "tests/viewer/headless_imgui.h"
#include "tests/viewer/synthetic_trace.h"

namespace ctrace::viewer {
namespace {

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "/app_test_" + std::to_string(getpid()) + ".ctrace";
    testing::SyntheticTraceOptions options;
    options.events = 20'000;
    options.threads = 8;
    options.threads_per_process = 4;
    ASSERT_TRUE(testing::WriteSyntheticTrace(path_, options).ok());
    testing::CreateHeadlessImGuiContext(1200, 800);
  }
  void TearDown() override {
    ImGui::DestroyContext();
    unlink(path_.c_str());
  }
  static void Frame(App& app) {
    ImGui::NewFrame();
    app.Frame();
    ImGui::Render();
  }

  std::string path_;
};

// The first frame that shows a trace is drawn before its statistics start: they would take
// the CPUs it is drawn on. Whoever shows the frame says so (FrameShown), or the next frame
// starts them.
TEST_F(AppTest, AnAnalysisStartsOnceTheFrameShowingItsTraceIsOnScreen) {
  App app;
  ASSERT_TRUE(app.OpenNow({path_}).empty());
  EXPECT_EQ(app.analyses_waiting_for_a_frame(), 1u);
  EXPECT_TRUE(app.busy());
  Frame(app);  // the first frame showing it
  EXPECT_EQ(app.analyses_waiting_for_a_frame(), 1u);
  app.FrameShown();
  EXPECT_EQ(app.analyses_waiting_for_a_frame(), 0u);
  app.WaitUntilIdle();
  EXPECT_FALSE(app.busy());
  EXPECT_EQ(app.State().documents, 1);
}

TEST_F(AppTest, WithoutFrameShownTheNextFrameStartsTheAnalysis) {
  App app;
  ASSERT_TRUE(app.OpenNow({path_}).empty());
  Frame(app);
  EXPECT_EQ(app.analyses_waiting_for_a_frame(), 1u);
  Frame(app);
  EXPECT_EQ(app.analyses_waiting_for_a_frame(), 0u);
  app.WaitUntilIdle();
  EXPECT_FALSE(app.busy());
}

// Screenshots wait for the statistics without a frame first.
TEST_F(AppTest, WaitingUntilIdleStartsAndEndsTheAnalysis) {
  App app;
  ASSERT_TRUE(app.OpenNow({path_}).empty());
  app.WaitUntilIdle();
  EXPECT_EQ(app.analyses_waiting_for_a_frame(), 0u);
  EXPECT_FALSE(app.busy());
}

}  // namespace
}  // namespace ctrace::viewer
