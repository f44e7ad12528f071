// Statistics for a dragged time range, per thread: time in each state and the switches
// that happened inside it.
#ifndef CTRACE_VIEWER_CORE_RANGE_STATS_H_
#define CTRACE_VIEWER_CORE_RANGE_STATS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

struct ThreadRangeStats {
  uint32_t thread;
  std::array<uint64_t, kThreadStateCount> state_ns{};  // by ThreadState
  uint64_t voluntary_switches = 0;                     // running -> blocked inside the range
  uint64_t involuntary_switches = 0;  // running -> runnable (preempted) inside the range
  uint64_t wakeups = 0;               // became runnable by a wakeup inside the range

  uint64_t blocked_ns() const;
  uint64_t alive_ns() const;  // every state but exited
};

struct RangeStats {
  uint64_t from_ns = 0;  // absolute
  uint64_t to_ns = 0;
  std::vector<ThreadRangeStats> threads;  // threads alive in the range, by thread index
  ThreadRangeStats total{};
};

// [from_ns, to_ns) in absolute time.
RangeStats ComputeRangeStats(const TraceDocument& doc, uint64_t from_ns, uint64_t to_ns);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_RANGE_STATS_H_
