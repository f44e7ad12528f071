// The parts of a trace file around the events: the header written when recording starts
// and the trailer written when it ends cleanly. Layout in docs/trace-format.md.
#ifndef CTRACE_FORMAT_TRACE_FILE_H_
#define CTRACE_FORMAT_TRACE_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace ctrace {

// 2: task events, the blocking syscall's first two arguments on switches, the command line at
// exit. 3: names of the global variables threads slept on (address_name events). 4: the tasks
// that already existed when the recorder attached (task_snapshot events). 5: a chunk's events
// stored as columns, one field of every event after another. See
// docs/trace-format.md, "Compatibility"; older files still read.
inline constexpr uint32_t kTraceFormatVersion = 5;

// Header flags.
inline constexpr uint32_t kHeaderFlagExecArgs = 0x1;     // argv of execve was recorded
inline constexpr uint32_t kHeaderFlagAllSyscalls = 0x2;  // every syscall was recorded (--syscalls)
inline constexpr uint32_t kHeaderFlagTasks = 0x4;        // task probes were attached where found
// A sched_wakeup that repeats its sched_waking (the waking found the wakee off its CPU) is not
// in the file (docs/trace-format.md, sched_wakeup).
inline constexpr uint32_t kHeaderFlagRepeatedWakeupsOmitted = 0x8;

struct TraceHeader {
  uint32_t version = kTraceFormatVersion;        // filled by the writer, checked by the reader
  std::string clock_source = "CLOCK_MONOTONIC";  // clock of every event timestamp
  uint64_t start_monotonic_ns = 0;               // when recording started, on the event clock
  uint64_t start_realtime_ns = 0;  // the same instant as wall-clock time (CLOCK_REALTIME)
  std::string hostname;
  std::string kernel_release;        // uname -r
  std::vector<std::string> command;  // the traced command line (run) or ["<pid>", comm] (record -p)
  uint32_t cpu_count = 0;            // possible CPUs: the size of per-CPU arrays
  std::string recorder;              // e.g. "ctrace 0.1.0"
  uint32_t flags = 0;                // kHeaderFlag*
};

struct TraceTrailer {
  uint64_t end_monotonic_ns = 0;
  uint64_t event_count = 0;  // events in all chunks
  uint64_t chunk_count = 0;
  std::vector<uint64_t> lost_per_cpu;  // records the kernel dropped, per CPU (size cpu_count)
  std::string end_reason;              // "program exited", "interrupted", "duration elapsed", ...
};

}  // namespace ctrace

#endif  // CTRACE_FORMAT_TRACE_FILE_H_
