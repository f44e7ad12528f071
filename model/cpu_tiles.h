// The CPU lanes as tiles, built while the model is: per CPU, items that tile time from the
// CPU's first traced switch to the end of the trace, each keyed by the thread that ran
// (thread index), kLaneIdle, kLaneOther, or kLaneNone where no event tells. Same content as
// BuildCpuLanes (model/cpu_lanes.h), which derives it afterwards from the threads' intervals
// and a sort; built here in passing, it costs no second pass over a 10-million-event model.
//
// A running interval is known whole when its thread's next interval starts, and the builder
// applies events in time order, so each CPU's running intervals arrive in order of their
// ends, which for intervals that do not overlap is the order of their starts: appended as
// they come, they are already sorted.
#ifndef CTRACE_MODEL_CPU_TILES_H_
#define CTRACE_MODEL_CPU_TILES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/pod_vector.h"

namespace ctrace {

// Keys of CPU time no traced thread held (CpuTile::key, LaneSegment::thread).
inline constexpr uint32_t kLaneIdle = 0xFFFFFFFE;   // the CPU was idle
inline constexpr uint32_t kLaneOther = 0xFFFFFFFD;  // a thread outside the traced set ran
inline constexpr uint32_t kLaneNone = 0xFFFFFFFC;   // nothing is known

#pragma pack(push, 4)
struct CpuTile {
  uint64_t start_ns;
  uint32_t key;  // thread index, kLaneIdle, kLaneOther or kLaneNone
};
#pragma pack(pop)
static_assert(sizeof(CpuTile) == 12);

// One vector per CPU (index = CPU number); each non-empty one ends with a sentinel tile
// {end of the last tile, kLaneNone}.
using CpuTiles = std::vector<PodVector<CpuTile>>;

class CpuTiler {
 public:
  // Thread `thread` ran on `cpu` over [start, end); `after` says what held the CPU next
  // (kLaneIdle, kLaneOther, or kLaneNone: a traced thread, or not known). Calls for one CPU
  // come in order of `end`. An empty interval, or the part of one that overlaps what is
  // already tiled (only bad data does), is dropped.
  void Ran(uint16_t cpu, uint64_t start, uint64_t end, uint32_t thread, uint32_t after) {
    if (cpu >= lanes_.size()) Grow(cpu);
    Lane& lane = lanes_[cpu];
    if (end <= start) return;
    if (lane.tiles.empty()) {
      lane.at = start;
    } else if (end <= lane.at) {
      return;
    }
    if (start > lane.at) lane.tiles.push_back({lane.at, lane.after});
    lane.tiles.push_back({start > lane.at ? start : lane.at, thread});
    lane.at = end;
    lane.after = after;
  }

  // Closes every lane at `end_ns` (after its last switch-out a CPU stays idle, or with
  // others, to the end) and returns at least `cpu_count` lanes.
  CpuTiles Finish(uint64_t end_ns, size_t cpu_count);

 private:
  struct Lane {
    PodVector<CpuTile> tiles;
    uint64_t at = 0;  // end of the last tile
    uint32_t after = kLaneNone;
  };
  void Grow(uint16_t cpu);

  std::vector<Lane> lanes_;
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_CPU_TILES_H_
