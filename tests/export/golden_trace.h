// The small fixed trace the golden files are made from (written with TraceWriter).
//
// Launcher pid 1 (untraced) forks process 100, which execs /usr/bin/server (argv recorded),
// creates thread 101 with clone3, and both end: 101 exits, 100 exits with status 7. 101
// is renamed to a name that needs JSON escaping, waits in epoll_wait twice (woken by an
// interrupt, once with 2 events and once timing out at once), is preempted by an untraced
// thread (900) and wakes 100 from a futex wait; 100 also sleeps uninterruptibly (D) and is
// woken by sched_wakeup. CPU 1 loses 3 events. Times are offsets from kGoldenBase:
//   100: runnable 1000, running 2000 (cpu 0; execve 2500-3000, clone3 4000-5000), futex 8000,
//        runnable 22000, running 23000, D 31000, runnable 32000, running 33000, exits 40000.
//   101: runnable 4500, running 6000 (cpu 1), renamed 6500, epoll_wait 7000-21500 (blocked
//        7500, runnable 20000, running 21000), epoll_wait 24000-24500, runnable 25000
//        (preempted), running 26000, lost gap on cpu 1 until 27000, exits 30000.
#ifndef CTRACE_TESTS_EXPORT_GOLDEN_TRACE_H_
#define CTRACE_TESTS_EXPORT_GOLDEN_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "format/event.h"
#include "format/trace_file.h"
#include "tests/support/fixed_trace.h"

namespace ctrace::testing {

inline constexpr uint64_t kGoldenBase = 1'000'000;

using GoldenTrace = FixedTrace;

GoldenTrace MakeGoldenTrace();

// Writes the golden trace (WriteFixedTrace of MakeGoldenTrace()).
absl::Status WriteGoldenTrace(const std::string& path, uint32_t chunk_events = 65536,
                              bool finish = true);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_EXPORT_GOLDEN_TRACE_H_
