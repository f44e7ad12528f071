#include "model/self_check.h"

namespace ctrace {

SelfCheck RunSelfCheck(const Model& model) {
  SelfCheck check;
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    if (!th.exit) continue;
    if (th.origin != ThreadOrigin::kCreated) {
      ++check.threads_not_checked;
      continue;
    }
    const ThreadExit& x = *th.exit;
    ++check.threads_checked;
    if (x.model_voluntary_switches == x.kernel_voluntary_switches &&
        x.model_involuntary_switches == x.kernel_involuntary_switches) {
      ++check.threads_matching;
    } else {
      check.mismatches.push_back({t, x.model_voluntary_switches, x.kernel_voluntary_switches,
                                  x.model_involuntary_switches, x.kernel_involuntary_switches});
    }
    uint64_t diff = x.model_cpu_time_ns > x.kernel_cpu_time_ns
                        ? x.model_cpu_time_ns - x.kernel_cpu_time_ns
                        : x.kernel_cpu_time_ns - x.model_cpu_time_ns;
    if (check.max_cpu_time_diff_thread == kNoThread || diff > check.max_cpu_time_diff_ns) {
      check.max_cpu_time_diff_ns = diff;
      check.max_cpu_time_diff_thread = t;
    }
  }
  check.lost_events = model.LostEvents();
  check.late_events = model.stats.late_events;
  check.inconsistencies = model.stats.inconsistencies;
  check.truncated = model.truncated;
  return check;
}

}  // namespace ctrace
