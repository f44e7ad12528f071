#include "model/cpu_tiles.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "model/cpu_lanes.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Exit;
using ::ctrace::testing::Fork;
using ::ctrace::testing::Switch;
using ::ctrace::testing::Wake;

TimelineBuilderOptions WithTiles() {
  TimelineBuilderOptions o;
  o.cpu_tiles = true;
  return o;
}

struct Tile {
  uint64_t start;
  uint32_t key;
  bool operator==(const Tile&) const = default;
};
std::vector<Tile> Tiles(const PodVector<CpuTile>& lane) {
  std::vector<Tile> out;
  for (const CpuTile& t : lane) out.push_back({t.start_ns, t.key});  // copies: packed fields
  return out;
}

// The builder's tiles are the lanes BuildCpuLanes derives from the threads afterwards.
void ExpectTilesMatchLanes(const Model& m) {
  CpuTiles want = DeriveCpuTiles(m);
  ASSERT_EQ(m.cpu_tiles.size(), want.size());
  for (size_t c = 0; c < want.size(); ++c) {
    EXPECT_EQ(Tiles(m.cpu_tiles[c]), Tiles(want[c])) << "cpu " << c;
  }
}

TEST(CpuTilesTest, BuilderTilesTracedThreadsIdleAndOthers) {
  Model m = Build(testing::CpuHandOvers(), 6000, WithTiles());
  const uint32_t t100 = 0, t101 = 1;
  ASSERT_EQ(m.threads[t100].tid, 100);
  ASSERT_EQ(m.cpu_tiles.size(), 1u);  // CPU 1 never seen
  EXPECT_EQ(Tiles(m.cpu_tiles[0]), (std::vector<Tile>{{2000, t100},
                                                      {3000, t101},
                                                      {4000, kLaneIdle},
                                                      {4500, t100},
                                                      {5000, kLaneOther},
                                                      {5500, t100},
                                                      {6000, kLaneNone}}));
  ExpectTilesMatchLanes(m);
}

TEST(CpuTilesTest, NotBuiltUnlessAskedFor) {
  Model m = Build({Switch(2000, 0, 0, 0, 0, 100, 100), Switch(3000, 0, 100, 100, 0, 0, 0)}, 4000);
  EXPECT_TRUE(m.cpu_tiles.empty());
  EXPECT_FALSE(BuildCpuLanes(m).empty());
}

// A random schedule on 3 CPUs: threads switch in and out, block, are woken, are preempted,
// give the CPU to idle or to untraced threads, and exit; some still run at the end.
TEST(CpuTilesTest, BuilderTilesMatchTheLanesOfARandomSchedule) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    constexpr int kCpus = 3, kThreads = 12;
    std::vector<Event> events;
    uint64_t ts = 1000;
    std::vector<int32_t> on_cpu(kCpus, 0);  // tid running there; 0 idle, >= 900 untraced
    std::vector<bool> running(kThreads + 1, false), exited(kThreads + 1, false);
    for (int32_t tid = 1; tid <= kThreads; ++tid) events.push_back(Fork(ts++, 0, tid, 1, 1, 1));
    for (int step = 0; step < 400; ++step) {
      ts += 1 + rng() % 500;
      const uint16_t cpu = static_cast<uint16_t>(rng() % kCpus);
      const int32_t prev = on_cpu[cpu];
      int32_t next = 0;
      const unsigned pick = rng() % 10;
      if (pick < 7) {
        int32_t cand = static_cast<int32_t>(1 + rng() % kThreads);
        if (!running[cand] && !exited[cand]) next = cand;
      } else if (pick == 7) {
        next = 900 + static_cast<int32_t>(rng() % 3);
      }
      const bool traced_prev = prev > 0 && prev < 900;
      if (traced_prev && rng() % 25 == 0) {  // exits, then leaves the CPU
        events.push_back(Exit(ts, cpu, prev, 1, 0, false));
        exited[prev] = true;
        ++ts;
      }
      const bool block = rng() % 2 == 0;
      events.push_back(Switch(ts, cpu, prev, prev == 0 ? 0 : 1, block ? kTaskInterruptible : 0u,
                              next, next == 0 ? 0 : 1, !block));
      if (traced_prev) running[prev] = false;
      if (next > 0 && next < 900) running[next] = true;
      on_cpu[cpu] = next;
      if (rng() % 3 == 0) {
        int32_t wakee = static_cast<int32_t>(1 + rng() % kThreads);
        if (!running[wakee] && !exited[wakee]) events.push_back(Wake(ts + 1, cpu, wakee, 1, 0, 0));
      }
    }
    Model m = Build(events, ts + 1000, WithTiles());
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    ASSERT_FALSE(m.cpu_tiles.empty());
    ExpectTilesMatchLanes(m);
  }
}

TEST(CpuTilerTest, OverlapsAndEmptyIntervalsAreDropped) {
  CpuTiler tiler;
  tiler.Ran(1, 100, 200, 7, kLaneIdle);
  tiler.Ran(1, 150, 150, 8, kLaneNone);    // empty
  tiler.Ran(1, 120, 180, 9, kLaneNone);    // inside what is tiled: bad data
  tiler.Ran(1, 190, 300, 10, kLaneOther);  // overlaps: keeps its part after 200
  CpuTiles tiles = tiler.Finish(400, 3);
  ASSERT_EQ(tiles.size(), 3u);
  EXPECT_TRUE(tiles[0].empty());
  EXPECT_TRUE(tiles[2].empty());
  EXPECT_EQ(Tiles(tiles[1]),
            (std::vector<Tile>{{100, 7}, {200, 10}, {300, kLaneOther}, {400, kLaneNone}}));
}

TEST(CpuTilerTest, GapsTakeWhatTheSwitchOutSaid) {
  CpuTiler tiler;
  tiler.Ran(0, 100, 200, 1, kLaneIdle);
  tiler.Ran(0, 250, 300, 2, kLaneNone);  // not known what ran 300..350
  tiler.Ran(0, 350, 400, 1, kLaneNone);
  CpuTiles tiles = tiler.Finish(1000, 1);
  EXPECT_EQ(
      Tiles(tiles[0]),
      (std::vector<Tile>{
          {100, 1}, {200, kLaneIdle}, {250, 2}, {300, kLaneNone}, {350, 1}, {400, kLaneNone}}));
}

}  // namespace
}  // namespace ctrace
