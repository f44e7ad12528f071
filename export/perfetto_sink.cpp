// Perfetto's protobuf trace, written packet by packet: each TracePacket is serialized with
// libprotobuf and written as field 1 of the Trace message, so the file is a valid Trace while
// only one packet (or one CPU's pending ftrace events) is in memory.
//
// What is written:
//   - first a ClockSnapshot (the trace's clock is CLOCK_MONOTONIC; see below), a SystemInfo
//     with the kernel release (Perfetto decodes sched_switch prev_state by kernel version) and
//     the start of the TrackEvent packet sequence, whose packets default to CLOCK_MONOTONIC;
//   - per process and thread, when first seen and whenever a name changes: a ProcessTree entry
//     (pid, ppid, cmdline / tid, tgid, name) and a TrackDescriptor (process or thread track);
//   - the scheduling events as ftrace events in per-CPU FtraceEventBundles, in time order
//     within each CPU: sched_switch, sched_waking, sched_wakeup, sched_wakeup_new,
//     task_newtask (from fork events) and sched_process_exit. Perfetto builds its own thread
//     state and CPU tracks from these;
//   - syscall spans as TrackEvent slices (begin at entry with the arguments, end at return
//     with the result) on the thread's track, and creation flows as a pair of instants (on
//     the creator inside its clone/fork slice, and on the new thread) linked by a flow id;
//   - per user-level task, when it appears, a TrackDescriptor under its process's track
//     named "task 7: connection", and per run of it on a thread a slice on that track named
//     after the thread ("on worker-1 (1234)"), written when the run ends.
//
// Clocks: ftrace events carry no clock id and are read as CLOCK_BOOTTIME. ctrace's times are
// CLOCK_MONOTONIC, which differs from BOOTTIME only by time spent suspended; the snapshot
// says the two are equal (they are, while recording) and makes MONOTONIC the trace's clock,
// so Perfetto shows the recorded times unchanged and both kinds of packets line up.
#include "export/perfetto_sink.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "export/export_sink.h"
#include "export/perfetto_subset.pb.h"
#include "export/syscall_args.h"
#include "format/syscall_table.h"
#include "text/utf8.h"

namespace ctrace {

int64_t PerfettoPrevState(uint32_t prev_state, bool preempt) {
  constexpr uint32_t kTaskReport = 0x7F;  // S D T t X Z P
  constexpr uint32_t kTaskNoload = 0x400;
  constexpr uint32_t kTaskRtlockWait = 0x1000;
  constexpr uint32_t kExitDead = 0x10;
  if (preempt) return 0x100;  // TASK_REPORT_MAX: "R+"
  if (prev_state & kTaskDead) return kExitDead;
  if ((prev_state & (kTaskUninterruptible | kTaskNoload)) == (kTaskUninterruptible | kTaskNoload)) {
    return 0x80;  // TASK_IDLE: "I"
  }
  uint32_t report = prev_state & kTaskReport;
  if (prev_state & kTaskRtlockWait) report |= kTaskUninterruptible;  // reported as D
  if (report == 0) return 0;
  uint32_t highest = 1u << (31 - __builtin_clz(report));
  return highest;
}

namespace {

namespace pb = perfetto::protos;

constexpr uint32_t kSequenceId = 1;  // the TrackEvent sequence (descriptors, slices, flows)
constexpr uint64_t kProcessUuidBase = uint64_t{1} << 40;
constexpr uint64_t kThreadUuidBase = uint64_t{2} << 40;
constexpr uint64_t kTaskUuidBase = uint64_t{3} << 40;
constexpr size_t kBundleEvents = 512;       // ftrace events per CPU before a bundle is written
constexpr int32_t kDefaultPrio = 120;       // ctrace does not record priorities: nice 0
constexpr uint32_t kIdleComm = 0xFFFFFFFF;  // comm of the idle task (swapper/N)
// Perfetto reads prev_state by kernel version; a ctrace trace without one comes from a
// kernel with tp_btf (5.5 or later).
constexpr char kFallbackRelease[] = "5.5.0";

uint64_t ProcessUuid(uint32_t p) { return kProcessUuidBase + p; }
uint64_t ThreadUuid(uint32_t t) { return kThreadUuidBase + t; }
uint64_t TaskUuid(uint32_t task) { return kTaskUuidBase + task; }

class PerfettoSink : public ExportSink {
 public:
  explicit PerfettoSink(const ExportContext& ctx)
      : ExportSink(ctx), block_(kArenaBlock), arena_(ArenaOptionsFor(block_)) {}

