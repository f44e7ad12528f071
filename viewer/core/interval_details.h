// What the details panel says about one interval of a thread: its state and times, the
// syscall it blocked in (with arguments and result when that syscall is one ctrace
// records), and the wakeup around it: who woke the thread and how long it then waited in
// the run queue.
#ifndef CTRACE_VIEWER_CORE_INTERVAL_DETAILS_H_
#define CTRACE_VIEWER_CORE_INTERVAL_DETAILS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/flows.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

struct WakeInfo {
  uint64_t ts_ns;        // when the thread became runnable
  uint32_t waker;        // thread index, or kNoThread (interrupt, idle or untraced)
  uint64_t runqueue_ns;  // from the wakeup to running (0 if it never ran in the trace)
  bool ran = false;      // it did run after the wakeup
  uint32_t runnable_interval;
};

struct IntervalDetails {
  uint32_t thread;
  size_t interval;
  ThreadState state;
  uint64_t start_ns;  // absolute
  uint64_t end_ns;
  uint16_t cpu;
  int32_t syscall;                    // blocked: the syscall it slept in (-1: none or unknown)
  const SyscallSpan* span = nullptr;  // the recorded call covering the interval, if any
  // Runnable: the wakeup that made it runnable. Blocked: the wakeup that ended the block.
  // Running: the wakeup before this run.
  std::optional<WakeInfo> wake;
};

IntervalDetails DescribeInterval(const TraceDocument& doc, uint32_t t, size_t interval);

// The label a thread lane draws on an interval wide enough for one: the CPU it ran on, the
// syscall it blocked in (its state if none is known), or its state.
std::string IntervalLabel(const StateInterval& iv);

// The wakeup that started runnable interval `interval` of thread `t`, if one did.
std::optional<WakeInfo> WakeStarting(const TraceDocument& doc, uint32_t t, size_t interval);

// The recorded syscall of thread `t` in progress at absolute time `ts`, if any.
const SyscallSpan* SyscallAt(const TraceDocument& doc, uint32_t t, uint64_t ts);

// Every wakeup thread `t` gave (waker -> wakee flows), in time order.
std::vector<Flow> WakesGivenBy(const TraceDocument& doc, uint32_t t);
// Every wakeup thread `t` received, in time order (from may be kNoThread).
std::vector<Flow> WakesReceivedBy(const TraceDocument& doc, uint32_t t);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_INTERVAL_DETAILS_H_
