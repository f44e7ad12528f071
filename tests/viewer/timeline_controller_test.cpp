#include "viewer/core/timeline_controller.h"

#include "gtest/gtest.h"

namespace ctrace::viewer {
namespace {

class TimelineControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    c_.axis().SetBounds(1'000'000);
    c_.axis().SetWidth(1000);
    c_.axis().SetRange(0, 1'000'000);
    c_.SetViewport(500, 2000);
  }
  TimelineInput At(float x, float y) {
    TimelineInput in;
    in.hovered = true;
    in.mouse_x = x;
    in.mouse_y = y;
    return in;
  }
  // Press at (x0, y), move to x1 in steps, release.
  TimelineActions Drag(float x0, float x1, float y, bool right, bool shift = false, float dy = 0) {
    TimelineInput p = At(x0, y);
    p.shift = shift;
    (right ? p.right_pressed : p.left_pressed) = true;
    (right ? p.right_down : p.left_down) = true;
    c_.Update(p);
    float x = x0;
    for (int i = 0; i < 10; ++i) {
      TimelineInput m = At(x + (x1 - x0) / 10, y + dy / 10);
      m.shift = shift;
      m.mouse_dx = (x1 - x0) / 10;
      m.mouse_dy = dy / 10;
      x += m.mouse_dx;
      (right ? m.right_down : m.left_down) = true;
      c_.Update(m);
    }
    TimelineInput r = At(x1, y + dy);
    (right ? r.right_released : r.left_released) = true;
    return c_.Update(r);
  }
  TimelineController c_;
};

TEST_F(TimelineControllerTest, WheelZoomsAroundTheCursor) {
  double under = c_.axis().TimeAt(250);
  TimelineInput in = At(250, 10);
  in.wheel = 3;
  TimelineActions a = c_.Update(in);
  EXPECT_TRUE(a.view_changed);
  EXPECT_NEAR(c_.axis().ns_per_px(), 1000 * 0.8 * 0.8 * 0.8, 1e-6);
  EXPECT_NEAR(c_.axis().TimeAt(250), under, 1e-6);
  in.wheel = -3;
  c_.Update(in);
  EXPECT_NEAR(c_.axis().ns_per_px(), 1000, 1e-6);
}

TEST_F(TimelineControllerTest, ShiftWheelScrollsLanesInstead) {
  TimelineInput in = At(250, 10);
  in.wheel = -2;
  in.shift = true;
  c_.Update(in);
  EXPECT_FLOAT_EQ(c_.scroll_y(), 120);
  EXPECT_DOUBLE_EQ(c_.axis().ns_per_px(), 1000);
}

TEST_F(TimelineControllerTest, WheelOutsideTheTimelineDoesNothing) {
  TimelineInput in = At(250, 10);
  in.hovered = false;
  in.wheel = 3;
  EXPECT_FALSE(c_.Update(in).view_changed);
}

TEST_F(TimelineControllerTest, LeftDragPansBothWays) {
  c_.axis().ZoomAround(500, 0.1);
  double t0 = c_.axis().t0();
  TimelineActions a = Drag(500, 400, 100, false, false, -50);
  EXPECT_FALSE(a.clicked);
  EXPECT_NEAR(c_.axis().t0(), t0 + 100 * c_.axis().ns_per_px(), 1e-6);
  EXPECT_FLOAT_EQ(c_.scroll_y(), 50);
}

TEST_F(TimelineControllerTest, PressAndReleaseInPlaceIsAClick) {
  TimelineInput p = At(300, 40);
  p.left_pressed = p.left_down = true;
  c_.Update(p);
  TimelineInput r = At(300, 40);
  r.left_released = true;
  TimelineActions a = c_.Update(r);
  EXPECT_TRUE(a.clicked);
  EXPECT_FLOAT_EQ(a.click_x, 300);
  EXPECT_FLOAT_EQ(a.click_y, 40);
  EXPECT_FALSE(a.view_changed);
}

