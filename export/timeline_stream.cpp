#include "export/timeline_stream.h"

#include <algorithm>
#include <limits>

#include "model/thread_state.h"

namespace ctrace {
namespace {

bool IsExecSyscall(int32_t nr) { return nr == syscall_nr::kExecve || nr == syscall_nr::kExecveat; }

bool Told(ThreadState s) { return s != ThreadState::kUnknown && s != ThreadState::kExited; }

}  // namespace

void TimelineStream::Apply(const Event& e) {
  ModelStats& stats = model_.stats;
  ++stats.events;
  auto kind = static_cast<uint8_t>(e.kind);
  if (kind > kMaxEventKind || kind == 0) {
    ++stats.unknown_kinds;
    return;
  }
  ++stats.events_by_kind[kind];
  if (!any_applied_) {
    any_applied_ = true;
    first_ns_ = e.ts_ns;
  }
  if (e.ts_ns < last_ns_) ++stats.late_events;
  last_ns_ = std::max(last_ns_, e.ts_ns);
  threads_before_event_ = announced_threads_;
  processes_before_event_ = announced_processes_;

  switch (e.kind) {
    case EventKind::kSchedSwitch:
      OnSwitch(e);
      break;
    case EventKind::kSchedWaking:
    case EventKind::kSchedWakeup:
    case EventKind::kSchedWakeupNew:
      OnWakeup(e);
      break;
    case EventKind::kProcessFork:
      OnFork(e);
      break;
    case EventKind::kProcessExec:
      OnExec(e);
      break;
    case EventKind::kProcessExit:
      OnExit(e);
      break;
    case EventKind::kTaskRename:
      OnRename(e);
      break;
    case EventKind::kMigrate:
      break;  // a thread switched in on another CPU says the same
    case EventKind::kSyscallEnter:
      OnSyscallEnter(e);
      break;
    case EventKind::kSyscallExit:
      OnSyscallExit(e);
      break;
    case EventKind::kThreadSnapshot:
      OnSnapshot(e);
      break;
    case EventKind::kLost:
      OnLost(e);
      break;
  }
  if (e.cpu >= cpu_last_ns_.size()) cpu_last_ns_.resize(e.cpu + 1u, 0);
  cpu_last_ns_[e.cpu] = std::max(cpu_last_ns_[e.cpu], e.ts_ns);
  AnnounceNew();
  sink_->OnEvent(e);
}

void TimelineStream::Finish(uint64_t end_ns) {
  end_ns = std::max(end_ns, last_ns_);
  AnnounceNew();
  for (uint32_t t = 0; t < live_.size(); ++t) {
    LiveThread& l = live_[t];
    uint64_t end = l.has_open ? std::max(end_ns, uint64_t{l.open.start_ns}) : end_ns;
    AbandonSyscall(t, end);
    if (l.has_open) TellPiece(t, end);
  }
}

void TimelineStream::AnnounceNew() {
  while (announced_processes_ < model_.processes.size()) {
    sink_->OnProcess(static_cast<uint32_t>(announced_processes_++), true);
  }
  while (announced_threads_ < model_.threads.size()) {
    sink_->OnThread(static_cast<uint32_t>(announced_threads_++), true);
  }
}

void TimelineStream::NameChanged(uint32_t t) {
  AnnounceNew();
  const Thread& th = model_.threads[t];
  if (th.tid == th.pid && th.process < processes_before_event_) sink_->OnProcess(th.process, false);
  if (t < threads_before_event_) sink_->OnThread(t, false);
}

void TimelineStream::ForgetHistory(uint32_t t) {
  Thread& th = model_.threads[t];
  th.renames.clear();
  std::vector<ExecRecord>& execs = model_.processes[th.process].execs;
  if (execs.size() > 1) execs.erase(execs.begin(), execs.end() - 1);
}

void TimelineStream::SetState(uint32_t t, uint64_t ts, ThreadState state, uint16_t cpu,
                              int32_t syscall) {
  LiveThread& l = Live(t);
  if (l.has_open) {
    ts = std::max(ts, uint64_t{l.open.start_ns});
    if (l.open.state() != ThreadState::kRunning && l.open.state() == state) return;
    TellPiece(t, ts);
  }
  l.open = StateInterval::Make(ts, state, cpu, syscall);
  l.piece_start = ts;
  l.has_open = true;
}

void TimelineStream::ObserveRunning(uint32_t t, uint64_t ts, uint16_t cpu) {
  LiveThread& l = Live(t);
  if (!l.has_open) {
    l.open = StateInterval::Make(ts, ThreadState::kRunning, cpu);
    l.piece_start = ts;
    l.has_open = true;
  } else if (l.open.state() == ThreadState::kUnknown) {
    // Had it been switched in since it was first known, that switch would be in the trace.
    l.open.set_state(ThreadState::kRunning);
    l.open.set_cpu(cpu);
  }
}

void TimelineStream::TellPiece(uint32_t t, uint64_t end_ns) {
  LiveThread& l = live_[t];
  if (!Told(l.open.state()) || end_ns <= l.piece_start) return;
  AnnounceNew();
  StateInterval piece = l.open;
  piece.start_ns = l.piece_start;
  sink_->OnInterval(t, piece, end_ns);
  l.piece_start = end_ns;
}

uint64_t TimelineStream::CutPiece(uint32_t t, uint64_t ts) {
  LiveThread& l = Live(t);
  // An unknown interval is not cut: it may yet turn out to have been running all along.
  if (!l.has_open || !Told(l.open.state())) return ts;
  ts = std::max(ts, l.piece_start);
  TellPiece(t, ts);
  return ts;
}

void TimelineStream::AbandonSyscall(uint32_t t, uint64_t ts) {
  LiveThread& l = Live(t);
  if (!l.in_syscall) return;
  l.call.exit_ns = std::max(CutPiece(t, ts), l.call.enter_ns);
  l.in_syscall = false;
  AnnounceNew();
  sink_->OnSyscallEnd(t, l.call, false);
}

void TimelineStream::OnSwitch(const Event& e) {
  const SwitchPayload& s = e.sched_switch;
  // tid 0 is the idle task, never a traced thread.
  uint32_t prev = e.tid != 0 ? tracker_.FindTraced(e.tid, e.pid, e.ts_ns) : kNoThread;
  uint32_t next =
      s.next_tid != 0 ? tracker_.FindTraced(s.next_tid, s.next_pid, e.ts_ns) : kNoThread;
  if (prev == kNoThread && next == kNoThread) {
    // The recorder writes only switches involving the traced set: one of these is a traced
    // thread seen for the first time.
    if (e.tid != 0) prev = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
    if (s.next_tid != 0) next = tracker_.FindOrAdd(s.next_tid, s.next_pid, e.ts_ns);
  }
  if (prev != kNoThread) SwitchOut(prev, e);
  if (next != kNoThread) SwitchIn(next, e);
}

void TimelineStream::SwitchOut(uint32_t t, const Event& e) {
  const SwitchPayload& s = e.sched_switch;
  ObserveRunning(t, e.ts_ns, e.cpu);
  if (StateOf(t) == ThreadState::kExited) return;
  ThreadState after = StateAfterSwitchOut(s.prev_state, s.preempt != 0, s.prev_syscall);
  SetState(t, e.ts_ns, after, e.cpu, IsBlocked(after) ? s.prev_syscall : -1);
}

void TimelineStream::SwitchIn(uint32_t t, const Event& e) {
  ThreadState state = StateOf(t);
  if (state == ThreadState::kExited) return;
  if (state == ThreadState::kRunning && Live(t).open.cpu() == e.cpu) return;
  SetState(t, e.ts_ns, ThreadState::kRunning, e.cpu);
}

void TimelineStream::OnWakeup(const Event& e) {
  const WakeupPayload& w = e.wakeup;
  uint32_t t = tracker_.FindTraced(e.tid, e.pid, e.ts_ns);
  ThreadState state = t == kNoThread ? ThreadState::kUnknown : StateOf(t);
  if (state == ThreadState::kRunning || state == ThreadState::kRunnable ||
      state == ThreadState::kExited) {
    return;
  }
  uint32_t waker =
      w.waker_tid != 0 ? tracker_.FindTraced(w.waker_tid, w.waker_pid, e.ts_ns) : kNoThread;
  if (t == kNoThread) {
    if (waker != kNoThread) return;                 // woke someone outside the traced set
    t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);  // a traced thread seen for the first time
  }
  if (waker != kNoThread && e.kind == EventKind::kSchedWaking) {
    ObserveRunning(waker, e.ts_ns, e.cpu);
  }
  auto target = static_cast<uint16_t>(w.target_cpu >= 0 ? w.target_cpu : e.cpu);
  SetState(t, e.ts_ns, ThreadState::kRunnable, target);
  if (e.kind == EventKind::kSchedWakeupNew) return;  // a creation, not a wakeup from sleep
  AnnounceNew();
  sink_->OnFlow({Live(t).open.start_ns, waker, t, FlowKind::kWake});
}

