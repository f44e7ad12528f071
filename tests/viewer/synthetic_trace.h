// A synthetic scheduler trace of any size, written with the real TraceWriter: threads in a
// tree of processes on a few CPUs that wake each other, sleep in futex/epoll_wait/read and
// get preempted, in the mix a scheduler trace has (switches, wakeup pairs, epoll spans).
// The viewer's benchmark opens a 10-million-event one.
#ifndef CTRACE_TESTS_VIEWER_SYNTHETIC_TRACE_H_
#define CTRACE_TESTS_VIEWER_SYNTHETIC_TRACE_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"

namespace ctrace::viewer::testing {

struct SyntheticTraceOptions {
  size_t events = 10'000'000;
  int threads = 100;
  int threads_per_process = 10;
  int cpus = 2;
};

absl::Status WriteSyntheticTrace(const std::string& path, const SyntheticTraceOptions& options);

}  // namespace ctrace::viewer::testing

#endif  // CTRACE_TESTS_VIEWER_SYNTHETIC_TRACE_H_