  void Begin() override {
    const TraceHeader& h = ctx_.reader->header();
    pb::TracePacket* p = NewPacket();
    pb::ClockSnapshot* clocks = p->mutable_clock_snapshot();
    uint64_t start = h.start_monotonic_ns;
    auto add_clock = [&](pb::BuiltinClock id, uint64_t ts) {
      pb::ClockSnapshot::Clock* c = clocks->add_clocks();
      c->set_clock_id(id);
      c->set_timestamp(ts);
    };
    add_clock(pb::BUILTIN_CLOCK_BOOTTIME, start);
    add_clock(pb::BUILTIN_CLOCK_MONOTONIC, start);
    if (h.start_realtime_ns != 0) add_clock(pb::BUILTIN_CLOCK_REALTIME, h.start_realtime_ns);
    clocks->set_primary_trace_clock(pb::BUILTIN_CLOCK_MONOTONIC);
    Write(*p);

    p = NewPacket();
    pb::Utsname* uts = p->mutable_system_info()->mutable_utsname();
    uts->set_sysname("Linux");
    uts->set_release(h.kernel_release.empty() ? kFallbackRelease : h.kernel_release);
    uts->set_machine("x86_64");
    if (h.cpu_count != 0) p->mutable_system_info()->set_num_cpus(h.cpu_count);
    Write(*p);

    p = NewPacket();
    p->set_trusted_packet_sequence_id(kSequenceId);
    p->set_sequence_flags(pb::TracePacket::SEQ_INCREMENTAL_STATE_CLEARED);
    p->set_first_packet_on_sequence(true);
    p->mutable_trace_packet_defaults()->set_timestamp_clock_id(pb::BUILTIN_CLOCK_MONOTONIC);
    Write(*p);
  }

  void End(const ExportSummary& /*summary*/) override {
    for (size_t cpu = 0; cpu < cpus_.size(); ++cpu) FlushCpu(cpu);
  }

  void OnProcess(uint32_t index, bool first) override {
    const Process& proc = ProcessAt(index);
    uint64_t ts = first ? proc.first_ns : ctx_.stream->now_ns();
    pb::TracePacket* p = NewPacket();
    p->set_timestamp(ts);
    pb::ProcessTree::Process* entry = p->mutable_process_tree()->add_processes();
    entry->set_pid(proc.pid);
    if (proc.ppid > 0) entry->set_ppid(proc.ppid);
    AddCmdline(proc, [&](std::string_view arg) { entry->add_cmdline(arg.data(), arg.size()); });
    Write(*p);

    p = SequencePacket(ts);
    pb::TrackDescriptor* track = p->mutable_track_descriptor();
    track->set_uuid(ProcessUuid(index));
    pb::ProcessDescriptor* desc = track->mutable_process();
    desc->set_pid(proc.pid);
    std::string_view name = Text(proc.comm);
    if (!name.empty()) desc->set_process_name(name.data(), name.size());
    AddCmdline(proc, [&](std::string_view arg) { desc->add_cmdline(arg.data(), arg.size()); });
    Write(*p);
  }

