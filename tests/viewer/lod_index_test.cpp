#include "viewer/core/lod_index.h"

#include <algorithm>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "model/thread_timeline.h"

namespace ctrace::viewer {
namespace {

unsigned KeyAsClass(uint32_t key) { return key & 15; }

// Items [start_i, start_i+1) with the given lengths and keys, from t = 0.
struct Lane {
  std::vector<LodEntry> entries;  // plus end sentinel
  LaneItems items() const {
    LaneItems l;
    l.base = entries.data();
    l.stride = sizeof(LodEntry);
    l.count = entries.size() - 1;
    l.end_ns = entries.back().start_ns;
    return l;
  }
};

Lane MakeLane(const std::vector<uint64_t>& lengths, const std::vector<uint32_t>& keys,
              uint64_t start = 0) {
  Lane lane;
  uint64_t t = start;
  for (size_t i = 0; i < lengths.size(); ++i) {
    lane.entries.push_back({t, keys[i % keys.size()], static_cast<uint32_t>(i)});
    t += lengths[i];
  }
  lane.entries.push_back({t, 0, static_cast<uint32_t>(lengths.size())});
  return lane;
}

Lane Uniform(size_t n, uint64_t len, std::vector<uint32_t> keys) {
  return MakeLane(std::vector<uint64_t>(n, len), keys);
}

TEST(LodIndex, LevelsHalveAndWidenByFour) {
  Lane lane = Uniform(100000, 100, {1, 2});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  ASSERT_GE(index.levels().size(), 3u);
  size_t previous = 100000;
  uint64_t width = 0;
  for (const LodLevel& l : index.levels()) {
    EXPECT_LE(l.size() * 2, previous);
    if (width != 0) {
      EXPECT_EQ(l.width_ns % (width * 4), 0u);
    }
    previous = l.size();
    width = l.width_ns;
    // The sentinel closes the lane.
    EXPECT_EQ(l.entries.back().start_ns, 100000u * 100);
    EXPECT_EQ(l.entries.back().first, 100000u);
  }
  EXPECT_LE(index.levels().back().size(), 4u);
}

TEST(LodIndex, LongItemsNeedNoLevels) {
  // Every item is longer than the widest level that could merge anything.
  Lane lane = Uniform(100, 1'000'000'000, {1});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  EXPECT_TRUE(index.levels().empty() || index.levels().front().width_ns >= 1'000'000'000u);
}

TEST(LodIndex, LevelForPicksTheCoarsestLevelNoWiderThanAPixel) {
  Lane lane = Uniform(100000, 100, {1, 2});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  ASSERT_FALSE(index.levels().empty());
  EXPECT_EQ(index.LevelFor(1.0), -1);
  double w0 = static_cast<double>(index.levels()[0].width_ns);
  EXPECT_EQ(index.LevelFor(w0), 0);
  EXPECT_EQ(index.LevelFor(w0 * 3.9),
            index.levels().size() > 1 && index.levels()[1].width_ns <= w0 * 3.9 ? 1 : 0);
  EXPECT_EQ(index.LevelFor(1e18), static_cast<int>(index.levels().size()) - 1);
}

TEST(LodIndex, RunsAreExactItemsWhenZoomedIn) {
  Lane lane = MakeLane({100, 200, 300, 400}, {1, 2, 3, 4});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  std::vector<LaneRun> runs;
  // 1 ns per pixel, view [0, 1000).
  index.Runs(lane.items(), 0, 0, 1.0, 1000, KeyAsClass, &runs);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_FLOAT_EQ(runs[0].x0, 0);
  EXPECT_FLOAT_EQ(runs[0].x1, 100);
  EXPECT_FLOAT_EQ(runs[1].x0, 100);
  EXPECT_FLOAT_EQ(runs[1].x1, 300);
  EXPECT_FLOAT_EQ(runs[3].x1, 1000);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(runs[i].key, i + 1);
    EXPECT_EQ(runs[i].first, i);
    EXPECT_EQ(runs[i].count, 1u);
    EXPECT_FALSE(runs[i].merged());
  }
}

TEST(LodIndex, RunsStartAtTheItemUnderTheLeftEdge) {
  Lane lane = MakeLane({100, 200, 300, 400}, {1, 2, 3, 4});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  std::vector<LaneRun> runs;
  // View [350, 450) at 1 ns/px: the third item (300..600) only, clipped at the left.
  index.Runs(lane.items(), 0, 350, 1.0, 100, KeyAsClass, &runs);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].key, 3u);
  EXPECT_FLOAT_EQ(runs[0].x0, -1);  // clipped just outside the view
  EXPECT_FLOAT_EQ(runs[0].x1, 101);
}

TEST(LodIndex, OriginShiftsTheView) {
  Lane lane = MakeLane({100, 100}, {1, 2}, 1'000'000'000'000);
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  std::vector<LaneRun> runs;
  index.Runs(lane.items(), 1'000'000'000'000, 0, 1.0, 200, KeyAsClass, &runs);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_FLOAT_EQ(runs[1].x0, 100);
}

