// A second known trace for compare tests, shaped like a process-per-request server: process
// 200 (started by the untraced launcher, pid 1) forks `children` processes one after
// another. Child i (pid 300 + i) is forked at offset 10000 * (i + 1) from kBase: fork entry
// at +0, the fork event at +100, fork returns at +200; the parent then waits in wait4 and
// the child runs from +300 to its exit at +2300 (dead at +2400); the child wakes the parent
// at +2350, which runs again from +2400. No thread is created, nothing is preempted, no
// epoll. The trace ends at 10000 * (children + 2) with 200 still running.
#ifndef CTRACE_TESTS_REPORT_FORKING_TRACE_H_
#define CTRACE_TESTS_REPORT_FORKING_TRACE_H_

#include <string>

#include "absl/status/status.h"
#include "tests/report/sample_trace.h"

namespace ctrace::testing {

SampleTrace MakeForkingTrace(int children);

// Its model, built directly from its events (no file).
Model BuildForkingModel(int children);

// Writes the trace with TraceWriter (header, strings, events, trailer).
absl::Status WriteForkingTrace(const std::string& path, int children);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_REPORT_FORKING_TRACE_H_
