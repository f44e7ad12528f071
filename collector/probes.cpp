#include "collector/probes.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/mount.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bpf/events.h"

// bpftool's skeleton declares the __kconfig externs that libbpf's usdt.bpf.h brings
// (LINUX_HAS_BPF_COOKIE) with C's _Bool, which C++ does not have (GCC accepts it, clang
// does not).
#define _Bool bool
#include "ctrace.skel.h"
#undef _Bool

namespace ctrace {
namespace {

// libbpf prints verifier logs and warnings through this. ctrace turns its failures into one
// line of its own; CTRACE_LIBBPF_DEBUG=1 shows libbpf's full output (the verifier log).
bool g_verbose_libbpf = false;
int PrintLibbpf(enum libbpf_print_level, const char* format, va_list args) {
  if (!g_verbose_libbpf) return 0;
  return vfprintf(stderr, format, args);
}

std::string ErrnoText(int err) { return std::strerror(err < 0 ? -err : err); }

// Where tracefs is found, its standard place first (what is mounted there when none was).
constexpr const char* kTracefsDirs[] = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};

// `subdir` of the first tracefs that has it, or "".
std::string InTracefs(std::string_view subdir) {
  for (const char* root : kTracefsDirs) {
    std::string dir = std::string(root).append(subdir);
    if (access(dir.c_str(), F_OK) == 0) return dir;
  }
  return "";
}

// The tracefs directory of the per-syscall tracepoints, or "" where the kernel has none (no
// CONFIG_FTRACE_SYSCALLS). Where tracefs is not mounted at all (a machine booted without
// systemd, which mounts it, has none), it is mounted at its standard place, once: libbpf finds
// tracepoints there, and without them ctrace would record clone, exec and epoll_wait through
// the generic syscall filter, which costs the traced program more (docs/benchmarks.md).
std::string SyscallEventsDir() {
  static bool tried_mount = false;
  std::string dir = InTracefs("/events/syscalls");
  if (!dir.empty() || !InTracefs("/events").empty() || tried_mount) return dir;
  tried_mount = true;
  const char* tracefs = kTracefsDirs[0];
  if (mount("tracefs", tracefs, "tracefs", 0, nullptr) != 0) {
    std::fprintf(stderr,
                 "ctrace: warning: tracefs is not mounted and mounting it on %s failed (%s): "
                 "clone, exec and epoll_wait are recorded through the generic syscall filter, "
                 "which costs more\n",
                 tracefs, std::strerror(errno));
    return "";
  }
  std::fprintf(stderr, "ctrace: mounted tracefs on %s (for the per-syscall tracepoints)\n",
               tracefs);
  return InTracefs("/events/syscalls");
}

// Enables one family of programs (tp_btf or raw_tp) and disables the other. The calls ctrace
// records without --syscalls come from their own tracepoints (the sc_* programs) where the
// kernel has them, else from the generic sys_enter/sys_exit with a filter; CTRACE_SYSCALL_PROBES
// =generic forces the latter (for the benchmark that compares them). The benchmark that breaks
// down recording cost also leaves out the probes named in CTRACE_SKIP_PROBES (comma-separated
// tracepoint names, e.g. "sys_enter,sys_exit"; "syscalls" for the sc_* programs). Returns
// whether the per-syscall tracepoints are used.
bool SelectPrograms(ctrace_bpf* skel, bool raw_tp, bool tasks, bool all_syscalls) {
  const char* skip_env = std::getenv("CTRACE_SKIP_PROBES");
  const std::string skip = skip_env ? absl::StrCat(",", skip_env, ",") : "";
  const char* mode_env = std::getenv("CTRACE_SYSCALL_PROBES");
  const bool want_per_syscall =
      !all_syscalls && !(mode_env != nullptr && std::string_view(mode_env) == "generic");
  const std::string events = want_per_syscall ? SyscallEventsDir() : "";
  const bool per_syscall = want_per_syscall && !events.empty();
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel->obj) {
    const char* name = bpf_program__name(prog);
    // The task probes: attached later, per binary (AttachTaskProbes), in either mode.
    if (std::strncmp(name, "usdt_", 5) == 0 || std::strncmp(name, "go_", 3) == 0) {
      bpf_program__set_autoload(prog, tasks);
      continue;
    }
    if (std::strncmp(name, "sc_", 3) == 0) {
      // sc_enter_NAME / sc_exit_NAME attach to syscalls/sys_enter_NAME / sys_exit_NAME: a call
      // this kernel does not have has no tracepoint, and nothing to record.
      const std::string event = absl::StrCat(events, "/sys_", name + 3);
      bpf_program__set_autoload(prog, per_syscall && access(event.c_str(), F_OK) == 0 &&
                                          skip.find(",syscalls,") == std::string::npos);
      continue;
    }
    const bool is_raw = std::strncmp(name, "raw_tp_", 7) == 0;
    const std::string tracepoint = absl::StrCat(",", name + 7, ",");
    const bool generic_syscall = tracepoint == ",sys_enter," || tracepoint == ",sys_exit,";
    const bool skipped =
        skip.find(tracepoint) != std::string::npos || (generic_syscall && per_syscall);
    bpf_program__set_autoload(prog, is_raw == raw_tp && !skipped);
  }
  return per_syscall;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Probes>> Probes::Attach(const ProbeOptions& options,
                                                       RecordHandler handler) {
  g_verbose_libbpf = getenv("CTRACE_LIBBPF_DEBUG") != nullptr;
  libbpf_set_print(PrintLibbpf);
  if (options.mode == ProbeMode::kRawTp) return AttachWith(options, true, std::move(handler));
  auto probes = AttachWith(options, false, handler);
  if (probes.ok() || options.mode == ProbeMode::kTpBtf) return probes;
  auto fallback = AttachWith(options, true, std::move(handler));
  if (fallback.ok()) return fallback;
  return absl::Status(
      probes.status().code(),
      absl::StrCat(probes.status().message(), "; raw_tp fallback: ", fallback.status().message()));
}

absl::StatusOr<std::unique_ptr<Probes>> Probes::AttachWith(const ProbeOptions& options, bool raw_tp,
                                                           RecordHandler handler) {
  std::unique_ptr<Probes> p(new Probes());
  p->attach_kind_ = raw_tp ? "raw_tp" : "tp_btf";
  p->handler_ = std::make_unique<RecordHandler>(std::move(handler));
  p->skel_ = ctrace_bpf__open();
  if (!p->skel_) {
    return absl::InternalError(
        absl::StrFormat("opening the BPF object failed: %s", ErrnoText(errno)));
  }
  p->skel_->rodata->record_exec_args = options.record_exec_args ? 1 : 0;
  p->skel_->rodata->record_all_syscalls = options.record_all_syscalls ? 1 : 0;
  p->skel_->rodata->keep_all_wakeups = options.keep_all_wakeups ? 1 : 0;
  int err = bpf_map__set_max_entries(p->skel_->maps.events, options.buffer_bytes);
  if (err) {
    return absl::InvalidArgumentError(absl::StrFormat("ring buffer size %u is not usable: %s",
                                                      options.buffer_bytes, ErrnoText(err)));
  }
  p->per_syscall_probes_ =
      SelectPrograms(p->skel_, raw_tp, options.record_tasks, options.record_all_syscalls);
  // task_create reads the task's name from user memory, faulting it in if need be: it must be
  // sleepable (libbpf 1.1 has no "usdt.s" section to say so).
  bpf_program__set_flags(p->skel_->progs.usdt_task_create,
                         bpf_program__flags(p->skel_->progs.usdt_task_create) | BPF_F_SLEEPABLE);
  p->tasks_loaded_ = options.record_tasks;
  if ((err = ctrace_bpf__load(p->skel_))) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "loading the %s probes failed: %s (set CTRACE_LIBBPF_DEBUG=1 for the verifier log)",
        p->attach_kind_, ErrnoText(err)));
  }
  if ((err = ctrace_bpf__attach(p->skel_))) {
    return absl::PermissionDeniedError(
        absl::StrFormat("attaching the %s probes failed: %s", p->attach_kind_, ErrnoText(err)));
  }
  absl::StatusOr<RingReader> ring = RingReader::Map(bpf_map__fd(p->skel_->maps.events),
                                                    bpf_map__max_entries(p->skel_->maps.events));
  if (!ring.ok()) {
    return absl::InternalError(
        absl::StrFormat("opening the ring buffer failed: %s", ring.status().message()));
  }
  p->ring_.emplace(*std::move(ring));
  p->cpu_count_ = libbpf_num_possible_cpus();
  if (p->cpu_count_ <= 0) {
    return absl::InternalError("cannot count the possible CPUs");
  }
  return p;
}

