// The two duration formats: table cells (report, compare) and labels (viewer).
#include "text/duration_text.h"

#include "gtest/gtest.h"

namespace ctrace {
namespace {

TEST(DurationText, CellsHaveThreeSignificantDigitsInSevenCharacters) {
  EXPECT_EQ(FormatDurationCell(0), "0ns");
  EXPECT_EQ(FormatDurationCell(999), "999ns");
  EXPECT_EQ(FormatDurationCell(1000), "1.00us");
  EXPECT_EQ(FormatDurationCell(12'345), "12.3us");
  EXPECT_EQ(FormatDurationCell(999'499), "999us");
  EXPECT_EQ(FormatDurationCell(999'500), "1.00ms");
  EXPECT_EQ(FormatDurationCell(2'410'000'000), "2.41s");
  EXPECT_EQ(FormatDurationCell(1'234'000'000'000), "1234s");
  for (uint64_t ns = 1; ns < 100'000'000'000'000; ns = ns * 3 + 7) {
    EXPECT_LE(FormatDurationCell(ns).size(), 7u) << ns;
  }
}

TEST(DurationText, LabelsHaveThreeSignificantDigits) {
  EXPECT_EQ(FormatDurationLabel(0), "0 ns");
  EXPECT_EQ(FormatDurationLabel(850), "850 ns");
  EXPECT_EQ(FormatDurationLabel(0.5), "0.50 ns");
  EXPECT_EQ(FormatDurationLabel(12'346), "12.35 us");
  EXPECT_EQ(FormatDurationLabel(4'560'000), "4.560 ms");
  EXPECT_EQ(FormatDurationLabel(123'400'000), "123.4 ms");
  EXPECT_EQ(FormatDurationLabel(1'234'000'000), "1.234 s");
  EXPECT_EQ(FormatDurationLabel(-2000), "-2.000 us");
}

TEST(DurationText, ParsesDurationsWithUnits) {
  EXPECT_EQ(ParseDuration("1.5s"), 1.5e9);
  EXPECT_EQ(ParseDuration("20ms"), 20e6);
  EXPECT_EQ(ParseDuration("300us"), 300e3);
  EXPECT_EQ(ParseDuration("42ns"), 42);
  EXPECT_EQ(ParseDuration("42"), 42);
  EXPECT_FALSE(ParseDuration(""));
  EXPECT_FALSE(ParseDuration("ms"));
  EXPECT_FALSE(ParseDuration("5 minutes"));
  EXPECT_FALSE(ParseDuration("nan"));
}

TEST(DurationText, ParsesARangeOfTwoDurations) {
  EXPECT_EQ(ParseDurationRange("10ms:25ms"), std::pair(10e6, 25e6));
  EXPECT_EQ(ParseDurationRange("0:1.5s"), std::pair(0.0, 1.5e9));
  EXPECT_FALSE(ParseDurationRange("25ms:10ms"));  // backwards
  EXPECT_FALSE(ParseDurationRange("10ms:10ms"));  // empty
  EXPECT_FALSE(ParseDurationRange("10ms"));
  EXPECT_FALSE(ParseDurationRange("10ms:"));
  EXPECT_FALSE(ParseDurationRange("a:b"));
}

}  // namespace
}  // namespace ctrace
