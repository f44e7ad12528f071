// A small known trace for report tests: the launcher (pid 1, not traced) starts process 100,
// which execs /usr/bin/server, creates thread 101 with clone3, and both exit with status 7.
// 101 waits in epoll_wait (once 14.5 us for 2 events, once returning nothing at once), 100
// waits on a futex until 101 wakes it. Exit events carry kernel counters that match.
//
// Times below are offsets from kBase (relative, in ns):
//   100: runnable 1000-2000, running 2000-8000 (exec at 3000, clone3 4000-5000), futex 8000-22000,
//        runnable 22000-23000, running 23000-40000, exits at 40000 (group), dead at 40100
//        (the timeline ends at the exit event).
//   101: created 4500, runnable until 6000, running 6000-7500, epoll 7500-20000, runnable
//        20000-21000, running 21000-25000 (preempted by an untraced thread), runnable
//        25000-26000, running 26000-30000, exits at 30000, dead at 30100.
#ifndef CTRACE_TESTS_REPORT_SAMPLE_TRACE_H_
#define CTRACE_TESTS_REPORT_SAMPLE_TRACE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "format/event.h"
#include "format/trace_file.h"
#include "model/model.h"
#include "tests/support/fixed_trace.h"

namespace ctrace::testing {

inline constexpr uint64_t kBase = 1'000'000;
inline constexpr uint64_t kSampleFutexWord = 0x7f12'3456'7000;

using SampleTrace = FixedTrace;

SampleTrace MakeSampleTrace();

// The sample's model, built directly from its events (no file).
Model BuildSampleModel();

// Writes the sample with TraceWriter. Without `finish` the trailer is not written (a
// recording cut off after its last chunk).
absl::Status WriteSampleTrace(const std::string& path, bool finish = true);

// The model of any trace made like the sample.
Model BuildModel(const SampleTrace& s);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_REPORT_SAMPLE_TRACE_H_
