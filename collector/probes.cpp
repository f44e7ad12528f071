#include "collector/probes.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bpf/events.h"
#include "ctrace.skel.h"

namespace ctrace {
namespace {

// libbpf prints verifier logs and warnings through this. ctrace turns its failures into one
// line of its own; CTRACE_LIBBPF_DEBUG=1 shows libbpf's full output (the verifier log).
bool g_verbose_libbpf = false;
int PrintLibbpf(enum libbpf_print_level, const char* format, va_list args) {
  if (!g_verbose_libbpf) return 0;
  return vfprintf(stderr, format, args);
}

int OnRecord(void* ctx, void* data, size_t size) {
  return (*static_cast<Probes::RecordHandler*>(ctx))(data, size);
}

std::string ErrnoText(int err) { return std::strerror(err < 0 ? -err : err); }

// Enables one family of programs (tp_btf or raw_tp) and disables the other. The benchmark
// that breaks down recording cost also leaves out the probes named in CTRACE_SKIP_PROBES
// (comma-separated tracepoint names, e.g. "sys_enter,sys_exit").
void SelectPrograms(ctrace_bpf* skel, bool raw_tp) {
  const char* skip_env = std::getenv("CTRACE_SKIP_PROBES");
  const std::string skip = skip_env ? absl::StrCat(",", skip_env, ",") : "";
  bpf_program* prog;
  bpf_object__for_each_program(prog, skel->obj) {
    const char* name = bpf_program__name(prog);
    const bool is_raw = std::strncmp(name, "raw_tp_", 7) == 0;
    const std::string tracepoint = absl::StrCat(",", name + 7, ",");
    const bool skipped = skip.find(tracepoint) != std::string::npos;
    bpf_program__set_autoload(prog, is_raw == raw_tp && !skipped);
  }
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
  int err = bpf_map__set_max_entries(p->skel_->maps.events, options.buffer_bytes);
  if (err) {
    return absl::InvalidArgumentError(absl::StrFormat("ring buffer size %u is not usable: %s",
                                                      options.buffer_bytes, ErrnoText(err)));
  }
  SelectPrograms(p->skel_, raw_tp);
  if ((err = ctrace_bpf__load(p->skel_))) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "loading the %s probes failed: %s (set CTRACE_LIBBPF_DEBUG=1 for the verifier log)",
        p->attach_kind_, ErrnoText(err)));
  }
  if ((err = ctrace_bpf__attach(p->skel_))) {
    return absl::PermissionDeniedError(
        absl::StrFormat("attaching the %s probes failed: %s", p->attach_kind_, ErrnoText(err)));
  }
  p->ring_ =
      ring_buffer__new(bpf_map__fd(p->skel_->maps.events), OnRecord, p->handler_.get(), nullptr);
  if (!p->ring_) {
    return absl::InternalError(
        absl::StrFormat("opening the ring buffer failed: %s", ErrnoText(errno)));
  }
  p->cpu_count_ = libbpf_num_possible_cpus();
  if (p->cpu_count_ <= 0) {
    return absl::InternalError("cannot count the possible CPUs");
  }
  return p;
}

Probes::~Probes() {
  if (ring_) ring_buffer__free(ring_);
  if (skel_) ctrace_bpf__destroy(skel_);
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

void Probes::Detach() { ctrace_bpf__detach(skel_); }

absl::StatusOr<int> Probes::Drain() {
  int n = ring_buffer__consume(ring_);
  if (n < 0) {
    return absl::InternalError(absl::StrFormat("reading the ring buffer: %s", ErrnoText(n)));
  }
  return n;
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
