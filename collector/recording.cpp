#include "collector/recording.h"

#include <bpf/libbpf.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "bpf/go_transitions.h"
#include "collector/go_goroutine_list.h"
#include "collector/task_probe_files.h"

namespace ctrace {
namespace {

// A chunk is written at least this often, so a killed recording loses at most this much.
constexpr uint64_t kFlushIntervalNs = 500'000'000;
constexpr uint64_t kDropPollIntervalNs = 100'000'000;
// A futex word's name is written once the events up to its lookup are surely drained: a
// record reaches the ring buffer microseconds after its timestamp.
constexpr uint64_t kNameSettleNs = 10'000'000;

uint64_t ClockNs(clockid_t clock) {
  timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string HumanBytes(uint64_t bytes) {
  if (bytes < 1024) return absl::StrFormat("%u B", bytes);
  if (bytes < (1u << 20)) return absl::StrFormat("%.1f KiB", bytes / 1024.0);
  if (bytes < (1u << 30)) return absl::StrFormat("%.1f MiB", bytes / 1048576.0);
  return absl::StrFormat("%.2f GiB", bytes / 1073741824.0);
}

}  // namespace

uint64_t MonotonicNowNs() { return ClockNs(CLOCK_MONOTONIC); }

void PrintSummary(const RecordingSummary& s) {
  std::fprintf(stderr, "ctrace: trace written to %s (%s)\n", s.path.c_str(), s.end_reason.c_str());
  std::fprintf(stderr, "  duration     %.3f s\n", s.duration_ns / 1e9);
  std::fprintf(stderr, "  processes    %llu\n", static_cast<unsigned long long>(s.processes));
  std::fprintf(stderr, "  threads      %llu\n", static_cast<unsigned long long>(s.threads));
  std::fprintf(stderr, "  events       %llu\n", static_cast<unsigned long long>(s.events));
  std::string by_cpu;
  for (size_t cpu = 0; cpu < s.lost_per_cpu.size(); ++cpu) {
    if (s.lost_per_cpu[cpu] == 0) continue;
    absl::StrAppend(&by_cpu, by_cpu.empty() ? " (" : ", ", "cpu ", cpu, ": ", s.lost_per_cpu[cpu]);
  }
  if (!by_cpu.empty()) by_cpu += ")";
  std::fprintf(stderr, "  lost events  %llu%s%s\n", static_cast<unsigned long long>(s.lost_events),
               by_cpu.c_str(),
               s.lost_events ? "  (ring buffer full: try a larger --buffer-size)" : "");
  if (!s.tasks_enabled) {
    std::fprintf(stderr, "  tasks        not recorded (--no-tasks)\n");
  } else if (s.task_probes == 0) {
    std::fprintf(stderr, "  tasks        none (no ctrace:task_* probes in the traced programs)\n");
  } else {
    std::fprintf(stderr, "  tasks        %llu events from %llu probes in %llu %s\n",
                 static_cast<unsigned long long>(s.task_events),
                 static_cast<unsigned long long>(s.task_probes),
                 static_cast<unsigned long long>(s.task_probe_files),
                 s.task_probe_files == 1 ? "file" : "files");
  }
  std::fprintf(stderr, "  file size    %s (%.1f bytes/event)\n", HumanBytes(s.file_bytes).c_str(),
               s.events ? static_cast<double>(s.file_bytes) / s.events : 0.0);
  const auto per_event = [&s](uint64_t ns) {
    return s.events ? static_cast<double>(ns) / s.events : 0.0;
  };
  std::fprintf(stderr, "  recorder cpu %.3f s (%.0f ns/event; draining the buffer %.0f ns/event)\n",
               s.recorder_cpu_ns / 1e9, per_event(s.recorder_cpu_ns), per_event(s.drain_cpu_ns));
}

absl::StatusOr<std::unique_ptr<Recording>> Recording::Start(const std::string& path,
                                                            std::vector<std::string> command,
                                                            const ProbeOptions& options) {
  ProbeOptions probe_options = options;
  const char* keep_wakeups = std::getenv("CTRACE_KEEP_ALL_WAKEUPS");
  probe_options.keep_all_wakeups = keep_wakeups != nullptr && std::string_view(keep_wakeups) == "1";
  std::unique_ptr<Recording> r(new Recording());
  TraceHeader header;
  header.command = std::move(command);
  header.start_monotonic_ns = ClockNs(CLOCK_MONOTONIC);
  header.start_realtime_ns = ClockNs(CLOCK_REALTIME);
  utsname uts;
  if (uname(&uts) == 0) {
    header.hostname = uts.nodename;
    header.kernel_release = uts.release;
  }
  header.recorder = "ctrace " CTRACE_VERSION;
  header.flags = (probe_options.record_exec_args ? kHeaderFlagExecArgs : 0) |
                 (probe_options.record_all_syscalls ? kHeaderFlagAllSyscalls : 0) |
                 (probe_options.record_tasks ? kHeaderFlagTasks : 0) |
                 (probe_options.keep_all_wakeups ? 0 : kHeaderFlagRepeatedWakeupsOmitted);
  // Possible CPUs, as libbpf counts them to size per-CPU maps: every CPU an event or a drop
  // counter can name is below this.
  int cpus = libbpf_num_possible_cpus();
  if (cpus <= 0) return absl::InternalError("cannot count the possible CPUs");
  header.cpu_count = static_cast<uint32_t>(cpus);

  // In the background: the thread that drains the ring buffer only converts and orders.
  ASSIGN_OR_RETURN(r->writer_, TraceWriter::Create(path, header, {.background = true}));
  TraceWriter* w = r->writer_.get();
  Recording* owner = r.get();
  r->converter_ = std::make_unique<RecordConverter>(
      [w](std::string_view s) { return w->InternString(s); },
      [owner](TaskSource source, uint32_t code) {
        return source == TaskSource::kGoRuntime ? owner->GoReasonName(code) : kEmptyString;
      },
      [owner](uint32_t binary, uint64_t pc) { return owner->GoStartName(binary, pc); });

  Recording* self = r.get();
  auto probes = Probes::Attach(probe_options, [self](const void* data, size_t size) {
    // Converted in place, into the writer's buffer (TraceWriter::Append).
    Event* event = self->writer_->Append();
    absl::Status s = self->converter_->ConvertInto(data, size, event);
    if (s.ok()) {
      // Before Commit, which may move the event (or write it out with its chunk).
      if (event->kind == EventKind::kProcessExec && self->tasks_) {
        self->execs_to_probe_.push_back(event->pid);
      }
      self->futex_names_.Observe(*event);
      s = self->writer_->Commit();
    } else {
      self->writer_->Discard();  // half converted
    }
    if (!s.ok()) {
      if (self->handler_status_.ok()) self->handler_status_ = s;
      return -1;  // stops ring_buffer__consume
    }
    return 0;
  });
  if (!probes.ok()) {
    // Nothing was recorded: do not leave an empty trace file behind.
    const std::string created = r->writer_->path();
    r->writer_.reset();
    unlink(created.c_str());
    return probes.status();
  }
  r->probes_ = std::move(*probes);
  r->tasks_ = probe_options.record_tasks;
  if (r->tasks_) r->library_search_ = SystemLibrarySearch();
  r->dropped_.assign(r->probes_->cpu_count(), 0);
  r->start_ns_ = header.start_monotonic_ns;
  r->last_flush_ns_ = r->last_drop_poll_ns_ = r->start_ns_;
  return r;
}

absl::Status Recording::AddSnapshot(int32_t tid, int32_t pid, int32_t ppid, const std::string& comm,
                                    uint64_t ts_ns) {
  Event e;
  e.ts_ns = ts_ns;
  e.kind = EventKind::kThreadSnapshot;
  e.tid = tid;
  e.pid = pid;
  e.snapshot = {.ppid = ppid, .comm = writer_->InternString(comm)};
  return writer_->Add(e);
}

absl::Status Recording::PollDrops(uint64_t now_ns) {
  ASSIGN_OR_RETURN(const std::vector<uint64_t> dropped, probes_->DroppedPerCpu());
  for (size_t cpu = 0; cpu < dropped.size() && cpu < dropped_.size(); ++cpu) {
    uint64_t delta = dropped[cpu] - dropped_[cpu];
    if (delta == 0) continue;
    dropped_[cpu] = dropped[cpu];
    lost_total_ += delta;
    Event e;
    e.ts_ns = now_ns;
    e.kind = EventKind::kLost;
    e.cpu = static_cast<uint16_t>(cpu);
    e.lost = {.count = delta};
    RETURN_IF_ERROR(writer_->Add(e));
  }
  last_drop_poll_ns_ = now_ns;
  return absl::OkStatus();
}

void Recording::AttachTaskProbes(const std::vector<std::string>& files) {
  if (!tasks_) return;
  std::vector<std::string> fresh;
  for (const std::string& path : files) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) continue;
    if (probed_files_.insert({st.st_dev, st.st_ino}).second) fresh.push_back(path);
  }
  std::vector<std::string> warnings;
  for (const std::string& path : fresh) AttachGoProbes(path, &warnings);
  for (const TaskProbeFile& f : FindTaskProbes(fresh, &warnings)) {
    absl::StatusOr<int> n = probes_->AttachTaskProbes(f.path, f.probes);
    if (!n.ok()) {
      warnings.push_back(std::string(n.status().message()) + "; its tasks are not recorded");
      continue;
    }
    task_probes_ += static_cast<uint64_t>(*n);
    ++task_probe_files_;
  }
  for (const std::string& w : warnings) std::fprintf(stderr, "ctrace: warning: %s\n", w.c_str());
}

