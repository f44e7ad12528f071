#include "viewer/core/lod_index.h"

#include <algorithm>
#include <array>
#include <bit>

namespace ctrace::viewer {
namespace {

// Level 0 (kLevel false: the lane's items) or a built level, read the same way. Which one is
// a template argument: the choice is made once per pass, not once per item read.
template <bool kLevel>
class Source {
 public:
  Source(const LaneItems& items, const LodLevel* level) : items_(items), level_(level) {}
  size_t size() const {
    if constexpr (kLevel) return level_->size();
    return items_.count;
  }
  uint64_t start(size_t i) const {
    if constexpr (kLevel) return level_->entries[i].start_ns;
    return items_.start(i);
  }
  uint64_t end(size_t i) const {
    if constexpr (kLevel) return level_->entries[i + 1].start_ns;
    return items_.end(i);
  }
  uint32_t key(size_t i) const {
    if constexpr (kLevel) return level_->entries[i].key;
    return items_.key(i);
  }
  uint32_t first(size_t i) const {
    if constexpr (kLevel) return level_->entries[i].first;
    return static_cast<uint32_t>(i);
  }
  // Level-0 items covered by item i.
  uint32_t count(size_t i) const {
    if constexpr (kLevel) return level_->entries[i + 1].first - level_->entries[i].first;
    return 1;
  }
  // Index of the last item starting at or before `t` (0 if none does).
  size_t FindAt(uint64_t t) const {
    size_t lo = 0, hi = size();
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (start(mid) <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == 0 ? 0 : lo - 1;
  }

 private:
  const LaneItems& items_;
  const LodLevel* level_;
};

// Picks, per block, the class that covered the most time and the longest key of it. Only
// the classes seen are reset and scanned: blocks usually hold two or three. Lengths are
// nanoseconds (integers) when levels are built, pixels (summed as double) when a frame merges
// runs.
template <typename Length>
class Dominant {
 public:
  void Reset() { used_ = 0; }
  void Add(uint32_t key, unsigned cls, Length len) {
    cls &= 15;
    const uint32_t bit = 1u << cls;
    if (!(used_ & bit)) {
      used_ |= bit;
      weight_[cls] = len;
      longest_[cls] = len;
      key_[cls] = key;
      return;
    }
    weight_[cls] += len;
    if (len > longest_[cls]) {
      longest_[cls] = len;
      key_[cls] = key;
    }
  }
  uint32_t Key() const {
    uint32_t m = used_;
    unsigned best = static_cast<unsigned>(__builtin_ctz(m));
    for (m &= m - 1; m != 0; m &= m - 1) {
      unsigned c = static_cast<unsigned>(__builtin_ctz(m));
      if (weight_[c] > weight_[best]) best = c;
    }
    return key_[best];
  }

