// Level of detail for one lane: a precomputed multi-resolution summary, so drawing a lane
// costs a few items per pixel whatever the number of intervals behind them.
//
// A lane is a sequence of items that tile time: item i covers [start(i), start(i + 1)), the
// last one ends at the lane's end. Each item has a 32-bit key (for a thread lane: state and
// CPU; for a CPU lane: the thread that ran, or idle). Level k of the index is the same
// lane at a coarser grain: an item at least `width_ns` long is kept as it is, and runs of
// shorter items are merged into blocks about `width_ns` long whose key is the key that
// covered most of the block's time. Widths grow by a factor of 4 (1 us, 4 us, 16 us, ...);
// a level that would not halve the last kept one is not kept, so the index holds fewer
// entries than the lane has items.
//
// Drawing at `ns_per_px` uses the coarsest level whose width is at most one pixel, so every
// item it reads is either an exact interval or a block under two pixels wide, and the count
// of items read is bounded by a small multiple of the pixels.
#ifndef CTRACE_VIEWER_CORE_LOD_INDEX_H_
#define CTRACE_VIEWER_CORE_LOD_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/pod_vector.h"
#include "model/cpu_tiles.h"

namespace ctrace::viewer {

// Level 0 of a lane, read in place: `count` items of `stride` bytes, each starting with a
// uint64_t start time followed by a uint32_t key (StateInterval and LodEntry both are).
struct LaneItems {
  const void* base = nullptr;
  size_t stride = 0;
  size_t count = 0;
  uint64_t end_ns = 0;      // end of the last item
  uint32_t key_mask = ~0u;  // bits of the stored key that make the drawn key

  uint64_t start(size_t i) const {
    uint64_t v;
    std::memcpy(&v, static_cast<const char*>(base) + i * stride, sizeof(v));
    return v;
  }
  uint64_t end(size_t i) const { return i + 1 < count ? start(i + 1) : end_ns; }
  uint32_t key(size_t i) const {
    uint32_t v;
    std::memcpy(&v, static_cast<const char*>(base) + i * stride + sizeof(uint64_t), sizeof(v));
    return v & key_mask;
  }
};

struct LodEntry {
  uint64_t start_ns;
  uint32_t key;    // the key of the item, or of a merged block's dominant class
  uint32_t first;  // index of the first level-0 item it covers
};
static_assert(sizeof(LodEntry) == 16);

struct LodLevel {
  uint64_t width_ns;
  // Entries in time order, then one sentinel: {lane end, 0, level-0 count}. Reserved once
  // and trimmed in place (see Merge), on the heap, whose freed memory the next levels reuse.
  PodVector<LodEntry, kHeapOnly> entries;
  size_t size() const { return entries.empty() ? 0 : entries.size() - 1; }
};

// What a key counts as when blocks are merged (at most 16 classes): for a thread lane its
// state, for a CPU lane busy/idle/other.
using KeyClassFn = unsigned (*)(uint32_t key);
// The class of keys that keep it in their low 4 bits (a thread lane's: its state). Build
// recognises this one and inlines it.
inline unsigned LowBitsKeyClass(uint32_t key) { return key & 0xF; }
// The class of a CPU lane's keys (model/cpu_tiles.h): nothing known, idle, a thread outside
// the traced set, a traced thread. Build recognises this one too.
inline unsigned CpuKeyClass(uint32_t key) {
  switch (key) {
    case kLaneNone:
      return 0;
    case kLaneIdle:
      return 1;
    case kLaneOther:
      return 2;
    default:
      return 3;
  }
}

// A run of pixels drawn in one colour: an exact item (`count` == 1, possibly clipped) or
// several items merged because they are narrower than a pixel.
struct LaneRun {
  float x0;
  float x1;
  uint32_t key;    // the item's key, or the dominant key of merged items
  uint32_t first;  // level-0 items [first, first + count)
  uint32_t count;
  bool merged() const { return count > 1; }
};

class LodIndex {
 public:
  static constexpr uint64_t kFinestWidthNs = 1024;

  LodIndex() = default;
  static LodIndex Build(const LaneItems& items, KeyClassFn classify);

  const std::vector<LodLevel>& levels() const { return levels_; }
  // The level to read at `ns_per_px`: -1 for level 0 (the items themselves).
  int LevelFor(double ns_per_px) const;
  size_t MemoryBytes() const;

  // The runs covering the view [t0_ns, t0_ns + ns_per_px * width_px) of the lane, in pixel
  // coordinates relative to the view's left edge (clipped to [-1, width_px + 1]). Adjacent
  // items narrower than a pixel are merged into runs at least a pixel wide, coloured by the
  // key that covers most of them; items a pixel or wider are exact. `origin_ns` is the
  // absolute time of the view's t = 0 (the trace start). Appends to `out`.
  void Runs(const LaneItems& items, uint64_t origin_ns, double t0_ns, double ns_per_px,
            float width_px, KeyClassFn classify, std::vector<LaneRun>* out) const;

 private:
  std::vector<LodLevel> levels_;
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_LOD_INDEX_H_
