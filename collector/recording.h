// One recording in progress: the probes feeding the trace writer. Shared by `ctrace run`
// and `ctrace record`; each decides when to stop.
#ifndef CTRACE_COLLECTOR_RECORDING_H_
#define CTRACE_COLLECTOR_RECORDING_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "collector/futex_names.h"
#include "collector/go_runtimes.h"
#include "collector/needed_libraries.h"
#include "collector/probes.h"
#include "collector/record_converter.h"
#include "format/trace_writer.h"

namespace ctrace {

uint64_t MonotonicNowNs();

struct RecordingSummary {
  std::string path;
  uint64_t duration_ns = 0;
  uint64_t processes = 0;
  uint64_t threads = 0;
  uint64_t events = 0;
  uint64_t lost_events = 0;
  std::vector<uint64_t> lost_per_cpu;  // the kernel's drops, by CPU
  uint64_t file_bytes = 0;
  // CPU time the recorder itself used (getrusage RUSAGE_SELF: user + system, the traced
  // program not included): what recording cost beyond the probes' time in the program.
  uint64_t recorder_cpu_ns = 0;
  // Of that, the thread that drains the ring buffer (RUSAGE_THREAD of the thread that calls
  // Poll and Finish): converting and ordering the records. The trace writer's own thread
  // encodes, compresses and writes them.
  uint64_t drain_cpu_ns = 0;
  uint64_t task_events = 0;
  uint64_t task_probes = 0;       // ctrace:task_* probes attached
  uint64_t task_probe_files = 0;  // in this many files
  bool tasks_enabled = true;      // not --no-tasks
  std::string end_reason;
};

// Prints the closing summary (to stderr, so the program's stdout stays its own).
void PrintSummary(const RecordingSummary& summary);

class Recording {
 public:
  // Creates the trace file (before anything is started, so a bad path fails first) and
  // attaches the probes.
  static absl::StatusOr<std::unique_ptr<Recording>> Start(const std::string& path,
                                                          std::vector<std::string> command,
                                                          const ProbeOptions& probe_options);

  absl::Status Track(int32_t tgid) { return probes_->Track(tgid); }
  // Attaches the task probes of these files (each at most once; a file without probes gets
  // none). Problems are warnings on stderr, never the end of the recording: a binary whose
  // probes cannot be attached is traced without its tasks.
  void AttachTaskProbes(const std::vector<std::string>& files);
  // Records the goroutines process `pid` already has, if it runs a Go binary whose probes
  // are attached (task_snapshot events), and that binary is the `first_binary`th followed or
  // a later one: for an attach to a running program, after its probes. A program whose
  // goroutines cannot be read gets one warning line; only a write error is an error.
  absl::Status SnapshotGoroutines(int32_t pid, uint32_t first_binary = 0);
  // Records that a thread exists (for threads alive before tracing began), as of `ts_ns`
  // (MonotonicNowNs()). A process's leader is stamped with the instant before its Track():
  // every probe event of the process comes after it, so the model knows the process from its
  // first event. Otherwise a first switch with a thread of another program would be two
  // unknown threads, and the model would take both (and that program) into the trace.
  absl::Status AddSnapshot(int32_t tid, int32_t pid, int32_t ppid, const std::string& comm,
                           uint64_t ts_ns);
  // Counts threads and processes that existed when tracing began, for the summary.
  void CountExisting(uint64_t processes, uint64_t threads) {
    existing_processes_ += processes;
    existing_threads_ += threads;
  }

  // Drains the ring buffer, polls the drop counters and flushes chunks on their timers.
  // An error (e.g. disk full) means the recording cannot go on; the file keeps its prefix.
  absl::Status Poll();
  // Number of traced processes still alive.
  size_t TrackedCount() const { return probes_->TrackedCount(); }
  // Detaches the probes, drains what is left, writes the trailer.
  absl::StatusOr<RecordingSummary> Finish(const std::string& end_reason);
  // After a write error: detaches the probes and describes what the file holds.
  RecordingSummary Abandon();

  int writer_fd() const { return writer_->fd(); }

 private:
  Recording() = default;
  absl::Status PollDrops(uint64_t now_ns);
  RecordingSummary Summarize(const std::string& end_reason) const;
  // The probes of programs exec'd since the last poll: attached now, from /proc/PID/exe (so
  // a task switch they make before this is not seen; docs/tasks.md).
  absl::Status AttachProbesOfNewPrograms();
  // Writes the names of futex words looked up before `settled_ns` (futex_names.h).
  absl::Status WriteFutexNames(uint64_t settled_ns);

  std::unique_ptr<TraceWriter> writer_;
  std::unique_ptr<RecordConverter> converter_;
  std::unique_ptr<Probes> probes_;
  absl::Status handler_status_;  // first error seen inside the ring buffer callback
  std::vector<uint64_t> dropped_;
  uint64_t lost_total_ = 0;
  uint64_t start_ns_ = 0;
  uint64_t last_flush_ns_ = 0;
  uint64_t last_drop_poll_ns_ = 0;
  uint64_t existing_processes_ = 0;
  uint64_t existing_threads_ = 0;
  bool tasks_ = true;
  bool detached_ = false;  // Finish() began: no more probes are attached
  LibrarySearch library_search_;
  std::set<std::pair<uint64_t, uint64_t>> probed_files_;  // (dev, inode) looked at already
  std::vector<int32_t> execs_to_probe_;                   // pids that exec'd since the last poll
  uint64_t task_probes_ = 0;
  uint64_t task_probe_files_ = 0;
  // The Go binaries whose goroutines are followed (docs/goroutines.md), and the string ids of
  // their start functions and wait reasons, interned once each.
  void AttachGoProbes(const std::string& path, std::vector<std::string>* warnings);
  uint32_t GoStartName(uint32_t binary, uint64_t start_pc);
  uint32_t GoReasonName(uint32_t code);
  GoRuntimes go_runtimes_;
  std::map<std::pair<uint64_t, uint64_t>, uint32_t> go_binary_of_file_;  // (dev, inode) -> index
  absl::flat_hash_map<std::pair<uint32_t, uint64_t>, uint32_t> go_names_;
  absl::flat_hash_map<uint32_t, uint32_t> go_reasons_;
  FutexNames futex_names_{MonotonicNowNs};
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_RECORDING_H_
