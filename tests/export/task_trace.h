// A small fixed trace with user-level tasks, for the export of tasks (written with
// TraceWriter by the tests). Times are offsets from kTaskBase.
//
// Process 200 ("srv", forked by the untraced launcher) has workers 201 "worker-1" (CPU 0) and
// 202 "worker-2" (CPU 1). On 201, task 7 "connection" is created at 3000 and task 8 (no name,
// child of 7) at 3100. Then:
//   7 runs on 201 from 4000 until it suspends at 6000 ("read");
//   8 runs on 202 from 5000 until 7 is resumed there at 7000 (8 is replaced);
//   7 runs on 202 from 7000 until it ends at 9000;
//   8 runs on 201 from 8000 to the end of the trace (20000).
// 202 leaves CPU 1 at 9500 for thread 301 of process 300, seen first by its goroutine 9
// (never created in the trace, no name), which runs from 10000 until it suspends at 11000
// without a reason.
#ifndef CTRACE_TESTS_EXPORT_TASK_TRACE_H_
#define CTRACE_TESTS_EXPORT_TASK_TRACE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "tests/export/golden_trace.h"

namespace ctrace::testing {

inline constexpr uint64_t kTaskBase = 2'000'000;

GoldenTrace MakeTaskTrace();
absl::Status WriteTaskTrace(const std::string& path);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_EXPORT_TASK_TRACE_H_