void TimelineStream::OnFork(const Event& e) {
  const ForkPayload& f = e.fork;
  uint32_t creator = tracker_.FindTraced(f.parent_tid, f.parent_pid, e.ts_ns);
  if (creator != kNoThread) ObserveRunning(creator, e.ts_ns, e.cpu);
  // A live thread with the child's tid never exited in the trace: its exit was lost.
  uint32_t stale = tracker_.Find(e.tid, e.pid);
  if (stale != kNoThread && !Live(stale).exit_seen) {
    AbandonSyscall(stale, e.ts_ns);
    SetState(stale, e.ts_ns, ThreadState::kExited, e.cpu);
  }
  uint32_t child = tracker_.AddCreated(e.tid, e.pid, creator, f.parent_pid, f.comm, e.ts_ns);
  SetState(child, e.ts_ns, ThreadState::kRunnable, e.cpu);
  if (creator != kNoThread) {
    AnnounceNew();
    sink_->OnFlow({model_.threads[child].first_ns, creator, child, FlowKind::kCreate});
  }
}

void TimelineStream::OnExec(const Event& e) {
  // A non-leader that execs takes over the leader's tid: what it did before is told first.
  uint32_t before = tracker_.Find(e.exec.old_tid, e.pid);
  if (before != kNoThread) CutPiece(before, e.ts_ns);
  uint32_t displaced;
  uint32_t t = tracker_.Exec(e.pid, e.exec, e.ts_ns, &displaced);
  if (displaced != kNoThread && StateOf(displaced) != ThreadState::kExited) {
    AbandonSyscall(displaced, e.ts_ns);
    SetState(displaced, e.ts_ns, ThreadState::kExited, e.cpu);
  }
  ObserveRunning(t, e.ts_ns, e.cpu);
  ForgetHistory(t);
  LiveThread& l = Live(t);
  if (l.in_syscall && IsExecSyscall(l.call.nr)) {
    // A successful execve does not return: it ends here, in the new program.
    l.call.exit_ns = std::max(CutPiece(t, e.ts_ns), l.call.enter_ns);
    l.call.ret = 0;
    l.in_syscall = false;
    AnnounceNew();
    sink_->OnSyscallEnd(t, l.call, true);
  }
  NameChanged(t);
}