TEST_F(TimelineControllerTest, MovementInThePressFrameIsNotADrag) {
  // The pointer moved and was pressed between two frames: still a click.
  TimelineInput p = At(300, 40);
  p.left_pressed = p.left_down = true;
  p.mouse_dx = -200;
  c_.Update(p);
  TimelineInput r = At(300, 40);
  r.left_released = true;
  EXPECT_TRUE(c_.Update(r).clicked);
}

TEST_F(TimelineControllerTest, RightDragSelectsARange) {
  TimelineActions a = Drag(200, 600, 100, true);
  EXPECT_FALSE(a.clicked);
  ASSERT_TRUE(c_.range().has_value());
  EXPECT_NEAR(c_.range()->first, 200'000, 1e-6);
  EXPECT_NEAR(c_.range()->second, 600'000, 1e-6);
  // Backwards gives the same range.
  Drag(600, 200, 100, true);
  EXPECT_NEAR(c_.range()->first, 200'000, 1e-6);
}

TEST_F(TimelineControllerTest, ShiftDragAndRulerDragSelectRanges) {
  Drag(100, 300, 100, false, true);
  ASSERT_TRUE(c_.range());
  EXPECT_NEAR(c_.range()->second, 300'000, 1e-6);
  c_.ClearRange();
  TimelineInput p = At(400, -10);
  p.over_ruler = true;
  p.left_pressed = p.left_down = true;
  c_.Update(p);
  TimelineInput m = At(500, -10);
  m.over_ruler = true;
  m.left_down = true;
  m.mouse_dx = 100;
  c_.Update(m);
  ASSERT_TRUE(c_.range());
  EXPECT_NEAR(c_.range()->first, 400'000, 1e-6);
  EXPECT_NEAR(c_.range()->second, 500'000, 1e-6);
}

TEST_F(TimelineControllerTest, ZoomToRangeFitAndEscape) {
  c_.SetRange(400'000, 500'000);
  TimelineInput z = At(0, 0);
  z.key_zoom_range = true;
  c_.Update(z);
  EXPECT_NEAR(c_.axis().t0(), 395'000, 1e-6);
  TimelineInput f = At(0, 0);
  f.key_fit = true;
  c_.Update(f);
  EXPECT_LT(c_.axis().t0(), 0);
  TimelineInput e = At(0, 0);
  e.key_escape = true;
  EXPECT_TRUE(c_.Update(e).range_changed);
  EXPECT_FALSE(c_.range());
}

TEST_F(TimelineControllerTest, WsZoomAndAdPanWhileHeld) {
  TimelineInput w = At(500, 0);
  w.key_w = true;
  w.dt = 0.1f;
  c_.Update(w);
  EXPECT_LT(c_.axis().ns_per_px(), 1000);
  double npp = c_.axis().ns_per_px();
  TimelineInput s = At(500, 0);
  s.key_s = true;
  s.dt = 0.1f;
  c_.Update(s);
  EXPECT_NEAR(c_.axis().ns_per_px(), 1000, 1e-6);
  EXPECT_GT(c_.axis().ns_per_px(), npp);
  c_.axis().ZoomAround(500, 0.1);
  double t0 = c_.axis().t0();
  TimelineInput d = At(500, 0);
  d.key_d = true;
  d.dt = 0.1f;
  c_.Update(d);
  EXPECT_GT(c_.axis().t0(), t0);
  TimelineInput a = At(500, 0);
  a.key_a = true;
  a.dt = 0.1f;
  c_.Update(a);
  EXPECT_NEAR(c_.axis().t0(), t0, 1e-6);
}

TEST_F(TimelineControllerTest, ScrollIsClampedToTheContent) {
  c_.SetScrollY(-50);
  EXPECT_FLOAT_EQ(c_.scroll_y(), 0);
  c_.SetScrollY(1e6f);
  EXPECT_FLOAT_EQ(c_.scroll_y(), 2000 - 250);
}

}  // namespace
}  // namespace ctrace::viewer
