#include "viewer/core/compare_table.h"

#include "gtest/gtest.h"
#include "tests/viewer/viewer_test_util.h"

namespace ctrace::viewer {
namespace {

TEST(CompareTable, RelativeChange) {
  EXPECT_EQ(RelativeChange(100, 100), "=");
  EXPECT_EQ(RelativeChange(100, 125), "+25.0%");
  EXPECT_EQ(RelativeChange(200, 150), "-25.0%");
  EXPECT_EQ(RelativeChange(0, 5), "new");
}

TEST(CompareTable, FormatsByUnit) {
  EXPECT_EQ(FormatMetric(4521, MetricUnit::kCount), "4521");
  EXPECT_EQ(FormatMetric(1'500'000, MetricUnit::kNanoseconds), "1.500 ms");
}

TEST(CompareTable, OneValuePerTraceInTheSameOrder) {
  auto a = testing::SmallTrace().BuildDocument(10000);
  testing::EventList more = testing::SmallTrace();
  more.Fork(9100, 1, 102, 100, 101, 100);
  auto b = more.BuildDocument(12000);
  auto aa = Analyze(*a);
  auto ab = Analyze(*b);
  std::vector<CompareRow> rows = BuildCompareTable({a.get(), b.get()}, {aa.get(), ab.get()});
  ASSERT_FALSE(rows.empty());
  auto row = [&](const std::string& name) -> const CompareRow& {
    for (const CompareRow& r : rows) {
      if (r.name == name) return r;
    }
    ADD_FAILURE() << "no row " << name;
    return rows[0];
  };
  EXPECT_EQ(row("threads").values, (std::vector<double>{3, 4}));
  EXPECT_EQ(row("duration").values, (std::vector<double>{9000, 11000}));
  EXPECT_EQ(row("duration").unit, MetricUnit::kNanoseconds);
  for (const CompareRow& r : rows) EXPECT_EQ(r.values.size(), 2u) << r.name;
}

}  // namespace
}  // namespace ctrace::viewer