TEST(LodIndex, ViewBeforeTheLaneStartDoesNotWrap) {
  Lane lane = MakeLane({100, 100}, {1, 2}, 5000);
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  std::vector<LaneRun> runs;
  // Origin 5000, view from t = -100: the lane starts 100 px into the view.
  index.Runs(lane.items(), 5000, -100, 1.0, 400, KeyAsClass, &runs);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_FLOAT_EQ(runs[0].x0, 100);
  EXPECT_FLOAT_EQ(runs[1].x1, 300);
}

TEST(LodIndex, ZoomedOutRunCountDependsOnPixelsNotItems) {
  for (size_t n : {10'000u, 100'000u, 1'000'000u}) {
    Lane lane = Uniform(n, 100, {1, 2, 3});
    LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
    std::vector<LaneRun> runs;
    const float width = 1000;
    double npp = static_cast<double>(n) * 100 / width;
    index.Runs(lane.items(), 0, 0, npp, width, KeyAsClass, &runs);
    EXPECT_LE(runs.size(), 2 * static_cast<size_t>(width)) << n << " items";
    EXPECT_GE(runs.size(), static_cast<size_t>(width) / 4) << n << " items";
  }
}

TEST(LodIndex, RunsTileTheViewWithoutGapsOrOverlap) {
  std::vector<uint64_t> lengths;
  for (int i = 0; i < 50000; ++i) lengths.push_back(1 + (i * 7919) % 5000);
  Lane lane = MakeLane(lengths, {1, 2, 3, 4, 5});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  for (double npp : {0.5, 3.0, 100.0, 10'000.0, 200'000.0}) {
    std::vector<LaneRun> runs;
    index.Runs(lane.items(), 0, 12345, npp, 800, KeyAsClass, &runs);
    ASSERT_FALSE(runs.empty());
    for (size_t i = 1; i < runs.size(); ++i) {
      EXPECT_NEAR(runs[i].x0, runs[i - 1].x1, 1e-3) << "npp " << npp << " run " << i;
      EXPECT_EQ(runs[i].first, runs[i - 1].first + runs[i - 1].count) << "npp " << npp;
    }
  }
}

TEST(LodIndex, MergedRunsTakeTheKeyCoveringMostTime) {
  // 90 ns of key 1 then 10 ns of key 2, repeated: merged blocks are key 1.
  std::vector<uint64_t> lengths;
  for (int i = 0; i < 20000; ++i) lengths.push_back(i % 2 == 0 ? 90 : 10);
  Lane lane = MakeLane(lengths, {1, 2});
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  std::vector<LaneRun> runs;
  index.Runs(lane.items(), 0, 0, 1000.0, 1000, KeyAsClass, &runs);
  ASSERT_FALSE(runs.empty());
  for (const LaneRun& r : runs) {
    EXPECT_TRUE(r.merged());
    EXPECT_EQ(r.key, 1u);
  }
}

TEST(LodIndex, ALongItemAmongShortOnesStaysExactAtEveryZoom) {
  std::vector<uint64_t> lengths(10000, 50);
  lengths[5000] = 10'000'000;  // 10 ms
  Lane lane = MakeLane(lengths, {1});
  lane.entries[5000].key = 7;
  LodIndex index = LodIndex::Build(lane.items(), KeyAsClass);
  uint64_t start = lane.entries[5000].start_ns;
  for (double npp : {100.0, 1000.0, 10'000.0}) {
    std::vector<LaneRun> runs;
    double t0 = static_cast<double>(start) - 500 * npp;
    index.Runs(lane.items(), 0, t0, npp, 2000, KeyAsClass, &runs);
    auto it = std::find_if(runs.begin(), runs.end(), [](const LaneRun& r) { return r.key == 7; });
    ASSERT_NE(it, runs.end()) << npp;
    EXPECT_EQ(it->first, 5000u);
    EXPECT_EQ(it->count, 1u);
    EXPECT_NEAR(it->x0, 500, 1.0);
  }
}

TEST(LodIndex, ReadsStateIntervalsInPlaceWithAKeyMask) {
  std::vector<StateInterval> iv = {
      StateInterval::Make(100, ThreadState::kRunning, 3, -1, CpuSuccessor::kIdle),
      StateInterval::Make(200, ThreadState::kBlockedFutex, 3, 202)};
  LaneItems items{iv.data(), sizeof(StateInterval), iv.size(), 500, 0xFFFF000Fu};
  EXPECT_EQ(items.start(1), 200u);
  EXPECT_EQ(items.end(1), 500u);
  EXPECT_EQ(items.key(0), static_cast<uint32_t>(ThreadState::kRunning) | (3u << 16));
  EXPECT_EQ(items.key(1), static_cast<uint32_t>(ThreadState::kBlockedFutex) | (3u << 16));
}

TEST(LodIndex, EmptyLaneHasNoRuns) {
  LaneItems empty;
  LodIndex index = LodIndex::Build(empty, KeyAsClass);
  std::vector<LaneRun> runs;
  index.Runs(empty, 0, 0, 1.0, 100, KeyAsClass, &runs);
  EXPECT_TRUE(runs.empty());
}

}  // namespace
}  // namespace ctrace::viewer
