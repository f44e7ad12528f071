#include "viewer/core/cpu_lane_items.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "model/cpu_lanes.h"
#include "model/load_model.h"
#include "tests/viewer/synthetic_trace.h"
#include "tests/viewer/viewer_test_util.h"

namespace ctrace::viewer {
namespace {

// The model's CPU lanes, as items tiling time the way BuildCpuLaneItems lays them out.
std::vector<std::vector<CpuItem>> FromModelLanes(const Model& m) {
  std::vector<std::vector<CpuItem>> out;
  for (const std::vector<LaneSegment>& lane : BuildCpuLanes(m)) {
    std::vector<CpuItem> items;
    if (!lane.empty()) {
      uint64_t at = lane.front().start_ns;
      for (const LaneSegment& s : lane) {
        if (s.end_ns <= s.start_ns || s.end_ns <= at) continue;
        uint64_t start = std::max(s.start_ns, at);
        if (start > at) items.push_back({at, kLaneNone});
        items.push_back({start, s.thread});
        at = s.end_ns;
      }
      items.push_back({at, kLaneNone});
    }
    out.push_back(std::move(items));
  }
  return out;
}

void ExpectSame(const Model& m) {
  auto mine = BuildCpuLaneItems(m);
  auto model = FromModelLanes(m);
  mine.resize(std::max(mine.size(), model.size()));
  model.resize(mine.size());
  for (size_t c = 0; c < mine.size(); ++c) {
    ASSERT_EQ(mine[c].size(), model[c].size()) << "cpu " << c;
    for (size_t i = 0; i < mine[c].size(); ++i) {
      uint64_t got = mine[c][i].start_ns, want = model[c][i].start_ns;  // copies: packed fields
      ASSERT_EQ(got, want) << "cpu " << c << " item " << i;
      ASSERT_EQ(mine[c][i].key, model[c][i].key) << "cpu " << c << " item " << i;
    }
  }
}

TEST(CpuLaneItems, SameAsTheModelsCpuLanesOnASmallTrace) {
  ExpectSame(testing::SmallTrace().BuildModel(10000));
}

TEST(CpuLaneItems, SameAsTheModelsCpuLanesOnASyntheticSchedule) {
  std::string path = ::testing::TempDir() + "/cpu_lane_items_test.ctrace";
  testing::SyntheticTraceOptions o;
  o.events = 200'000;
  o.threads = 37;
  o.threads_per_process = 5;
  o.cpus = 3;
  ASSERT_TRUE(testing::WriteSyntheticTrace(path, o).ok());
  absl::StatusOr<Model> m = LoadModel(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(m.ok()) << m.status();
  ExpectSame(*m);
}

TEST(CpuLaneItems, EmptyModelHasEmptyLanes) {
  Model m;
  m.header.cpu_count = 4;
  auto lanes = BuildCpuLaneItems(m);
  ASSERT_EQ(lanes.size(), 4u);
  for (const auto& l : lanes) EXPECT_TRUE(l.empty());
}

}  // namespace
}  // namespace ctrace::viewer
