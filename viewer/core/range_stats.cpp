#include "viewer/core/range_stats.h"

#include <algorithm>

namespace ctrace::viewer {

uint64_t ThreadRangeStats::blocked_ns() const {
  uint64_t sum = 0;
  for (int s = 0; s < kThreadStateCount; ++s) {
    if (IsBlocked(static_cast<ThreadState>(s))) sum += state_ns[static_cast<size_t>(s)];
  }
  return sum;
}

uint64_t ThreadRangeStats::alive_ns() const {
  uint64_t sum = 0;
  for (int s = 0; s < kThreadStateCount; ++s) {
    if (static_cast<ThreadState>(s) != ThreadState::kExited)
      sum += state_ns[static_cast<size_t>(s)];
  }
  return sum;
}

RangeStats ComputeRangeStats(const TraceDocument& doc, uint64_t from_ns, uint64_t to_ns) {
  RangeStats r;
  r.from_ns = from_ns;
  r.to_ns = to_ns;
  r.total.thread = kNoThread;
  if (to_ns <= from_ns) return r;
  const Model& m = doc.model();
  for (uint32_t t = 0; t < m.threads.size(); ++t) {
    const Thread& th = m.threads[t];
    if (th.intervals.empty()) continue;
    auto it = std::upper_bound(th.intervals.begin(), th.intervals.end(), from_ns,
                               [](uint64_t v, const StateInterval& s) { return v < s.start_ns; });
    size_t i = it == th.intervals.begin() ? 0 : static_cast<size_t>(it - th.intervals.begin()) - 1;
    ThreadRangeStats s;
    s.thread = t;
    bool any = false;
    for (; i < th.intervals.size(); ++i) {
      uint64_t a = th.intervals[i].start_ns;
      if (a >= to_ns) break;
      uint64_t b = m.IntervalEnd(th, i);
      uint64_t lo = std::max(a, from_ns), hi = std::min(b, to_ns);
      ThreadState st = th.intervals[i].state();
      if (hi > lo) {
        s.state_ns[static_cast<size_t>(st)] += hi - lo;
        if (st != ThreadState::kExited) any = true;
      }
      // A transition at `a` (inside the range) out of running.
      if (i > 0 && a >= from_ns && th.intervals[i - 1].state() == ThreadState::kRunning) {
        if (st == ThreadState::kRunnable) {
          ++s.involuntary_switches;
        } else if (IsBlocked(st)) {
          ++s.voluntary_switches;
        }
      }
    }
    auto w = std::lower_bound(
        th.wakes.begin(), th.wakes.end(), from_ns,
        [&th](const WakeFlow& f, uint64_t v) { return th.intervals[f.interval].start_ns < v; });
    for (; w != th.wakes.end() && th.intervals[w->interval].start_ns < to_ns; ++w) ++s.wakeups;
    if (!any) continue;
    for (size_t k = 0; k < s.state_ns.size(); ++k) r.total.state_ns[k] += s.state_ns[k];
    r.total.voluntary_switches += s.voluntary_switches;
    r.total.involuntary_switches += s.involuntary_switches;
    r.total.wakeups += s.wakeups;
    r.threads.push_back(s);
  }
  return r;
}

}  // namespace ctrace::viewer
