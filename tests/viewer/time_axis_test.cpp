#include "viewer/core/time_axis.h"

#include "gtest/gtest.h"

namespace ctrace::viewer {
namespace {

TimeAxis Axis(double total, float width) {
  TimeAxis a;
  a.SetBounds(total);
  a.SetWidth(width);
  a.SetRange(0, total);
  return a;
}

TEST(TimeAxis, MapsTimeToPixelsAndBack) {
  TimeAxis a = Axis(1'000'000, 1000);
  EXPECT_DOUBLE_EQ(a.ns_per_px(), 1000);
  EXPECT_FLOAT_EQ(a.XOf(250'000), 250);
  EXPECT_DOUBLE_EQ(a.TimeAt(250), 250'000);
}

TEST(TimeAxis, ZoomAroundKeepsTheTimeUnderTheCursor) {
  TimeAxis a = Axis(1'000'000, 1000);
  double under = a.TimeAt(300);
  a.ZoomAround(300, 0.5);
  EXPECT_DOUBLE_EQ(a.ns_per_px(), 500);
  EXPECT_NEAR(a.TimeAt(300), under, 1e-6);
  a.ZoomAround(300, 2.0);
  EXPECT_NEAR(a.TimeAt(300), under, 1e-6);
}

TEST(TimeAxis, ZoomsDownToSingleNanoseconds) {
  TimeAxis a = Axis(10'000'000'000.0, 1600);  // a 10 s trace
  for (int i = 0; i < 200; ++i) a.ZoomAround(800, 0.8);
  EXPECT_DOUBLE_EQ(a.ns_per_px(), TimeAxis::kMinNsPerPx);
  EXPECT_LE(a.span(), 1600 * TimeAxis::kMinNsPerPx + 1e-9);
  // One nanosecond is many pixels wide and adjacent nanoseconds are distinct pixels.
  double t = a.TimeAt(800);
  EXPECT_GE(a.XOf(t + 1) - a.XOf(t), 60.0f);
}

TEST(TimeAxis, ZoomOutStopsAtTwiceTheTrace) {
  TimeAxis a = Axis(1'000'000, 1000);
  for (int i = 0; i < 100; ++i) a.ZoomAround(500, 1.5);
  EXPECT_DOUBLE_EQ(a.span(), 2'000'000);
}

TEST(TimeAxis, PanMovesByPixels) {
  TimeAxis a = Axis(1'000'000, 1000);
  a.ZoomAround(500, 0.1);  // 100 ns/px
  double t0 = a.t0();
  a.Pan(-10);  // content moves left: later times come into view
  EXPECT_DOUBLE_EQ(a.t0(), t0 + 1000);
  a.Pan(10);
  EXPECT_DOUBLE_EQ(a.t0(), t0);
}

TEST(TimeAxis, PanKeepsPartOfTheTraceVisible) {
  TimeAxis a = Axis(1'000'000, 1000);
  a.Pan(-1e9f);
  EXPECT_LE(a.t0(), 1'000'000 - 0.1 * a.span() + 1e-6);
  a.Pan(1e9f);
  EXPECT_GE(a.t0(), -0.9 * a.span() - 1e-6);
}

TEST(TimeAxis, FitShowsTheWholeTraceWithAMargin) {
  TimeAxis a = Axis(1'000'000, 1000);
  a.ZoomAround(10, 0.001);
  a.Fit();
  EXPECT_LT(a.t0(), 0);
  EXPECT_GT(a.t1(), 1'000'000);
  EXPECT_NEAR(a.span(), 1'020'000, 1);
}

TEST(TimeAxis, ZoomToRangeFramesTheRange) {
  TimeAxis a = Axis(1'000'000, 1000);
  a.ZoomToRange(400'000, 500'000);
  EXPECT_NEAR(a.t0(), 395'000, 1e-6);
  EXPECT_NEAR(a.t1(), 505'000, 1e-6);
  a.ZoomToRange(500'000, 400'000);  // either order
  EXPECT_NEAR(a.t0(), 395'000, 1e-6);
}

TEST(TimeAxis, ResizeKeepsScaleAndStart) {
  TimeAxis a = Axis(1'000'000, 1000);
  a.ZoomToRange(100'000, 200'000);
  double t0 = a.t0(), npp = a.ns_per_px();
  a.SetWidth(500);
  EXPECT_DOUBLE_EQ(a.t0(), t0);
  EXPECT_DOUBLE_EQ(a.ns_per_px(), npp);
}

}  // namespace
}  // namespace ctrace::viewer
