#include "model/flows.h"

#include <algorithm>

namespace ctrace {

std::vector<Flow> CollectFlows(const Model& model, uint64_t from_ns, uint64_t to_ns) {
  std::vector<Flow> flows;
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    if (th.created_by != kNoThread && th.first_ns >= from_ns && th.first_ns <= to_ns) {
      flows.push_back({th.first_ns, th.created_by, t, FlowKind::kCreate});
    }
    // Wakes are in time order: skip to the window by binary search.
    auto first = std::partition_point(th.wakes.begin(), th.wakes.end(), [&](const WakeFlow& w) {
      return th.intervals[w.interval].start_ns < from_ns;
    });
    for (auto it = first; it != th.wakes.end(); ++it) {
      uint64_t ts = th.intervals[it->interval].start_ns;
      if (ts > to_ns) break;
      flows.push_back({ts, it->waker, t, FlowKind::kWake});
    }
  }
  std::stable_sort(flows.begin(), flows.end(),
                   [](const Flow& a, const Flow& b) { return a.ts_ns < b.ts_ns; });
  return flows;
}

}  // namespace ctrace