  void OnThread(uint32_t index, bool first) override {
    const Thread& th = ThreadAt(index);
    uint64_t ts = first ? th.first_ns : ctx_.stream->now_ns();
    std::string_view name = Text(th.comm);
    pb::TracePacket* p = NewPacket();
    p->set_timestamp(ts);
    pb::ProcessTree::Thread* entry = p->mutable_process_tree()->add_threads();
    entry->set_tid(th.tid);
    entry->set_tgid(th.pid);
    if (!name.empty()) entry->set_name(name.data(), name.size());
    Write(*p);

    p = SequencePacket(ts);
    pb::TrackDescriptor* track = p->mutable_track_descriptor();
    track->set_uuid(ThreadUuid(index));
    if (th.process != kNoProcess) track->set_parent_uuid(ProcessUuid(th.process));
    pb::ThreadDescriptor* desc = track->mutable_thread();
    desc->set_pid(th.pid);
    desc->set_tid(th.tid);
    if (!name.empty()) desc->set_thread_name(name.data(), name.size());
    Write(*p);
  }

  void OnSyscallBegin(uint32_t t, const SyscallSpan& span) override {
    pb::TracePacket* p = SequencePacket(span.enter_ns);
    pb::TrackEvent* ev = p->mutable_track_event();
    ev->set_type(pb::TrackEvent::TYPE_SLICE_BEGIN);
    ev->set_track_uuid(ThreadUuid(t));
    ev->add_categories("syscall");
    ev->set_name(SyscallTitle(span.nr));
    SyscallArgs args = ArgsOf(span);
    for (int i = 0; i < args.count; ++i) {
      pb::DebugAnnotation* a = ev->add_debug_annotations();
      a->set_name(args.args[i].name.data(), args.args[i].name.size());
      a->set_int_value(args.args[i].value);
    }
    if (args.has_filename) {
      std::string_view file = Text(span.str);
      pb::DebugAnnotation* a = ev->add_debug_annotations();
      a->set_name("filename");
      a->set_string_value(file.data(), file.size());
    }
    Write(*p);
  }

  void OnSyscallEnd(uint32_t t, const SyscallSpan& span, bool returned) override {
    pb::TracePacket* p = SequencePacket(span.exit_ns);
    pb::TrackEvent* ev = p->mutable_track_event();
    ev->set_type(pb::TrackEvent::TYPE_SLICE_END);
    ev->set_track_uuid(ThreadUuid(t));
    pb::DebugAnnotation* a = ev->add_debug_annotations();
    if (returned) {
      a->set_name("ret");
      a->set_int_value(span.ret);
    } else {
      a->set_name("returned");
      a->set_bool_value(false);
    }
    Write(*p);
  }

  void OnFlow(const Flow& flow) override {
    if (flow.kind != FlowKind::kCreate || flow.from == kNoThread) return;
    uint64_t id = next_flow_id_++;
    const Thread& child = ThreadAt(flow.to);
    pb::TracePacket* p = SequencePacket(flow.ts_ns);
    pb::TrackEvent* ev = p->mutable_track_event();
    ev->set_type(pb::TrackEvent::TYPE_INSTANT);
    ev->set_track_uuid(ThreadUuid(flow.from));
    ev->add_categories("lifecycle");
    ev->set_name(child.created_as_process ? "create process" : "create thread");
    pb::DebugAnnotation* a = ev->add_debug_annotations();
    a->set_name("tid");
    a->set_int_value(child.tid);
    ev->add_flow_ids(id);
    Write(*p);

    p = SequencePacket(flow.ts_ns);
    ev = p->mutable_track_event();
    ev->set_type(pb::TrackEvent::TYPE_INSTANT);
    ev->set_track_uuid(ThreadUuid(flow.to));
    ev->add_categories("lifecycle");
    ev->set_name("created");
    ev->add_terminating_flow_ids(id);
    Write(*p);
  }

  void OnTask(uint32_t index) override {
    const Task& task = TaskAt(index);
    pb::TracePacket* p = SequencePacket(task.first_ns);
    pb::TrackDescriptor* track = p->mutable_track_descriptor();
    track->set_uuid(TaskUuid(index));
    if (task.process != kNoProcess) track->set_parent_uuid(ProcessUuid(task.process));
    track->set_name(TaskLabel(task, Text(task.name)));
    Write(*p);
  }

