// Which traced thread held each CPU when, derived from the threads' running intervals. The
// gaps between them are the idle task or threads outside the traced set ("other"), as the
// switch-out that opened each gap recorded (CpuSuccessor).
#ifndef CTRACE_MODEL_CPU_LANES_H_
#define CTRACE_MODEL_CPU_LANES_H_

#include <cstdint>
#include <vector>

#include "model/cpu_tiles.h"  // kLaneIdle, kLaneOther
#include "model/model.h"

namespace ctrace {

struct LaneSegment {
  uint64_t start_ns;
  uint64_t end_ns;
  uint32_t thread;  // thread index, kLaneIdle or kLaneOther
};

// One lane per CPU (index = CPU number), each sorted by start. Time no event accounts for
// (before a CPU's first switch) has no segment.
std::vector<std::vector<LaneSegment>> BuildCpuLanes(const Model& model);

// The same lanes as tiles (model/cpu_tiles.h), one per lane BuildCpuLanes gives: what the
// builder makes in passing with TimelineBuilderOptions::cpu_tiles, for a model built without.
CpuTiles DeriveCpuTiles(const Model& model);

}  // namespace ctrace

#endif  // CTRACE_MODEL_CPU_LANES_H_
