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
    if (held_begin_ == held_.size() || !Earlier(chunk.front(), held_.back())) {
      AddAfterHeld(chunk, release_until, release);
      return;
    }
    // Merge the held events with the chunk, releasing those old enough to be final as they
    // come (no copy of them); held events first among equal times: they were read earlier.
    size_t i = held_begin_;
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
    held_begin_ = 0;
  }

  // Releases everything still held, and the memory that held it.
  template <typename Release>
  void Finish(Release&& release) {
    for (size_t i = held_begin_; i < held_.size(); ++i) release(held_[i]);
    held_ = {};
    held_begin_ = 0;
    merged_ = {};
    sorted_ = {};
  }

  size_t held() const { return held_.size() - held_begin_; }

 private:
  // The usual case: the chunk begins at or after the last held event (chunks overlap only
  // where two CPUs' records met), so holding it is appending it, and the events held from
  // chunk to chunk (a whole window of them) are not copied again for every chunk: merging
  // them each time cost a 100M-event load ~4% more with 16,384-event chunks than with
  // 65,536-event ones.
  template <typename Release>
  void AddAfterHeld(std::span<const Event> chunk, uint64_t release_until, Release& release) {
    while (held_begin_ < held_.size() && held_[held_begin_].ts_ns <= release_until) {
      release(held_[held_begin_++]);
    }
    size_t j = 0;
    // The chunk's events are not before any held one: none is final while a held one is not.
    if (held_begin_ == held_.size()) {
      held_.clear();
      held_begin_ = 0;
      while (j < chunk.size() && chunk[j].ts_ns <= release_until) release(chunk[j++]);
    } else if (held_begin_ > held_.size() / 2) {
      // Released events take no more than half the buffer: each is moved at most once more.
      held_.erase(held_.begin(), held_.begin() + static_cast<ptrdiff_t>(held_begin_));
      held_begin_ = 0;
    }
    held_.insert(held_.end(), chunk.begin() + static_cast<ptrdiff_t>(j), chunk.end());
  }

  // A function object, not a function, so the sort and merge inline it.
  static constexpr auto Earlier = [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; };

  uint64_t window_ns_;
  uint64_t max_seen_ns_ = 0;
  std::vector<Event> held_;  // sorted by time; those before held_begin_ are released
  size_t held_begin_ = 0;
  std::vector<Event> merged_;  // scratch
  std::vector<Event> sorted_;  // scratch for an unsorted chunk
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_EVENT_ORDER_H_