  // Told when the run ends, so its begin goes out late: the trace processor sorts TrackEvents
  // by timestamp (ties in file order), and a task's runs never overlap on its track.
  void OnTaskRun(const TaskRun& run) override {
    const Thread& th = ThreadAt(run.thread);
    std::string_view thread_name = Text(th.comm);
    pb::TracePacket* p = SequencePacket(run.start_ns);
    pb::TrackEvent* ev = p->mutable_track_event();
    ev->set_type(pb::TrackEvent::TYPE_SLICE_BEGIN);
    ev->set_track_uuid(TaskUuid(run.task));
    ev->add_categories("task");
    std::string name = "on ";
    if (thread_name.empty()) {
      name += std::to_string(th.tid);
    } else {
      name += thread_name;
      name += " (" + std::to_string(th.tid) + ")";
    }
    ev->set_name(std::move(name));
    pb::DebugAnnotation* a = ev->add_debug_annotations();
    a->set_name("tid");
    a->set_int_value(th.tid);
    if (run.reason != 0) {
      std::string_view reason = Text(run.reason);
      a = ev->add_debug_annotations();
      a->set_name("reason");
      a->set_string_value(reason.data(), reason.size());
    }
    std::string_view end = TaskRunEndName(run.end);
    a = ev->add_debug_annotations();
    a->set_name("end");
    a->set_string_value(end.data(), end.size());
    Write(*p);

    p = SequencePacket(run.end_ns);
    ev = p->mutable_track_event();
    ev->set_type(pb::TrackEvent::TYPE_SLICE_END);
    ev->set_track_uuid(TaskUuid(run.task));
    Write(*p);
  }

  void OnEvent(const Event& e) override {
    Pending pending{e, 0, 0, 0};
    switch (e.kind) {
      case EventKind::kSchedSwitch:
        pending.comm_a = e.tid == 0 ? kIdleComm : CommOf(e.tid, e.pid);
        pending.comm_b = e.sched_switch.next_tid == 0
                             ? kIdleComm
                             : CommOf(e.sched_switch.next_tid, e.sched_switch.next_pid);
        break;
      case EventKind::kSchedWaking:
      case EventKind::kSchedWakeup:
      case EventKind::kSchedWakeupNew:
        pending.comm_a = CommOf(e.tid, e.pid);
        break;
      case EventKind::kProcessFork:
        pending.comm_a = e.fork.comm;
        pending.clone_flags = CloneFlags(e);
        break;
      case EventKind::kProcessExit:
        pending.comm_a = CommOf(e.tid, e.pid);
        break;
      case EventKind::kLost:
        // The loss comes before this point on that CPU: the next bundle says so.
        if (e.cpu < cpus_.size()) FlushCpu(e.cpu);
        Cpu(e.cpu).lost = true;
        return;
      default:
        return;  // exec, rename, snapshot: descriptors; syscalls: slices; migrate: implied
    }
    CpuBuffer& cpu = Cpu(e.cpu);
    cpu.events.push_back(pending);
    if (cpu.events.size() >= kBundleEvents) FlushCpu(e.cpu);
  }

 private:
  struct Pending {
    Event e;
    uint32_t comm_a;  // prev (switch), wakee (wakeups), child (fork), exiting thread (exit)
    uint32_t comm_b;  // next (switch)
    uint64_t clone_flags;
  };
  struct CpuBuffer {
    std::vector<Pending> events;
    bool lost = false;  // events were lost before the next bundle's first
  };

  static constexpr size_t kArenaBlock = 256 << 10;
  static google::protobuf::ArenaOptions ArenaOptionsFor(std::vector<char>& block) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block.data();
    options.initial_block_size = block.size();
    return options;
  }

