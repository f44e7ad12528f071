// A synthetic scheduler trace of any size, as events: threads in a tree of processes on a few
// CPUs that wake each other, sleep in futex/epoll_wait/read and get preempted, in the mix a
// scheduler trace has (about 39% switches, 46% wakeup events, 15% syscall enter/exit), and,
// if asked, user-level tasks switched on them. The
// model's benchmark builds a 10-million-event one in memory; the viewer's tests and benchmark
// write one with the real TraceWriter. Deterministic: a fixed seed.
#ifndef CTRACE_TESTS_SUPPORT_SYNTHETIC_SCHEDULE_H_
#define CTRACE_TESTS_SUPPORT_SYNTHETIC_SCHEDULE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "format/event.h"

namespace ctrace::testing {

struct SyntheticScheduleOptions {
  size_t events = 10'000'000;
  int threads = 100;
  int threads_per_process = 10;
  int cpus = 2;
  // With tasks > 0, user-level tasks too (docs/tasks.md): each process owns tasks / processes
  // of them, and a thread on a CPU switches to its process's next task (round robin,
  // created at first use) at about one step in two, so a task runs on many threads.
  int tasks = 0;
  // Task switches at such a step (more: a trace that is mostly task switches).
  int task_switches_per_step = 1;
};

inline constexpr uint64_t kSyntheticStartNs = 1'000'000'000;

// Calls `emit` for each event in time order (a snapshot of every thread first), stopping at
// the first error it returns. `intern` gives the string id of a thread's name. On success,
// `*end_ns` is the time of the last event.
absl::Status GenerateSyntheticSchedule(const SyntheticScheduleOptions& options,
                                       absl::FunctionRef<absl::Status(const Event&)> emit,
                                       absl::FunctionRef<uint32_t(const std::string&)> intern,
                                       uint64_t* end_ns);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_SYNTHETIC_SCHEDULE_H_