void Recording::AttachGoProbes(const std::string& path, std::vector<std::string>* warnings) {
  absl::StatusOr<GoBinary> go = ReadGoBinary(path);
  if (absl::IsNotFound(go.status())) return;  // not a Go program
  const auto skip = [&](const std::string& why) {
    warnings->push_back(absl::StrCat(why, "; its goroutines are not recorded"));
  };
  if (!go.ok()) return skip(std::string(go.status().message()));
  if (std::string why = WhyGoroutinesAreNotFollowed(path, *go); !why.empty()) return skip(why);
  if (!go->preempt_problem.empty()) {
    warnings->push_back(absl::StrCat(path, ": ", go->preempt_problem,
                                     "; goroutines the GC stops are seen to stop only when they "
                                     "run again"));
  }
  const std::optional<uint64_t> preempt =
      go->preempt_scan_probe != 0 ? go->FileOffset(go->preempt_scan_probe) : std::nullopt;
  Probes::GoProbePoints points;
  points.path = path;
  points.index = static_cast<uint32_t>(go_runtimes_.size());
  const GoRuntimeOffsets& o = go->offsets;
  points.layout = {.g_m = o.g_m,
                   .g_atomicstatus = o.g_atomicstatus,
                   .g_goid = o.g_goid,
                   .g_waitreason = o.g_waitreason,
                   .g_startpc = o.g_startpc,
                   .m_curg = o.m_curg,
                   .newg_in_bx = go->runqput_call != 0 ? 1u : 0u,
                   .pad = 0,
                   .creation_probe = go->creation_probe()};
  // Both in the file: WhyGoroutinesAreNotFollowed said so.
  for (uint64_t call : go->casgstatus_calls) {
    std::optional<uint64_t> at = go->FileOffset(call);
    if (!at) {  // not in the file: the one probe at the entry instead
      points.casgstatus_offsets.clear();
      break;
    }
    points.casgstatus_offsets.push_back(*at);
  }
  if (points.casgstatus_offsets.empty()) {
    points.casgstatus_offsets.push_back(go->FileOffset(go->casgstatus_probe).value_or(0));
  }
  points.newproc1_return_offset = go->FileOffset(go->creation_probe()).value_or(0);
  points.preempt_scan_offset = preempt.value_or(0);
  // Kept even if attaching fails: a probe attached before the failure carries this index.
  go_runtimes_.Add(*std::move(go));
  absl::StatusOr<int> n = probes_->AttachGoProbes(points);
  if (!n.ok()) return skip(std::string(n.status().message()));
  if (*n == 0) return;  // --no-tasks
  if (struct stat st; stat(path.c_str(), &st) == 0) {
    go_binary_of_file_[{st.st_dev, st.st_ino}] = points.index;
  }
  task_probes_ += static_cast<uint64_t>(*n);
  ++task_probe_files_;
}