  CpuBuffer& Cpu(uint16_t cpu) {
    if (cpu >= cpus_.size()) cpus_.resize(cpu + 1u);
    return cpus_[cpu];
  }
  uint32_t CommOf(int32_t tid, int32_t pid) {
    uint32_t t = ctx_.stream->FindThread(tid, pid);
    return t == kNoThread ? kEmptyString : ThreadAt(t).comm;
  }
  // The creating clone's flags if it was recorded, else what fork or pthread_create pass.
  uint64_t CloneFlags(const Event& e) {
    uint32_t creator = ctx_.stream->FindThread(e.fork.parent_tid, e.fork.parent_pid);
    const SyscallSpan* call = creator == kNoThread ? nullptr : ctx_.stream->OpenSyscall(creator);
    if (call != nullptr && (call->nr == syscall_nr::kClone || call->nr == syscall_nr::kClone3)) {
      return static_cast<uint64_t>(call->args[0]);
    }
    return e.tid != e.pid ? kCloneThreadFlags : kForkFlags;
  }
  template <typename Add>
  void AddCmdline(const Process& proc, Add add) {
    std::string_view argv = proc.execs.empty() ? std::string_view() : Text(proc.execs.back().argv);
    if (argv.empty()) {
      std::string_view comm = Text(proc.comm);
      if (!comm.empty()) add(comm);
      return;
    }
    if (argv.back() == '\0') argv.remove_suffix(1);  // a terminating NUL ends the last one
    size_t pos = 0;
    while (pos <= argv.size()) {
      size_t end = std::min(argv.find('\0', pos), argv.size());
      add(argv.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  // String `id` of the trace as valid UTF-8 (protobuf strings must be): almost always the
  // string itself, checked once per id.
  std::string_view Text(uint32_t id) {
    if (id >= utf8_checked_.size()) utf8_checked_.resize(ctx_.reader->string_count(), 0);
    if (id >= utf8_checked_.size()) return {};
    std::string_view s = String(id);
    if (utf8_checked_[id] == 0) {
      utf8_checked_[id] = 1;
      if (!IsValidUtf8(s)) utf8_fixed_[id] = ToValidUtf8(s);
    }
    auto fixed = utf8_fixed_.find(id);
    return fixed == utf8_fixed_.end() ? s : std::string_view(fixed->second);
  }
  void SetComm(uint32_t comm, uint16_t cpu, std::string* out) {
    if (comm == kIdleComm) {
      *out = absl::StrCat("swapper/", cpu);
    } else {
      std::string_view s = Text(comm);
      out->assign(s.data(), s.size());
    }
  }

  void FlushCpu(size_t index) {
    CpuBuffer& cpu = cpus_[index];
    if (cpu.events.empty()) return;
    pb::TracePacket* p = NewPacket();
    pb::FtraceEventBundle* bundle = p->mutable_ftrace_events();
    bundle->set_cpu(static_cast<uint32_t>(index));
    if (cpu.lost) bundle->set_lost_events(true);
    cpu.lost = false;
    for (const Pending& pending : cpu.events) AddFtrace(pending, bundle->add_event());
    cpu.events.clear();
    Write(*p);
  }

  void AddFtrace(const Pending& pending, pb::FtraceEvent* fe) {
    const Event& e = pending.e;
    fe->set_timestamp(e.ts_ns);
    switch (e.kind) {
      case EventKind::kSchedSwitch: {
        const SwitchPayload& s = e.sched_switch;
        fe->set_pid(static_cast<uint32_t>(e.tid));
        pb::SchedSwitchFtraceEvent* sw = fe->mutable_sched_switch();
        SetComm(pending.comm_a, e.cpu, sw->mutable_prev_comm());
        sw->set_prev_pid(e.tid);
        sw->set_prev_prio(kDefaultPrio);
        sw->set_prev_state(PerfettoPrevState(s.prev_state, s.preempt != 0));
        SetComm(pending.comm_b, e.cpu, sw->mutable_next_comm());
        sw->set_next_pid(s.next_tid);
        sw->set_next_prio(kDefaultPrio);
        break;
      }
      case EventKind::kSchedWaking:
        FillWakeup(pending, fe, fe->mutable_sched_waking());
        break;
      case EventKind::kSchedWakeup:
        FillWakeup(pending, fe, fe->mutable_sched_wakeup());
        break;
      case EventKind::kSchedWakeupNew:
        FillWakeup(pending, fe, fe->mutable_sched_wakeup_new());
        break;
      case EventKind::kProcessFork: {
        fe->set_pid(static_cast<uint32_t>(e.fork.parent_tid));
        pb::TaskNewtaskFtraceEvent* nt = fe->mutable_task_newtask();
        nt->set_pid(e.tid);
        SetComm(pending.comm_a, e.cpu, nt->mutable_comm());
        nt->set_clone_flags(pending.clone_flags);
        break;
      }
      case EventKind::kProcessExit: {
        fe->set_pid(static_cast<uint32_t>(e.tid));
        pb::SchedProcessExitFtraceEvent* x = fe->mutable_sched_process_exit();
        SetComm(pending.comm_a, e.cpu, x->mutable_comm());
        x->set_pid(e.tid);
        x->set_tgid(e.pid);
        x->set_prio(kDefaultPrio);
        break;
      }
      default:
        break;
    }
  }

  // sched_waking, sched_wakeup and sched_wakeup_new share their fields.
  template <typename Wakeup>
  void FillWakeup(const Pending& pending, pb::FtraceEvent* fe, Wakeup* w) {
    const Event& e = pending.e;
    fe->set_pid(static_cast<uint32_t>(e.wakeup.waker_tid));
    SetComm(pending.comm_a, e.cpu, w->mutable_comm());
    w->set_pid(e.tid);
    w->set_prio(kDefaultPrio);
    w->set_success(1);
    w->set_target_cpu(e.wakeup.target_cpu);
  }

  pb::TracePacket* NewPacket() {
    return google::protobuf::Arena::CreateMessage<pb::TracePacket>(&arena_);
  }
  // A packet on the TrackEvent sequence (its timestamps default to CLOCK_MONOTONIC).
  pb::TracePacket* SequencePacket(uint64_t ts) {
    pb::TracePacket* p = NewPacket();
    p->set_timestamp(ts);
    p->set_trusted_packet_sequence_id(kSequenceId);
    p->set_sequence_flags(pb::TracePacket::SEQ_NEEDS_INCREMENTAL_STATE);
    return p;
  }

  // Appends `packet` as one `repeated TracePacket packet = 1` of the Trace message, then
  // frees everything allocated for it.
  void Write(const pb::TracePacket& packet) {
    using google::protobuf::internal::WireFormatLite;
    using google::protobuf::io::CodedOutputStream;
    size_t size = packet.ByteSizeLong();
    std::string& b = ctx_.out->buffer();
    size_t at = b.size();
    b.resize(at + 1 + CodedOutputStream::VarintSize64(size) + size);
    auto* begin = reinterpret_cast<uint8_t*>(b.data() + at);
    uint8_t* p = CodedOutputStream::WriteTagToArray(
        WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_LENGTH_DELIMITED), begin);
    p = CodedOutputStream::WriteVarint64ToArray(size, p);
    p = packet.SerializeWithCachedSizesToArray(p);
    b.resize(at + static_cast<size_t>(p - begin));
    arena_.Reset();
    ctx_.out->MaybeFlush();
  }

  std::vector<char> block_;
  google::protobuf::Arena arena_;
  std::vector<CpuBuffer> cpus_;
  std::vector<uint8_t> utf8_checked_;                      // by string id: 1 once checked
  absl::flat_hash_map<uint32_t, std::string> utf8_fixed_;  // the few that were not UTF-8
  uint64_t next_flow_id_ = 1;
};

}  // namespace

std::unique_ptr<ExportSink> MakePerfettoSink(const ExportContext& ctx) {
  return std::make_unique<PerfettoSink>(ctx);
}

}  // namespace ctrace
