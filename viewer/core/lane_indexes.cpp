#include "viewer/core/lane_indexes.h"

#include <algorithm>
#include <atomic>
#include <numeric>

namespace ctrace::viewer {

LaneIndexes::LaneIndexes(std::vector<IndexedLane> lanes)
    : lanes_(std::move(lanes)),
      built_(std::make_unique<std::once_flag[]>(lanes_.size())),
      index_(lanes_.size()) {}

const LodIndex& LaneIndexes::Get(size_t i) const {
  std::call_once(built_[i],
                 [&] { index_[i] = LodIndex::Build(lanes_[i].items, lanes_[i].classify); });
  return index_[i];
}

void LaneIndexes::Build(std::span<const size_t> lanes, unsigned workers) const {
  // Largest first, so that the workers finish together (a CPU lane of a big trace holds
  // millions of items, a thread lane of it may hold a few).
  std::vector<size_t> order;
  order.reserve(lanes.size());
  for (size_t i : lanes) {
    if (i < lanes_.size()) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return lanes_[a].items.count > lanes_[b].items.count;
  });
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < order.size(); k = next++) Get(order[k]);
  };
  workers =
      std::clamp<unsigned>(workers, 1, static_cast<unsigned>(std::max<size_t>(order.size(), 1)));
  std::vector<std::jthread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
}

void LaneIndexes::BuildAll(unsigned workers) const {
  std::vector<size_t> all(lanes_.size());
  std::iota(all.begin(), all.end(), size_t{0});
  Build(all, workers);
}

void LaneIndexes::BuildRestInBackground() {
  if (background_.joinable()) return;
  background_ = std::jthread([this](std::stop_token stop) {
    for (size_t i = 0; i < lanes_.size() && !stop.stop_requested(); ++i) Get(i);
  });
}

size_t LaneIndexes::MemoryBytes() const {
  size_t bytes = 0;
  for (size_t i = 0; i < lanes_.size(); ++i) bytes += Get(i).MemoryBytes();
  return bytes;
}

}  // namespace ctrace::viewer
