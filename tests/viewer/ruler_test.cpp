#include "viewer/core/ruler.h"

#include <cmath>

#include "gtest/gtest.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"

namespace ctrace::viewer {
namespace {

TEST(Ruler, NiceStepsAreOneTwoFive) {
  EXPECT_EQ(NiceStep(0.1), 1);
  EXPECT_EQ(NiceStep(1), 1);
  EXPECT_EQ(NiceStep(1.5), 2);
  EXPECT_EQ(NiceStep(3), 5);
  EXPECT_EQ(NiceStep(7), 10);
  EXPECT_EQ(NiceStep(120'000), 200'000);
  EXPECT_EQ(NiceStep(3e9), 5e9);
}

TEST(Ruler, MajorTicksAreAtLeastTheMinimumApart) {
  for (double npp : {1.0 / 64, 0.3, 7.0, 1234.0, 5e6}) {
    Ruler r = ComputeRuler(1000, npp, 1600, 100);
    EXPECT_GE(r.major_step / npp, 100.0) << npp;
    EXPECT_LT(r.major_step / npp, 100.0 * 2.5 + 1e-9) << npp;
    double last = -1e300;
    for (const RulerTick& t : r.ticks) {
      if (!t.major) continue;
      if (last > -1e300) {
        EXPECT_NEAR(t.t - last, r.major_step, r.major_step * 1e-9);
      }
      last = t.t;
    }
  }
}

TEST(Ruler, TicksStayInsideTheViewAndOnTheGrid) {
  Ruler r = ComputeRuler(12'345, 10, 1000, 100);
  ASSERT_FALSE(r.ticks.empty());
  for (const RulerTick& t : r.ticks) {
    EXPECT_GE(t.t, 12'345);
    EXPECT_LE(t.t, 12'345 + 10'000);
    double q = t.t / r.minor_step;
    EXPECT_NEAR(q, std::round(q), 1e-6);
  }
}

TEST(Ruler, NeverMoreTicksThanPixels) {
  Ruler r = ComputeRuler(0, 1.0 / 64, 100, 1);
  EXPECT_LE(r.ticks.size(), 100u + 16);
  EXPECT_GE(r.minor_step, 1.0);
}

TEST(Ruler, LabelsUseTheUnitOfTheStep) {
  EXPECT_EQ(TickLabel(0, 1000), "0");
  EXPECT_EQ(TickLabel(300, 100), "300 ns");
  EXPECT_EQ(TickLabel(2500, 500), "2.5 us");
  EXPECT_EQ(TickLabel(250'000, 50'000), "250 us");
  EXPECT_EQ(TickLabel(1'500'000, 500'000), "1.5 ms");
  EXPECT_EQ(TickLabel(3e9, 1e9), "3 s");
  EXPECT_EQ(TickLabel(2.5e9, 5e8), "2.5 s");
}

TEST(Ruler, LabelsPastASecondKeepNanosecondPrecision) {
  EXPECT_EQ(TickLabel(2'000'000'250.0, 50), "2.00000025 s");
  EXPECT_EQ(TickLabel(1'000'000'001.0, 1), "1.000000001 s");
}

TEST(TimeFormat, OffsetsAreSecondsWithNanoseconds) {
  EXPECT_EQ(FormatOffset(1'234'567'890), "+1.234567890 s");
  EXPECT_EQ(FormatOffset(-5), "-0.000000005 s");
}

}  // namespace
}  // namespace ctrace::viewer
