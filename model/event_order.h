// Puts a trace's events back in time order as they are read, chunk by chunk, holding only
// the events of the last reorder window.
//
// Events within a chunk are in time order, but chunks drained from different CPUs may
// overlap by a little. An event is released once an event later than it by the whole window
// has been read; ties keep file order. The model's builder and the export stream both apply
// events in this order, so an export and the model agree.
#ifndef CTRACE_MODEL_EVENT_ORDER_H_
#define CTRACE_MODEL_EVENT_ORDER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "format/event.h"

namespace ctrace {

class EventOrder {
 public:
  explicit EventOrder(uint64_t window_ns) : window_ns_(window_ns) {}

  // Adds the next chunk (sorted or not) and calls `release(event)` for every event that is
  // now final, in time order.
  template <typename Release>
  void Add(std::span<const Event> chunk, Release&& release) {
    if (chunk.empty()) return;
    if (!std::is_sorted(chunk.begin(), chunk.end(), Earlier)) {
      sorted_.assign(chunk.begin(), chunk.end());
      std::stable_sort(sorted_.begin(), sorted_.end(), Earlier);
      chunk = sorted_;
    }
    max_seen_ns_ = std::max(max_seen_ns_, chunk.back().ts_ns);
    uint64_t release_until = max_seen_ns_ > window_ns_ ? max_seen_ns_ - window_ns_ : 0;
    // Merge the held events with the chunk, releasing those old enough to be final as they
    // come (no copy of them); held events first among equal times: they were read earlier.
    size_t i = 0;
    size_t j = 0;
    while (true) {
      const Event* next;
      bool from_held;
      if (i < held_.size() && (j == chunk.size() || !Earlier(chunk[j], held_[i]))) {
        next = &held_[i];
        from_held = true;
      } else if (j < chunk.size()) {
        next = &chunk[j];
        from_held = false;
      } else {
        break;
      }
      if (next->ts_ns > release_until) break;
      release(*next);
      (from_held ? i : j)++;
    }
    // Hold the rest.
    merged_.clear();
    std::merge(held_.begin() + static_cast<ptrdiff_t>(i), held_.end(),
               chunk.begin() + static_cast<ptrdiff_t>(j), chunk.end(), std::back_inserter(merged_),
               Earlier);
    held_.swap(merged_);
  }

  // Releases everything still held, and the memory that held it.
  template <typename Release>
  void Finish(Release&& release) {
    for (const Event& e : held_) release(e);
    held_ = {};
    merged_ = {};
    sorted_ = {};
  }

  size_t held() const { return held_.size(); }

 private:
  // A function object, not a function, so the sort and merge inline it.
  static constexpr auto Earlier = [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; };

  uint64_t window_ns_;
  uint64_t max_seen_ns_ = 0;
  std::vector<Event> held_;    // sorted by time
  std::vector<Event> merged_;  // scratch
  std::vector<Event> sorted_;  // scratch for an unsorted chunk
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_EVENT_ORDER_H_