uint32_t Recording::GoStartName(uint32_t binary, uint64_t start_pc) {
  auto [it, fresh] = go_names_.try_emplace({binary, start_pc}, kEmptyString);
  if (fresh) it->second = writer_->InternString(go_runtimes_.StartFunction(binary, start_pc));
  return it->second;
}

uint32_t Recording::GoReasonName(uint32_t code) {
  auto [it, fresh] = go_reasons_.try_emplace(code, kEmptyString);
  if (fresh) it->second = writer_->InternString(go_runtimes_.Reason(code));
  return it->second;
}

absl::Status Recording::SnapshotGoroutines(int32_t pid, uint32_t first_binary) {
  const std::string exe = absl::StrCat("/proc/", pid, "/exe");
  struct stat st;
  if (stat(exe.c_str(), &st) != 0) return absl::OkStatus();  // gone already
  auto it = go_binary_of_file_.find({st.st_dev, st.st_ino});
  if (it == go_binary_of_file_.end()) return absl::OkStatus();  // not a followed Go binary
  const uint32_t index = it->second;
  if (index < first_binary) return absl::OkStatus();
  const uint64_t ts = MonotonicNowNs();  // before reading: every state read is from after it
  absl::StatusOr<std::vector<GoroutineAtAttach>> gs =
      ReadGoroutines(pid, go_runtimes_.binary(index));
  if (!gs.ok()) {
    std::fprintf(stderr,
                 "ctrace: warning: process %d: %s; its goroutines from before the attach are "
                 "first seen unnamed\n",
                 pid, std::string(gs.status().message()).c_str());
    return absl::OkStatus();
  }
  for (const GoroutineAtAttach& g : *gs) {
    Event e;
    e.ts_ns = ts;
    e.kind = EventKind::kTaskSnapshot;
    e.tid = e.pid = pid;
    e.task.id = g.goid;
    e.task.other = g.parent_goid;
    e.task.str = GoStartName(index, g.start_pc);
    e.task.source = TaskSource::kGoRuntime;
    e.task.state = static_cast<uint8_t>(std::min<uint32_t>(g.status, 0xff));
    // A suspended goroutine's reason, as a status change to it would give.
    const uint32_t code = g.status == CTRACE_G_WAITING     ? CTRACE_GO_REASON(index, g.wait_reason)
                          : g.status == CTRACE_G_RUNNABLE  ? CTRACE_GO_REASON_RUNNABLE
                          : g.status == CTRACE_G_PREEMPTED ? CTRACE_GO_REASON_PREEMPTED
                                                           : 0;
    e.task.reason = code != 0 ? GoReasonName(code) : kEmptyString;
    RETURN_IF_ERROR(writer_->Add(e));
  }
  return absl::OkStatus();
}

