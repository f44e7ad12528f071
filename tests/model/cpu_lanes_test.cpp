#include "model/cpu_lanes.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;

TEST(CpuLanesTest, LanesShowTracedThreadsIdleAndOthers) {
  Model m = Build(testing::CpuHandOvers(), 6000);
  m.header.cpu_count = 2;
  std::vector<std::vector<LaneSegment>> lanes = BuildCpuLanes(m);
  ASSERT_EQ(lanes.size(), 2u);
  EXPECT_TRUE(lanes[1].empty());
  uint32_t t100 = 0;  // thread indices: 100, 101 (its creator 1 is not traced)
  uint32_t t101 = 1;
  ASSERT_EQ(m.threads[t100].tid, 100);
  const std::vector<LaneSegment>& l = lanes[0];
  ASSERT_EQ(l.size(), 6u);
  auto expect = [&](size_t i, uint64_t start, uint64_t end, uint32_t thread) {
    EXPECT_EQ(l[i].start_ns, start) << i;
    EXPECT_EQ(l[i].end_ns, end) << i;
    EXPECT_EQ(l[i].thread, thread) << i;
  };
  expect(0, 2000, 3000, t100);
  expect(1, 3000, 4000, t101);
  expect(2, 4000, 4500, kLaneIdle);
  expect(3, 4500, 5000, t100);
  expect(4, 5000, 5500, kLaneOther);
  expect(5, 5500, 6000, t100);
}

}  // namespace
}  // namespace ctrace