void TimelineStream::OnExit(const Event& e) {
  const ExitPayload& x = e.exit;
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);
  Live(t).exit_seen = true;
  Thread& th = model_.threads[t];
  ThreadExit exit;
  exit.ts_ns = e.ts_ns;
  exit.exit_code = x.exit_code;
  exit.group_dead = x.group_dead != 0;
  exit.kernel_voluntary_switches = x.voluntary_switches;
  exit.kernel_involuntary_switches = x.involuntary_switches;
  exit.kernel_cpu_time_ns = x.cpu_time_ns;
  th.exit = exit;
  if (x.group_dead) tracker_.ProcessExited(th.process, x.exit_code, e.ts_ns);
  AbandonSyscall(t, e.ts_ns);
  SetState(t, e.ts_ns, ThreadState::kExited, e.cpu);
}

void TimelineStream::OnSyscallEnter(const Event& e) {
  const SyscallEnterPayload& s = e.syscall_enter;
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);
  AbandonSyscall(t, e.ts_ns);  // a call still open here lost its exit
  LiveThread& l = Live(t);
  SyscallSpan& span = l.call;
  span = SyscallSpan{};
  span.enter_ns = CutPiece(t, e.ts_ns);
  span.nr = s.nr;
  span.args[0] = s.args[0];
  span.args[1] = s.args[1];
  span.args[2] = s.args[2];
  span.str = s.str;
  l.in_syscall = true;
  AnnounceNew();
  sink_->OnSyscallBegin(t, span);
}

void TimelineStream::OnSyscallExit(const Event& e) {
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);
  LiveThread& l = Live(t);
  // An exit without its entry is a new thread returning from clone (ret 0 in the child) or
  // a call that began before the trace: neither is a span.
  if (!l.in_syscall || l.call.nr != e.syscall_exit.nr) return;
  l.call.exit_ns = std::max(CutPiece(t, e.ts_ns), l.call.enter_ns);
  l.call.ret = static_cast<int32_t>(std::clamp<int64_t>(e.syscall_exit.ret,
                                                        std::numeric_limits<int32_t>::min(),
                                                        std::numeric_limits<int32_t>::max()));
  l.in_syscall = false;
  sink_->OnSyscallEnd(t, l.call, true);
}

void TimelineStream::OnSnapshot(const Event& e) {
  uint32_t t = tracker_.AddSnapshot(e.tid, e.pid, e.snapshot.ppid, e.snapshot.comm, e.ts_ns);
  if (!Live(t).has_open) SetState(t, e.ts_ns, ThreadState::kUnknown, e.cpu);
  NameChanged(t);
}

void TimelineStream::OnRename(const Event& e) {
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  tracker_.Rename(t, e.rename.comm, e.ts_ns);
  ForgetHistory(t);
  NameChanged(t);
}

void TimelineStream::OnLost(const Event& e) {
  model_.stats.lost_events += e.lost.count;
  uint64_t start =
      e.cpu < cpu_last_ns_.size() && cpu_last_ns_[e.cpu] != 0 ? cpu_last_ns_[e.cpu] : first_ns_;
  LostGap gap{std::min(start, e.ts_ns), e.ts_ns, e.lost.count, e.cpu};
  sink_->OnLost(gap);
}

}  // namespace ctrace
