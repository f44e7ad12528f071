// Compares what the model derived from events with the kernel's own counters, recorded at
// each thread's exit (task->nvcsw, nivcsw, se.sum_exec_runtime). Only threads whose whole
// life is in the trace (created and exited in it) can be checked: the counters cover the
// thread's whole life. Switch counts must match exactly; CPU time cannot (the kernel
// updates sum_exec_runtime only at ticks and switches), so the largest difference is
// reported as it is. A mismatch means events were lost or misread; it is never hidden.
#ifndef CTRACE_MODEL_SELF_CHECK_H_
#define CTRACE_MODEL_SELF_CHECK_H_

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ctrace {

struct SelfCheckMismatch {
  uint32_t thread;  // thread index
  uint64_t model_voluntary;
  uint64_t kernel_voluntary;
  uint64_t model_involuntary;
  uint64_t kernel_involuntary;
};

struct SelfCheck {
  uint64_t threads_checked = 0;       // created and exited within the trace
  uint64_t threads_matching = 0;      // both switch counts equal to the kernel's
  uint64_t threads_not_checked = 0;   // exited, but alive before the trace began
  uint64_t max_cpu_time_diff_ns = 0;  // largest |model - kernel| CPU time of a checked thread
  uint32_t max_cpu_time_diff_thread = kNoThread;
  std::vector<SelfCheckMismatch> mismatches;
  // Reasons the results may be incomplete even where counts match.
  uint64_t lost_events = 0;
  uint64_t late_events = 0;
  uint64_t inconsistencies = 0;
  bool truncated = false;

  bool incomplete() const { return lost_events > 0 || truncated; }
  bool all_matching() const { return threads_matching == threads_checked; }
};

SelfCheck RunSelfCheck(const Model& model);

}  // namespace ctrace

#endif  // CTRACE_MODEL_SELF_CHECK_H_