absl::Status Recording::AttachProbesOfNewPrograms() {
  std::vector<int32_t> pids;
  pids.swap(execs_to_probe_);
  for (int32_t pid : pids) {
    char path[PATH_MAX];
    const std::string exe = "/proc/" + std::to_string(pid) + "/exe";
    ssize_t n = readlink(exe.c_str(), path, sizeof(path) - 1);
    if (n <= 0) continue;  // it exited (or exec'd again) already
    path[n] = '\0';
    const size_t followed = go_runtimes_.size();
    AttachTaskProbes(ProgramFiles(path, library_search_));
    // A Go binary probed only now ran unprobed until this: the goroutines it made by now. (One
    // probed before it started, by `run` or for another process of it, was seen from the
    // start: a uprobe is on the file, in every process that maps it.)
    RETURN_IF_ERROR(SnapshotGoroutines(pid, static_cast<uint32_t>(followed)));
  }
  return absl::OkStatus();
}

absl::Status Recording::WriteFutexNames(uint64_t settled_ns) {
  for (const Event& e : futex_names_.TakeNames(
           [this](std::string_view s) { return writer_->InternString(s); }, settled_ns)) {
    RETURN_IF_ERROR(writer_->Add(e));
  }
  return absl::OkStatus();
}

absl::Status Recording::Poll() {
  auto drained = probes_->Drain();
  if (!handler_status_.ok()) return handler_status_;
  if (!drained.ok()) return drained.status();
  if (!execs_to_probe_.empty() && !detached_) RETURN_IF_ERROR(AttachProbesOfNewPrograms());
  const uint64_t now = MonotonicNowNs();
  // After detaching, everything recorded has been drained: every name is settled.
  RETURN_IF_ERROR(WriteFutexNames(detached_ ? UINT64_MAX : now - std::min(now, kNameSettleNs)));
  if (now - last_drop_poll_ns_ >= kDropPollIntervalNs) RETURN_IF_ERROR(PollDrops(now));
  if (now - last_flush_ns_ >= kFlushIntervalNs) {
    last_flush_ns_ = now;
    return writer_->Flush();
  }
  return absl::OkStatus();
}

