#include "model/cpu_tiles.h"

#include <algorithm>
#include <utility>

namespace ctrace {

void CpuTiler::Grow(uint16_t cpu) { lanes_.resize(cpu + size_t{1}); }

CpuTiles CpuTiler::Finish(uint64_t end_ns, size_t cpu_count) {
  CpuTiles out(std::max(cpu_count, lanes_.size()));
  for (size_t c = 0; c < lanes_.size(); ++c) {
    Lane& lane = lanes_[c];
    if (lane.tiles.empty()) continue;
    if (lane.after != kLaneNone && end_ns > lane.at) {
      lane.tiles.push_back({lane.at, lane.after});
      lane.at = end_ns;
    }
    lane.tiles.push_back({lane.at, kLaneNone});
    // Growth slack above a quarter is dropped, as the builder does for intervals.
    if (lane.tiles.capacity() - lane.tiles.size() > lane.tiles.size() / 4) {
      lane.tiles.shrink_to_fit();
    }
    out[c] = std::move(lane.tiles);
  }
  lanes_.clear();
  return out;
}

}  // namespace ctrace
