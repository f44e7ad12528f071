// Puts a trace's events back in time order as they are read, chunk by chunk, holding only
// the events of the last reorder window.
//
// Events within a chunk are in time order, but chunks drained from different CPUs may
// overlap by a little (see model/timeline_builder.h, which uses the same window). An event
// is released once an event later than it by the whole window has been read; ties keep file
// order. The model applies events in exactly this order, so an export and the model agree.
#ifndef CTRACE_EXPORT_EVENT_ORDER_H_
#define CTRACE_EXPORT_EVENT_ORDER_H_

#include <algorithm>
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
    // Held events first among equal times: they were read earlier.
    merged_.clear();
    std::merge(held_.begin(), held_.end(), chunk.begin(), chunk.end(), std::back_inserter(merged_),
               Earlier);
    auto last = std::upper_bound(merged_.begin(), merged_.end(), release_until,
                                 [](uint64_t ts, const Event& e) { return ts < e.ts_ns; });
    for (auto it = merged_.begin(); it != last; ++it) release(*it);
    held_.assign(last, merged_.end());
  }

  // Releases everything still held.
  template <typename Release>
  void Finish(Release&& release) {
    for (const Event& e : held_) release(e);
    held_.clear();
  }

  size_t held() const { return held_.size(); }

 private:
  static bool Earlier(const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; }

  uint64_t window_ns_;
  uint64_t max_seen_ns_ = 0;
  std::vector<Event> held_;    // sorted by time
  std::vector<Event> merged_;  // scratch
  std::vector<Event> sorted_;  // scratch for an unsorted chunk
};

}  // namespace ctrace

#endif  // CTRACE_EXPORT_EVENT_ORDER_H_