Probes::~Probes() {
  DestroyTaskLinks();
  if (skel_) ctrace_bpf__destroy(skel_);
}

absl::StatusOr<int> Probes::AttachTaskProbes(const std::string& binary,
                                             const std::vector<std::string>& probe_names) {
  if (!tasks_loaded_) return 0;
  const std::pair<const char*, bpf_program*> programs[] = {
      {"task_create", skel_->progs.usdt_task_create},
      {"task_resume", skel_->progs.usdt_task_resume},
      {"task_suspend", skel_->progs.usdt_task_suspend},
      {"task_end", skel_->progs.usdt_task_end}};
  int attached = 0;
  for (const auto& [name, prog] : programs) {
    if (std::find(probe_names.begin(), probe_names.end(), name) == probe_names.end()) continue;
    // pid -1: a USDT probe is a uprobe on the file, hit by every process that runs it; the
    // program keeps the traced set's hits only.
    bpf_link* link = bpf_program__attach_usdt(prog, -1, binary.c_str(), "ctrace", name, nullptr);
    if (link == nullptr) {
      return absl::UnavailableError(absl::StrFormat("attaching the probe ctrace:%s of %s: %s", name,
                                                    binary, ErrnoText(errno)));
    }
    task_links_.push_back(link);
    ++attached;
  }
  return attached;
}

