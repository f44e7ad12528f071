// The synthetic scheduler trace (tests/support/synthetic_schedule.h) written to a file with the
// real TraceWriter. The viewer's benchmark opens a 10-million-event one.
#ifndef CTRACE_TESTS_VIEWER_SYNTHETIC_TRACE_H_
#define CTRACE_TESTS_VIEWER_SYNTHETIC_TRACE_H_

#include <string>

#include "absl/status/status.h"
#include "tests/support/synthetic_schedule.h"

namespace ctrace::viewer::testing {

using SyntheticTraceOptions = ctrace::testing::SyntheticScheduleOptions;

absl::Status WriteSyntheticTrace(const std::string& path, const SyntheticTraceOptions& options);

}  // namespace ctrace::viewer::testing

#endif  // CTRACE_TESTS_VIEWER_SYNTHETIC_TRACE_H_
