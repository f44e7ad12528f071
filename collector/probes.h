// Owns the loaded and attached BPF programs (the skeleton), the traced-tgid map, the ring
// buffer and the per-CPU drop counters. Destroying it detaches everything; if ctrace dies,
// the kernel detaches the programs when their link fds close.
#ifndef CTRACE_COLLECTOR_PROBES_H_
#define CTRACE_COLLECTOR_PROBES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bpf/events.h"
#include "collector/ring_reader.h"

struct bpf_link;
struct ctrace_bpf;

namespace ctrace {

enum class ProbeMode {
  kAuto,   // tp_btf, falling back to raw_tp if tp_btf does not load or attach
  kTpBtf,  // tp_btf only
  kRawTp,  // raw_tp only
};

struct ProbeOptions {
  uint64_t buffer_bytes = 16u << 20;  // ring buffer size; a power of two, multiple of the page size
  bool record_exec_args = true;
  // --syscalls: enter/exit of every syscall of the traced threads, not only the creation,
  // exec and epoll calls.
  bool record_all_syscalls = false;
  // The task probes (ctrace:task_* USDT, docs/tasks.md) of the traced binaries; --no-tasks
  // turns them off.
  bool record_tasks = true;
  // Every sched_wakeup record, even those that repeat their sched_waking (bpf/ctrace.bpf.c,
  // on_wakeup); the collector sets it from CTRACE_KEEP_ALL_WAKEUPS=1, for the tests and
  // benchmarks that compare.
  bool keep_all_wakeups = false;
  ProbeMode mode = ProbeMode::kAuto;
};

class Probes {
 public:
  using RecordHandler = std::function<int(const void* data, size_t size)>;

  static absl::StatusOr<std::unique_ptr<Probes>> Attach(const ProbeOptions& options,
                                                        RecordHandler handler);
  ~Probes();

  // Adds a process to the traced set; its threads and descendants are recorded from now on.
  absl::Status Track(int32_t tgid);
  // Number of traced processes still alive (exits remove them in the kernel).
  size_t TrackedCount() const;
  // Detaches every program (the task probes stop recording; their uprobes are taken away on
  // destruction); the ring buffer and maps stay readable until destruction.
  void Detach();
  // Drains the ring buffer, calling the handler per record. Returns records consumed.
  absl::StatusOr<int> Drain();
  // Records the kernel dropped so far, per possible CPU.
  absl::StatusOr<std::vector<uint64_t>> DroppedPerCpu() const;
  // Attaches the ctrace:task_* probes named in `probe_names` (the ones `binary` has) for every
  // process that maps the file; the programs keep only the traced set's hits. Returns the
  // number of probes attached (each covers every site of its name in the file).
  absl::StatusOr<int> AttachTaskProbes(const std::string& binary,
                                       const std::vector<std::string>& probe_names);
  // Follows the goroutines of the Go binary `go.path` for every process that runs it (the
  // programs keep the traced set's hits): writes its runtime's layout to the probes' table at
  // `go.index` and attaches the status-change, creation and (if given) GC-preemption uprobes
  // at their file offsets, each with the index as its cookie. Returns the probes attached.
  struct GoProbePoints {
    std::string path;
    uint32_t index = 0;
    ctrace_go_layout layout{};
    // The status-change probes: at casgstatus's entry spot, or at its calls (go_binary.h).
    std::vector<uint64_t> casgstatus_offsets;
    uint64_t newproc1_return_offset = 0;  // the creation probe (GoBinary::creation_probe)
    uint64_t preempt_scan_offset = 0;     // 0: not probed
  };
  absl::StatusOr<int> AttachGoProbes(const GoProbePoints& go);
  // Probes attached by AttachTaskProbes so far.
  int task_probes_attached() const { return static_cast<int>(task_links_.size()); }

  const std::string& attach_kind() const { return attach_kind_; }  // "tp_btf" or "raw_tp"
  // Whether the recorded calls come from their own syscalls/sys_enter_NAME tracepoints
  // (false: from the generic sys_enter/sys_exit probes, with --syscalls or where the kernel
  // has no per-syscall tracepoints).
  bool per_syscall_probes() const { return per_syscall_probes_; }
  int cpu_count() const { return cpu_count_; }

 private:
  Probes() = default;
  static absl::StatusOr<std::unique_ptr<Probes>> AttachWith(const ProbeOptions& options,
                                                            bool raw_tp, RecordHandler handler);
  void DestroyTaskLinks();

  ctrace_bpf* skel_ = nullptr;
  std::optional<RingReader> ring_;
  std::unique_ptr<RecordHandler> handler_;
  std::string attach_kind_;
  bool per_syscall_probes_ = false;
  int cpu_count_ = 0;
  bool tasks_loaded_ = false;  // the usdt_* programs were loaded
  std::vector<bpf_link*> task_links_;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_PROBES_H_
