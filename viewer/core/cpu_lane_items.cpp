#include "viewer/core/cpu_lane_items.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "model/cpu_lanes.h"  // kLaneIdle, kLaneOther

namespace ctrace::viewer {
namespace {

struct Segment {
  uint64_t start;
  uint64_t end;
  uint32_t thread;
  uint32_t after;  // what held the CPU after it: kLaneIdle, kLaneOther or kLaneNone
};

// Stable LSD radix sort by start time, 11 bits a pass over the span of starts (3 passes for
// a few seconds): several times faster than a comparison sort on millions of segments.
void RadixSortByStart(std::vector<Segment>* segs, std::vector<Segment>* scratch) {
  std::vector<Segment>& s = *segs;
  if (s.size() < 2) return;
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const Segment& x : s) {
    lo = std::min(lo, x.start);
    hi = std::max(hi, x.start);
  }
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  const int passes = (std::bit_width(hi - lo) + kBits - 1) / kBits;
  scratch->resize(s.size());
  std::vector<size_t> count(kBuckets);
  for (int p = 0; p < passes; ++p) {
    const int shift = p * kBits;
    std::fill(count.begin(), count.end(), 0);
    for (const Segment& x : s) ++count[((x.start - lo) >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& c : count) sum += std::exchange(c, sum);
    for (const Segment& x : s) (*scratch)[count[((x.start - lo) >> shift) & (kBuckets - 1)]++] = x;
    s.swap(*scratch);
  }
}

}  // namespace

std::vector<std::vector<CpuItem>> BuildCpuLaneItems(const Model& model) {
  std::vector<std::vector<Segment>> segs(model.header.cpu_count);
  std::vector<size_t> counts(model.header.cpu_count);
  for (const Thread& th : model.threads) {
    for (const StateInterval& iv : th.intervals) {
      if (iv.state() != ThreadState::kRunning) continue;
      if (iv.cpu() >= counts.size()) counts.resize(iv.cpu() + 1u);
      ++counts[iv.cpu()];
    }
  }
  segs.resize(counts.size());
  for (size_t c = 0; c < counts.size(); ++c) segs[c].reserve(counts[c]);
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    const std::vector<StateInterval>& iv = th.intervals;
    for (size_t i = 0; i < iv.size(); ++i) {
      if (iv[i].state() != ThreadState::kRunning) continue;
      uint32_t after = kLaneNone;
      if (i + 1 < iv.size()) {
        if (iv[i + 1].successor() == CpuSuccessor::kIdle) after = kLaneIdle;
        if (iv[i + 1].successor() == CpuSuccessor::kOther) after = kLaneOther;
      }
      segs[iv[i].cpu()].push_back({iv[i].start_ns, model.IntervalEnd(th, i), t, after});
    }
  }
  std::vector<std::vector<CpuItem>> lanes(segs.size());
  std::vector<Segment> scratch;
  for (size_t c = 0; c < segs.size(); ++c) {
    std::vector<Segment>& s = segs[c];
    if (s.empty()) continue;
    RadixSortByStart(&s, &scratch);
    std::vector<CpuItem>& out = lanes[c];
    out.reserve(s.size() * 2 + 2);
    uint64_t at = s.front().start;
    uint32_t after = kLaneNone;
    for (const Segment& seg : s) {
      if (seg.end <= seg.start || seg.end <= at) continue;  // empty, or overlapped (bad data)
      uint64_t start = std::max(seg.start, at);
      if (start > at) out.push_back({at, after});
      out.push_back({start, seg.thread});
      at = seg.end;
      after = seg.after;
    }
    // After the last switch-out the CPU stays idle (or with others) to the end.
    if (after != kLaneNone && model.end_ns > at) {
      out.push_back({at, after});
      at = model.end_ns;
    }
    out.push_back({at, kLaneNone});
    out.shrink_to_fit();
    s = {};
  }
  return lanes;
}

}  // namespace ctrace::viewer