 private:
  uint32_t used_ = 0;
  std::array<Length, 16> weight_;
  std::array<Length, 16> longest_;
  std::array<uint32_t, 16> key_;
};

// `long_items`: how many level-0 items are at least `width` long; `span`: the lane's time.
template <bool kLevel, typename Classify>
LodLevel Merge(const Source<kLevel>& src, uint64_t width, Classify classify, uint32_t level0_count,
               uint64_t end_ns, size_t long_items, uint64_t span) {
  LodLevel level{width, {}};
  // Reserved once, to a bound that needs no trimming: an entry is an item at least `width`
  // long (of the source level too: its merged blocks are under 4x its width, so shorter),
  // or a merged block, which ends at least `width` long, before such an item, or at the
  // lane's end. Reserving one entry per source item instead, then trimming, cost a copy of
  // every level and the page faults of a buffer as large as the lane.
  const size_t bound = std::min(src.size(), 2 * long_items + span / width + 1);
  level.entries.reserve(bound + 1);
  const size_t n = src.size();
  Dominant<uint64_t> dominant;
  size_t i = 0;
  while (i < n) {
    uint64_t s = src.start(i);
    if (src.end(i) - s >= width) {
      level.entries.push_back({s, src.key(i), src.first(i)});
      ++i;
      continue;
    }
    dominant.Reset();
    size_t j = i;
    while (j < n) {
      uint64_t sj = src.start(j), ej = src.end(j);
      if (j > i && ej - sj >= width) break;
      uint32_t key = src.key(j);
      dominant.Add(key, classify(key), ej - sj);
      ++j;
      if (ej - s >= width) break;
    }
    level.entries.push_back({s, j == i + 1 ? src.key(i) : dominant.Key(), src.first(i)});
    i = j;
  }
  level.entries.push_back({end_ns, 0, level0_count});
  // Trimmed only where the bound was loose by more than a quarter (as the model's vectors).
  // In place (realloc): a std::vector's shrink_to_fit copied the level into a new buffer,
  // 14% of the page faults of opening the 100M-event trace (perf record -e page-faults), each
  // 1.7-3.5 us on the VM of docs/benchmarks.md's current state.
  auto& e = level.entries;
  if (e.capacity() - e.size() > e.size() / 4) e.shrink_to_fit();
  return level;
}

// The runs of the view (see LodIndex::Runs) read from `src`.
template <bool kLevel>
void AppendRuns(const Source<kLevel>& src, uint64_t origin_ns, double t0_ns, double ns_per_px,
                float width_px, KeyClassFn classify, std::vector<LaneRun>* out) {
  const size_t n = src.size();
  const double origin = static_cast<double>(origin_ns) + t0_ns;
  const double view_end = origin + ns_per_px * width_px;
  const double first_abs = origin < 0 ? 0 : origin;
  size_t i = src.FindAt(static_cast<uint64_t>(first_abs));
  const float lo_clip = -1.0f, hi_clip = width_px + 1.0f;
  auto to_x = [&](uint64_t t) {
    // Signed difference: an item may start before the origin.
    double x = (static_cast<double>(static_cast<int64_t>(t - origin_ns)) - t0_ns) / ns_per_px;
    return static_cast<float>(std::clamp(x, -2.0, static_cast<double>(width_px) + 2.0));
  };
  LaneRun cur{};
  bool open = false;
  Dominant<double> dominant;
  for (; i < n; ++i) {
    uint64_t s = src.start(i);
    if (static_cast<double>(s) >= view_end) break;
    uint64_t e = src.end(i);
    if (e <= s) continue;
    float x0 = std::max(to_x(s), lo_clip);
    float x1 = std::min(to_x(e), hi_clip);
    if (x1 <= x0) continue;
    uint32_t key = src.key(i), first = src.first(i), count = src.count(i);
    if (x1 - x0 >= 1.0f && count == 1) {
      if (open) out->push_back(cur);
      open = false;
      out->push_back({x0, x1, key, first, 1});
      continue;
    }
    if (open && cur.x1 - cur.x0 < 1.0f) {
      cur.x1 = x1;
      cur.count = first + count - cur.first;
      dominant.Add(key, classify(key), x1 - x0);
      cur.key = dominant.Key();
      continue;
    }
    if (open) out->push_back(cur);
    open = true;
    cur = {x0, x1, key, first, count};
    dominant.Reset();
    dominant.Add(key, classify(key), x1 - x0);
  }
  if (open) out->push_back(cur);
}

}  // namespace

LodIndex LodIndex::Build(const LaneItems& items, KeyClassFn classify) {
  LodIndex index;
  const size_t n = items.count;
  if (n < 2) return index;
  const uint32_t n32 = static_cast<uint32_t>(n);
  // How many items are shorter than each width: a level can only merge short items, so one
  // that cannot shrink the lane by a quarter is skipped without being built.
  constexpr int kMaxLevels = 24;
  std::array<size_t, kMaxLevels> shorter{};
  for (size_t i = 0; i < n; ++i) {
    // The smallest k with len < kFinestWidthNs * 4^k.
    uint64_t q = (items.end(i) - items.start(i)) / kFinestWidthNs;
    size_t k = (static_cast<size_t>(std::bit_width(q)) + 1) / 2;
    if (k < shorter.size()) ++shorter[k];
  }
  for (int k = 1; k < kMaxLevels; ++k) shorter[k] += shorter[k - 1];
  const uint64_t span = items.end_ns - items.start(0);
  // Each level is merged from the one before it, kept or not (merging is hierarchical);
  // a level is kept only if it halves the last kept one, so the index never holds more
  // entries than the lane has items.
  size_t kept_size = n;
  index.levels_.reserve(kMaxLevels);  // `previous` may point into it
  LodLevel scratch;
  const LodLevel* previous = nullptr;  // the last level built (level 0 if none)
  uint64_t w = kFinestWidthNs;
  for (int k = 0; k < kMaxLevels && kept_size > 1; ++k, w *= 4) {
    if (shorter[k] * 2 < n && w < span) continue;
    const size_t long_items = n - shorter[k];
    // The classes of thread and CPU lanes are inlined, not called through a pointer once per
    // merged item (BM_BuildIndex, 10M events: 175-190 ms -> 146-152 ms for thread lanes).
    auto merge = [&](auto cls) {
      return previous != nullptr
                 ? Merge(Source<true>(items, previous), w, cls, n32, items.end_ns, long_items, span)
                 : Merge(Source<false>(items, nullptr), w, cls, n32, items.end_ns, long_items,
                         span);
    };
    LodLevel level =
        classify == &LowBitsKeyClass ? merge([](uint32_t key) { return LowBitsKeyClass(key); })
        : classify == &CpuKeyClass   ? merge([](uint32_t key) { return CpuKeyClass(key); })
                                     : merge(classify);
    if (level.size() * 2 <= kept_size) {
      kept_size = level.size();
      index.levels_.push_back(std::move(level));
      previous = &index.levels_.back();
    } else {
      scratch = std::move(level);
      previous = &scratch;
    }
    if (w > span) break;
  }
  return index;
}

int LodIndex::LevelFor(double ns_per_px) const {
  int best = -1;
  for (size_t k = 0; k < levels_.size(); ++k) {
    if (static_cast<double>(levels_[k].width_ns) <= ns_per_px) best = static_cast<int>(k);
  }
  return best;
}

size_t LodIndex::MemoryBytes() const {
  size_t bytes = levels_.capacity() * sizeof(LodLevel);
  for (const LodLevel& l : levels_) bytes += l.entries.capacity() * sizeof(LodEntry);
  return bytes;
}

void LodIndex::Runs(const LaneItems& items, uint64_t origin_ns, double t0_ns, double ns_per_px,
                    float width_px, KeyClassFn classify, std::vector<LaneRun>* out) const {
  if (items.count == 0 || ns_per_px <= 0) return;
  int k = LevelFor(ns_per_px);
  if (k < 0) {
    AppendRuns(Source<false>(items, nullptr), origin_ns, t0_ns, ns_per_px, width_px, classify, out);
  } else {
    AppendRuns(Source<true>(items, &levels_[static_cast<size_t>(k)]), origin_ns, t0_ns, ns_per_px,
               width_px, classify, out);
  }
}

}  // namespace ctrace::viewer
