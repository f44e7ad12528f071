#include "model/cpu_lanes.h"

#include <algorithm>

namespace ctrace {

std::vector<std::vector<LaneSegment>> BuildCpuLanes(const Model& model) {
  std::vector<std::vector<LaneSegment>> lanes(model.header.cpu_count);
  auto lane = [&lanes](uint16_t cpu) -> std::vector<LaneSegment>& {
    if (cpu >= lanes.size()) lanes.resize(cpu + 1u);
    return lanes[cpu];
  };
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const PodVector<StateInterval>& iv = model.threads[t].intervals;
    for (size_t i = 0; i < iv.size(); ++i) {
      if (iv[i].state() != ThreadState::kRunning) continue;
      uint64_t end = model.IntervalEnd(model.threads[t], i);
      std::vector<LaneSegment>& segments = lane(iv[i].cpu());
      segments.push_back({iv[i].start_ns, end, t});
      if (i + 1 == iv.size()) continue;
      // The gap after it lasts until the next traced thread runs there (filled in below).
      switch (iv[i + 1].successor()) {
        case CpuSuccessor::kIdle:
          segments.push_back({end, end, kLaneIdle});
          break;
        case CpuSuccessor::kOther:
          segments.push_back({end, end, kLaneOther});
          break;
        case CpuSuccessor::kUnknown:
          break;
      }
    }
  }
  for (std::vector<LaneSegment>& segments : lanes) {
    // Equal starts: a gap opened by a switch-out sorts before the thread switched in at the
    // same time, and so ends there with zero length.
    std::sort(segments.begin(), segments.end(), [](const LaneSegment& a, const LaneSegment& b) {
      if (a.start_ns != b.start_ns) return a.start_ns < b.start_ns;
      return a.thread > b.thread;
    });
    for (size_t k = 0; k < segments.size(); ++k) {
      LaneSegment& s = segments[k];
      if (s.thread == kLaneIdle || s.thread == kLaneOther) {
        s.end_ns = k + 1 < segments.size() ? segments[k + 1].start_ns : model.end_ns;
      }
    }
    std::erase_if(segments, [](const LaneSegment& s) {
      return (s.thread == kLaneIdle || s.thread == kLaneOther) && s.end_ns <= s.start_ns;
    });
  }
  return lanes;
}

CpuTiles DeriveCpuTiles(const Model& model) {
  const std::vector<std::vector<LaneSegment>> lanes = BuildCpuLanes(model);
  // Each lane is sorted and its idle and other gaps are segments of their own, so the tiler
  // gets them in order and needs to know nothing of what follows a segment.
  CpuTiler tiler;
  for (size_t c = 0; c < lanes.size(); ++c) {
    for (const LaneSegment& s : lanes[c]) {
      tiler.Ran(static_cast<uint16_t>(c), s.start_ns, s.end_ns, s.thread, kLaneNone);
    }
  }
  return tiler.Finish(model.end_ns, lanes.size());
}

}  // namespace ctrace