absl::StatusOr<int> Probes::AttachGoProbes(const GoProbePoints& go) {
  if (!tasks_loaded_) return 0;
  if (go.index >= CTRACE_GO_BINARIES) {
    return absl::ResourceExhaustedError(absl::StrFormat(
        "%s: more than %d Go binaries in one recording", go.path, CTRACE_GO_BINARIES));
  }
  if (bpf_map__update_elem(skel_->maps.go_layouts, &go.index, sizeof(go.index), &go.layout,
                           sizeof(go.layout), BPF_ANY) != 0) {
    return absl::InternalError(
        absl::StrFormat("%s: writing its runtime's layout: %s", go.path, ErrnoText(errno)));
  }
  std::vector<std::pair<bpf_program*, uint64_t>> points = {
      {skel_->progs.go_newproc1_return, go.newproc1_return_offset},
      {skel_->progs.go_preempt_scan, go.preempt_scan_offset}};
  for (uint64_t offset : go.casgstatus_offsets)
    points.push_back({skel_->progs.go_casgstatus, offset});
  int attached = 0;
  for (const auto& [prog, offset] : points) {
    if (offset == 0) continue;
    LIBBPF_OPTS(bpf_uprobe_opts, opts, .bpf_cookie = go.index);
    // pid -1: every process running the file; the programs keep the traced set's hits.
    bpf_link* link = bpf_program__attach_uprobe_opts(prog, -1, go.path.c_str(), offset, &opts);
    if (link == nullptr) {
      return absl::UnavailableError(absl::StrFormat("attaching %s to %s at offset 0x%x: %s",
                                                    bpf_program__name(prog), go.path, offset,
                                                    ErrnoText(errno)));
    }
    task_links_.push_back(link);
    ++attached;
  }
  return attached;
}

absl::Status Probes::Track(int32_t tgid) {
  if (tgid <= 0 || tgid >= CTRACE_PID_LIMIT) {
    return absl::InvalidArgumentError(absl::StrFormat("cannot track process %d", tgid));
  }
  // The same bitmap the BPF programs set at fork, shared through the mmap'ed .bss.
  const __u64 bit = 1ull << (tgid % 64);
  __u64* word = &skel_->bss->tracked_bits[tgid / 64];
  if (!(__atomic_fetch_or(word, bit, __ATOMIC_SEQ_CST) & bit)) {
    __atomic_fetch_add(&skel_->bss->tracked_processes, 1, __ATOMIC_SEQ_CST);
  }
  return absl::OkStatus();
}

size_t Probes::TrackedCount() const {
  const __s64 n = __atomic_load_n(&skel_->bss->tracked_processes, __ATOMIC_SEQ_CST);
  return n > 0 ? static_cast<size_t>(n) : 0;
}

void Probes::Detach() {
  // The task probes stop recording now; their uprobes go with this object (taking one away
  // takes the kernel about 100 ms), after the trace is written.
  __atomic_store_n(&skel_->bss->tasks_stopped, 1, __ATOMIC_SEQ_CST);
  ctrace_bpf__detach(skel_);
}

void Probes::DestroyTaskLinks() {
  // Taking a uprobe away waits for the kernel to know no CPU is still in its handler: about
  // 80 ms here, per probe, and the kernel takes them away one at a time however many threads
  // close them: the ~40 status-change probes of a Go binary hold ctrace's exit 3 s. It is
  // done before ctrace exits all the same, so that when it has, no program traps into them.
  std::vector<std::thread> closers;
  for (bpf_link* link : task_links_) closers.emplace_back([link] { bpf_link__destroy(link); });
  for (std::thread& t : closers) t.join();
  task_links_.clear();
}

absl::StatusOr<int> Probes::Drain() {
  const int64_t n = ring_->Consume(*handler_);
  if (n < 0) {
    return absl::InternalError(
        absl::StrFormat("reading the ring buffer: %s", ErrnoText(static_cast<int>(n))));
  }
  return static_cast<int>(std::min<int64_t>(n, std::numeric_limits<int>::max()));
}

absl::StatusOr<std::vector<uint64_t>> Probes::DroppedPerCpu() const {
  std::vector<uint64_t> values(cpu_count_);
  uint32_t zero = 0;
  if (bpf_map__lookup_elem(skel_->maps.dropped, &zero, sizeof(zero), values.data(),
                           values.size() * sizeof(uint64_t), 0)) {
    return absl::InternalError(absl::StrFormat("reading the drop counters: %s", ErrnoText(errno)));
  }
  return values;
}

}  // namespace ctrace
