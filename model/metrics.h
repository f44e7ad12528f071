// Metrics computed from a built model, per thread, per process and for the whole trace.
#ifndef CTRACE_MODEL_METRICS_H_
#define CTRACE_MODEL_METRICS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "model/model.h"

namespace ctrace {

// Nearest-rank percentiles of a set of durations (pN = the smallest sample with at least
// N% of the samples at or below it).
struct LatencySummary {
  uint64_t count = 0;
  uint64_t p50 = 0;
  uint64_t p90 = 0;
  uint64_t p99 = 0;
  uint64_t max = 0;
};
// May reorder `samples` (a small set: the selection partitions it in place).
LatencySummary Summarize(std::span<uint64_t> samples);

struct EpollStats {
  uint64_t calls = 0;            // completed epoll_wait/epoll_pwait/epoll_pwait2 calls
  uint64_t wait_ns = 0;          // their total time from entry to return
  uint64_t events_returned = 0;  // sum of positive return values
  uint64_t empty_returns = 0;    // calls that returned 0 (timed out with nothing ready)
};

struct ActivityMetrics {
  uint64_t running_ns = 0;
  uint64_t runnable_ns = 0;
  std::array<uint64_t, kBlockReasonCount> blocked_ns{};  // by BlockReason
  uint64_t unknown_ns = 0;                               // known to exist, state not yet known
  uint64_t voluntary_switches = 0;
  uint64_t involuntary_switches = 0;
  uint64_t migrations = 0;
  uint64_t wakeups_received = 0;
  uint64_t wakeups_given = 0;
  // From becoming runnable (wakeup, preemption, creation) to running.
  LatencySummary runqueue_latency;
  EpollStats epoll;
  uint64_t threads_created = 0;
  uint64_t processes_created = 0;
  // Of the threads and processes created (by this thread, by this process's threads, or in
  // the whole trace): from the creating call's entry to the child's first run.
  LatencySummary creation_latency;

  uint64_t blocked_total_ns() const {
    uint64_t sum = 0;
    for (uint64_t ns : blocked_ns) sum += ns;
    return sum;
  }
};

struct ThreadMetrics : ActivityMetrics {
  // This thread's own creation latency (created in the trace and ran at least once).
  // Without a traced creator it runs from the fork event.
  std::optional<uint64_t> creation_latency_ns;
};

struct ProcessMetrics : ActivityMetrics {
  uint32_t peak_running_threads = 0;  // most of its threads on CPUs at one time
};

struct TraceMetrics {
  std::vector<ThreadMetrics> threads;     // by thread index
  std::vector<ProcessMetrics> processes;  // by process index
  ActivityMetrics total;
  uint32_t peak_running_threads = 0;  // most traced threads on CPUs at one time
  uint64_t peak_running_at_ns = 0;    // when that peak was first reached
};

TraceMetrics ComputeMetrics(const Model& model);

}  // namespace ctrace

#endif  // CTRACE_MODEL_METRICS_H_