RecordingSummary Recording::Summarize(const std::string& end_reason) const {
  RecordingSummary s;
  s.path = writer_->path();
  s.duration_ns = MonotonicNowNs() - start_ns_;
  const RecordingCounts& c = converter_->counts();
  s.processes = existing_processes_ + c.processes_created;
  s.threads = existing_threads_ + c.processes_created + c.threads_created;
  s.events = writer_->events_written();
  s.lost_events = lost_total_;
  s.lost_per_cpu = dropped_;
  s.file_bytes = writer_->bytes_written();
  const auto cpu_ns = [](int who) -> uint64_t {
    rusage usage{};
    if (getrusage(who, &usage) != 0) return 0;
    const auto ns = [](const timeval& tv) {
      return static_cast<uint64_t>(tv.tv_sec) * 1'000'000'000 + tv.tv_usec * 1000ull;
    };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
  };
  s.recorder_cpu_ns = cpu_ns(RUSAGE_SELF);
  s.drain_cpu_ns = cpu_ns(RUSAGE_THREAD);
  s.task_events = c.task_events;
  s.task_probes = task_probes_;
  s.task_probe_files = task_probe_files_;
  s.tasks_enabled = tasks_;
  s.end_reason = end_reason;
  return s;
}

absl::StatusOr<RecordingSummary> Recording::Finish(const std::string& end_reason) {
  // Detach first, so nothing more arrives; then drain everything that did, and read the
  // drop counters one last time. The recording ends now, not when the probes are gone (the
  // task probes' uprobes go when this Recording does, after the summary).
  const uint64_t end_ns = MonotonicNowNs();
  probes_->Detach();
  detached_ = true;
  RETURN_IF_ERROR(Poll());
  RETURN_IF_ERROR(PollDrops(MonotonicNowNs()));
  TraceTrailer trailer;
  trailer.end_monotonic_ns = end_ns;
  trailer.lost_per_cpu = dropped_;
  trailer.end_reason = end_reason;
  RETURN_IF_ERROR(writer_->Finish(std::move(trailer)));
  return Summarize(end_reason);
}

RecordingSummary Recording::Abandon() {
  probes_.reset();
  // Everything handed to the writer's thread is on disk, and counted, before the summary (an
  // error there is already the one being reported, or the next).
  writer_->WaitForWrites().IgnoreError();
  return Summarize("recording stopped by an error");
}

}  // namespace ctrace
