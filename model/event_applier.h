// The one place where events become thread states, syscall spans, wakeups and creations:
// switch-out/in, wakeups, fork/exec/exit, syscall enter/exit, lost gaps, and identity
// (model/process_tracker.h). Both the model's builder (model/timeline_builder.h, which keeps
// every interval) and the export stream (export/timeline_stream.h, which hands each one on
// and keeps only the open one) are this class with a different output.
//
// The output is the derived class (static dispatch: the model build is a hot loop). What it
// must provide is the concept ApplierOutput below, which the compiler checks; `Thread` is the
// output's per-thread state kept next to the applier's own.
//
// Events must come in time order (model/event_order.h); one older than the last applied is
// applied at its thread's last known time and counted in ModelStats::late_events.
#ifndef CTRACE_MODEL_EVENT_APPLIER_H_
#define CTRACE_MODEL_EVENT_APPLIER_H_

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <limits>
#include <vector>

#include "format/event.h"
#include "format/syscall_table.h"
#include "model/model.h"
#include "model/process_tracker.h"
#include "model/task_tracker.h"
#include "model/thread_state.h"

namespace ctrace {

// The hooks an EventApplier's output provides. The output keeps the thread's intervals and
// its syscall in progress; it declares `friend struct ApplierOutputCheck<Output>` (its hooks
// are private: they are the applier's, not its users'), so the check can see them.
template <typename O>
struct ApplierOutputCheck {
  static constexpr bool value =
      requires(O & o, uint32_t t, uint64_t ts, StateInterval iv, const SyscallSpan& span,
               const Event& e, const LostGap& gap, const TaskRun& run, const TaskWake& wake) {
    // The thread's latest interval, or nullptr.
    { o.LastInterval(t) } -> std::same_as<StateInterval*>;
    // A new latest interval; the last one ends at iv's start.
    { o.PushInterval(t, iv) } -> std::same_as<void>;
    // The call the thread is in, or nullptr.
    { o.OpenCall(t) } -> std::same_as<SyscallSpan*>;
    // The time a call entered or returned at `ts` begins or ends (`ts`, or later).
    { o.CallBoundary(t, ts) } -> std::same_as<uint64_t>;
    // A call began (any open one lost its exit).
    { o.CallEntered(t, span) } -> std::same_as<void>;
    // OpenCall(t) returned: its exit_ns and ret are set.
    { o.CallReturned(t) } -> std::same_as<void>;
    // OpenCall(t), if any, will not return: the thread exited or a new call begins.
    { o.CallUnreturned(t, ts) } -> std::same_as<void>;
    // t's latest interval is the sleep a switch-out began, in syscall `s.prev_syscall`.
    { o.Blocked(t, e.sched_switch) } -> std::same_as<void>;
    // t's latest interval is runnable by a wakeup from `waker` (may be kNoThread).
    { o.Woken(t, t) } -> std::same_as<void>;
    // A thread was created (the creator may be kNoThread).
    { o.Created(t, t) } -> std::same_as<void>;
    // Around the process tracker's exec.
    { o.BeforeExec(e) } -> std::same_as<void>;
    { o.Execed(t, ts) } -> std::same_as<void>;
    // The thread's name changed, or was read from a snapshot.
    { o.Renamed(t) } -> std::same_as<void>;
    { o.Snapshotted(t) } -> std::same_as<void>;
    // Events were lost.
    { o.GapFound(gap) } -> std::same_as<void>;
    // A task became known (created or first seen); a run of a task on a thread ended.
    { o.TaskAdded(t) } -> std::same_as<void>;
    { o.TaskRunEnded(run) } -> std::same_as<void>;
    // A task was made ready to run (by another task, if `wake.waker` says).
    { o.TaskWoken(t, wake) } -> std::same_as<void>;
    // Around each applied event.
    { o.EventBegin() } -> std::same_as<void>;
    { o.EventEnd(e) } -> std::same_as<void>;
  };
};
template <typename O>
concept ApplierOutput = ApplierOutputCheck<O>::value;

template <typename Output, typename OutputThread>
class EventApplier {
 public:
  EventApplier() : tracker_(&model_), tasks_(&model_) {}
  EventApplier(const EventApplier&) = delete;
  EventApplier& operator=(const EventApplier&) = delete;

  void Apply(const Event& e);

 protected:
  struct LiveThread : OutputThread {
    uint64_t running_ns = 0;     // sum of its closed running intervals
    uint16_t last_cpu = 0xFFFF;  // CPU it last ran on (0xFFFF: never seen running)
    bool exit_seen = false;
    uint32_t current_task = kNoTask;  // the task it runs now, since task_since
    // The waker of a sched_waking that came while the thread was still running (kNoThread:
    // none since its last wakeup).
    uint32_t pending_waker = kNoThread;
    uint64_t task_since = 0;
    // A goroutine's wait (2 -> 4) not yet known to be one: if the same goroutine runs on
    // again here straight from waiting (4 -> 2, the GC doing work on its behalf), it never
    // stopped; anything else on this thread or to this goroutine makes it a real suspension,
    // which then ended at held_ns for held_reason.
    bool suspension_held = false;
    uint64_t held_ns = 0;
    uint32_t held_reason = 0;
  };

  LiveThread& Live(uint32_t t) {
    if (t >= live_.size()) live_.resize(model_.threads.size());
    return live_[t];
  }
  ThreadState StateOf(uint32_t t) {
    const StateInterval* last = out().LastInterval(t);
    return last == nullptr ? ThreadState::kUnknown : last->state();
  }

  Model model_;
  ProcessTracker tracker_;
  TaskTracker tasks_;
  std::vector<LiveThread> live_;  // per thread index
  uint64_t last_ns_ = 0;          // time of the latest event applied
  bool any_applied_ = false;

 private:
  Output& out() { return static_cast<Output&>(*this); }

  // Starts a new interval for thread `t` at `ts` (clamped to its last interval's start).
  // Every state change of every thread comes through here.
  void SetState(uint32_t t, uint64_t ts, ThreadState state, uint16_t cpu, int32_t syscall = -1,
                CpuSuccessor successor = CpuSuccessor::kUnknown) {
    if (const StateInterval* last = out().LastInterval(t)) {
      // A copy: std::max takes references, and a packed member may be misaligned.
      uint64_t last_start = last->start_ns;
      ts = std::max(ts, last_start);
      if (last->state() == ThreadState::kRunning) {
        Live(t).running_ns += ts - last_start;
      } else if (last->state() == state) {
        return;  // no change (e.g. a second wakeup event for the same wakeup)
      }
    }
    out().PushInterval(t, StateInterval::Make(ts, state, cpu, syscall, successor));
  }
  // The thread did something only a running thread does (a syscall, exit, fork, exec): if
  // its state was not known yet, it has been running since it was first known.
  void ObserveRunning(uint32_t t, uint64_t ts, uint16_t cpu) {
    StateInterval* last = out().LastInterval(t);
    if (last == nullptr) {
      out().PushInterval(t, StateInterval::Make(ts, ThreadState::kRunning, cpu));
    } else if (last->state() == ThreadState::kUnknown) {
      // Had it been switched in since, that switch would be in the trace.
      last->set_state(ThreadState::kRunning);
      last->set_cpu(cpu);
    } else {
      return;
    }
    Live(t).last_cpu = cpu;
  }

  void OnSwitch(const Event& e);
  void SwitchOut(uint32_t t, const Event& e, CpuSuccessor successor);
  void SwitchIn(uint32_t t, const Event& e);
  void OnWakeup(const Event& e);
  void OnFork(const Event& e);
  void OnExec(const Event& e);
  void OnExit(const Event& e);
  void OnSyscallEnter(const Event& e);
  void OnSyscallExit(const Event& e);
  void OnSnapshot(const Event& e);
  void OnLost(const Event& e);
  void OnTask(const Event& e);
  void OnTaskSnapshot(const Event& e);
  void OnAddressName(const Event& e);
  // Ends thread t's current task run (if any) at `ts`.
  void EndTaskRun(uint32_t t, uint64_t ts, TaskRunEnd end, uint32_t reason = 0);

 protected:
  // Ends every run still open, at `end_ns` (the trace's end).
  void EndOpenTaskRuns(uint64_t end_ns);

 private:
  std::vector<uint64_t> cpu_last_ns_;  // last event time per CPU (start of a lost gap)
};

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::Apply(const Event& e) {
  // Checked here, where Output is complete (it derives from this class).
  static_assert(ApplierOutput<Output>, "the output lacks an ApplierOutput hook");
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
    model_.start_ns = e.ts_ns;
  }
  if (e.ts_ns < last_ns_) ++stats.late_events;
  last_ns_ = std::max(last_ns_, e.ts_ns);
  out().EventBegin();

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
    case EventKind::kTaskRename: {
      uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
      tracker_.Rename(t, e.rename.comm, e.ts_ns);
      out().Renamed(t);
      break;
    }
    case EventKind::kMigrate:
      // Migrations are counted where users see them: a thread switched in on another CPU.
      break;
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
    case EventKind::kTaskCreate:
    case EventKind::kTaskResume:
    case EventKind::kTaskSuspend:
    case EventKind::kTaskEnd:
    case EventKind::kTaskWake:
      OnTask(e);
      break;
    case EventKind::kAddressName:
      OnAddressName(e);
      break;
    case EventKind::kTaskSnapshot:
      OnTaskSnapshot(e);
      break;
  }
  if (e.cpu >= cpu_last_ns_.size()) cpu_last_ns_.resize(e.cpu + 1u, 0);
  cpu_last_ns_[e.cpu] = std::max(cpu_last_ns_[e.cpu], e.ts_ns);
  out().EventEnd(e);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnSwitch(const Event& e) {
  const SwitchPayload& s = e.sched_switch;
  // tid 0 is the idle task, never a traced thread.
  uint32_t prev = e.tid != 0 ? tracker_.FindTraced(e.tid, e.pid, e.ts_ns) : kNoThread;
  uint32_t next =
      s.next_tid != 0 ? tracker_.FindTraced(s.next_tid, s.next_pid, e.ts_ns) : kNoThread;
  if (prev == kNoThread && next == kNoThread) {
    // The recorder only writes switches that involve the traced set, so a switch between
    // two unknown threads is one of its threads seen for the first time.
    if (e.tid != 0) prev = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
    if (s.next_tid != 0) next = tracker_.FindOrAdd(s.next_tid, s.next_pid, e.ts_ns);
  }
  if (prev != kNoThread) {
    CpuSuccessor successor = s.next_tid == 0     ? CpuSuccessor::kIdle
                             : next == kNoThread ? CpuSuccessor::kOther
                                                 : CpuSuccessor::kUnknown;
    SwitchOut(prev, e, successor);
  }
  if (next != kNoThread) SwitchIn(next, e);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::SwitchOut(uint32_t t, const Event& e,
                                                   CpuSuccessor successor) {
  const SwitchPayload& s = e.sched_switch;
  ObserveRunning(t, e.ts_ns, e.cpu);
  ThreadState state = StateOf(t);
  if (state == ThreadState::kExited) return;  // switches after its exit event are ignored
  if (state != ThreadState::kRunning) ++model_.stats.inconsistencies;
  Thread& th = model_.threads[t];
  if (IsVoluntarySwitch(s.prev_state, s.preempt != 0)) {
    ++th.voluntary_switches;
  } else {
    ++th.involuntary_switches;
  }
  ThreadState after = StateAfterSwitchOut(s.prev_state, s.preempt != 0, s.prev_syscall);
  SetState(t, e.ts_ns, after, e.cpu, IsBlocked(after) ? s.prev_syscall : -1, successor);
  if (IsBlocked(after) && s.prev_syscall >= 0) out().Blocked(t, s);
  Live(t).last_cpu = e.cpu;
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::SwitchIn(uint32_t t, const Event& e) {
  const StateInterval* last = out().LastInterval(t);
  ThreadState state = last == nullptr ? ThreadState::kUnknown : last->state();
  if (state == ThreadState::kExited) return;  // finishing do_exit() after its exit event
  if (state == ThreadState::kRunning) {
    if (last->cpu() == e.cpu) return;  // already known to run there
    ++model_.stats.inconsistencies;    // its switch-out was lost
  }
  LiveThread& live = Live(t);
  if (live.last_cpu != 0xFFFF && live.last_cpu != e.cpu) ++model_.threads[t].migrations;
  live.last_cpu = e.cpu;
  live.pending_waker = kNoThread;  // a wakeup begun before this run is over
  SetState(t, e.ts_ns, ThreadState::kRunning, e.cpu);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnWakeup(const Event& e) {
  const WakeupPayload& w = e.wakeup;
  uint32_t t = tracker_.FindTraced(e.tid, e.pid, e.ts_ns);
  // Waking a thread that is running or already queued changes nothing (it was woken before
  // it got to sleep, or this is the second event of one wakeup).
  ThreadState state = t == kNoThread ? ThreadState::kUnknown : StateOf(t);
  // Looked up only when it matters: most wakeup events are the second of a pair.
  auto recorded_waker = [&] {
    return w.waker_tid != 0 ? tracker_.FindTraced(w.waker_tid, w.waker_pid, e.ts_ns) : kNoThread;
  };
  if (state == ThreadState::kRunning && e.kind == EventKind::kSchedWaking) {
    // Woken while still on its CPU, about to sleep: the kernel finishes this wakeup after
    // the switch-out, with a sched_wakeup on the wakee's CPU (from an IPI, on top of
    // whichever thread runs there). This waking's waker is the one that counts.
    Live(t).pending_waker = recorded_waker();
    return;
  }
  if (state == ThreadState::kRunning || state == ThreadState::kRunnable ||
      state == ThreadState::kExited) {
    return;
  }
  // A sched_wakeup without its sched_waking first is the end of a wakeup begun while the
  // thread was still on its CPU (above), or one whose waking was lost: its own waker field
  // names whoever ran where it fired, not who woke the thread.
  const uint32_t waker = e.kind == EventKind::kSchedWakeup && t != kNoThread ? Live(t).pending_waker
                                                                             : recorded_waker();
  if (t == kNoThread) {
    // A traced waker waking someone outside the traced set still gave a wakeup.
    if (waker != kNoThread) {
      if (e.kind == EventKind::kSchedWaking) ++model_.threads[waker].wakeups_given;
      return;
    }
    t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);  // a traced thread seen for the first time
  }
  // The waker of sched_waking is running right now.
  if (waker != kNoThread && e.kind == EventKind::kSchedWaking) {
    ObserveRunning(waker, e.ts_ns, e.cpu);
  }
  auto target = static_cast<uint16_t>(w.target_cpu >= 0 ? w.target_cpu : e.cpu);
  SetState(t, e.ts_ns, ThreadState::kRunnable, target);
  if (e.kind == EventKind::kSchedWakeupNew) return;  // a creation, not a wakeup from sleep
  ++model_.threads[t].wakeups_received;
  Live(t).pending_waker = kNoThread;
  out().Woken(t, waker);
  if (waker != kNoThread) ++model_.threads[waker].wakeups_given;
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnFork(const Event& e) {
  const ForkPayload& f = e.fork;
  // The creator may be outside the traced set (the launcher starting the traced command).
  uint32_t creator = tracker_.FindTraced(f.parent_tid, f.parent_pid, e.ts_ns);
  // The fork event fires inside the creator's clone/fork/vfork: creation starts at its entry.
  uint64_t start = e.ts_ns;
  if (creator != kNoThread) {
    ObserveRunning(creator, e.ts_ns, e.cpu);
    const SyscallSpan* call = out().OpenCall(creator);
    if (call != nullptr && CreatesTask(call->nr)) start = call->enter_ns;
  }
  // A live thread with the child's tid never exited in the trace: its exit was lost.
  uint32_t stale = tracker_.Find(e.tid, e.pid);
  if (stale != kNoThread && !Live(stale).exit_seen) {
    ++model_.stats.inconsistencies;
    out().CallUnreturned(stale, e.ts_ns);
    SetState(stale, e.ts_ns, ThreadState::kExited, e.cpu);
  }
  uint32_t child = tracker_.AddCreated(e.tid, e.pid, creator, f.parent_pid, f.comm, e.ts_ns);
  model_.threads[child].creation_start_ns = start;
  if (creator != kNoThread) {
    Thread& parent = model_.threads[creator];
    if (e.tid == e.pid) {
      ++parent.processes_created;
    } else {
      ++parent.threads_created;
    }
  }
  // A new task waits in the run queue for its first run (wake_up_new_task).
  SetState(child, e.ts_ns, ThreadState::kRunnable, e.cpu);
  out().Created(child, creator);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnExec(const Event& e) {
  out().BeforeExec(e);
  // The old program's tasks are gone with it (exec keeps only the exec'ing thread).
  if (uint32_t before = tracker_.Find(e.exec.old_tid, e.pid); before != kNoThread) {
    const uint32_t process = model_.threads[before].process;
    for (uint32_t other : model_.processes[process].threads) {
      EndTaskRun(other, e.ts_ns, TaskRunEnd::kThreadGone);
    }
    tasks_.ProcessGone(process, e.ts_ns);
  }
  uint32_t displaced;
  uint32_t t = tracker_.Exec(e.pid, e.exec, e.ts_ns, &displaced);
  if (displaced != kNoThread && StateOf(displaced) != ThreadState::kExited) {
    out().CallUnreturned(displaced, e.ts_ns);
    SetState(displaced, e.ts_ns, ThreadState::kExited, e.cpu);
  }
  ObserveRunning(t, e.ts_ns, e.cpu);
  out().Execed(t, e.ts_ns);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnExit(const Event& e) {
  const ExitPayload& x = e.exit;
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);
  LiveThread& live = Live(t);
  live.exit_seen = true;
  Thread& th = model_.threads[t];
  const StateInterval& last = *out().LastInterval(t);  // ObserveRunning made one
  bool running = last.state() == ThreadState::kRunning;
  ThreadExit exit;
  exit.ts_ns = e.ts_ns;
  exit.exit_code = x.exit_code;
  exit.group_dead = x.group_dead != 0;
  exit.kernel_voluntary_switches = x.voluntary_switches;
  exit.kernel_involuntary_switches = x.involuntary_switches;
  exit.kernel_cpu_time_ns = x.cpu_time_ns;
  // The counters as of now: the thread's final switch-out comes after this event.
  exit.model_voluntary_switches = th.voluntary_switches;
  exit.model_involuntary_switches = th.involuntary_switches;
  exit.model_cpu_time_ns =
      live.running_ns + (running && e.ts_ns > last.start_ns ? e.ts_ns - last.start_ns : 0);
  th.exit = exit;
  EndTaskRun(t, e.ts_ns, TaskRunEnd::kThreadGone);
  if (x.group_dead) {
    tracker_.ProcessExited(th.process, x.exit_code, e.ts_ns);
    tasks_.ProcessGone(th.process, e.ts_ns);
    if (x.title != kEmptyString) tracker_.SetTitle(th.process, x.title);
  }
  // do_exit() runs on the thread's own CPU: had the model had it elsewhere, a switch-in
  // was lost. Its timeline ends here. What follows (its last switch-out, or a preemption
  // inside do_exit) is ignored: the recorder drops a process from the traced set when its
  // last thread exits, so those switches are not recorded for every thread anyway.
  if (!running) ++model_.stats.inconsistencies;
  out().CallUnreturned(t, e.ts_ns);
  SetState(t, e.ts_ns, ThreadState::kExited, e.cpu);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnSyscallEnter(const Event& e) {
  const SyscallEnterPayload& s = e.syscall_enter;
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);
  out().CallUnreturned(t, e.ts_ns);  // a call still open here lost its exit
  SyscallSpan span{};
  span.enter_ns = out().CallBoundary(t, e.ts_ns);
  span.nr = s.nr;
  span.args[0] = s.args[0];
  span.args[1] = s.args[1];
  span.args[2] = s.args[2];
  span.str = s.str;
  out().CallEntered(t, span);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnSyscallExit(const Event& e) {
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);
  // An exit without its entry is a new thread returning from clone (ret 0 in the child) or
  // a call that began before the trace: neither is a span.
  SyscallSpan* span = out().OpenCall(t);
  if (span == nullptr || span->nr != e.syscall_exit.nr) return;
  span->exit_ns = std::max(out().CallBoundary(t, e.ts_ns), span->enter_ns);
  span->ret = static_cast<int32_t>(std::clamp<int64_t>(e.syscall_exit.ret,
                                                       std::numeric_limits<int32_t>::min(),
                                                       std::numeric_limits<int32_t>::max()));
  out().CallReturned(t);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnSnapshot(const Event& e) {
  uint32_t t = tracker_.AddSnapshot(e.tid, e.pid, e.snapshot.ppid, e.snapshot.comm, e.ts_ns);
  if (out().LastInterval(t) == nullptr) SetState(t, e.ts_ns, ThreadState::kUnknown, e.cpu);
  out().Snapshotted(t);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnLost(const Event& e) {
  model_.stats.lost_events += e.lost.count;
  uint64_t start = e.cpu < cpu_last_ns_.size() && cpu_last_ns_[e.cpu] != 0 ? cpu_last_ns_[e.cpu]
                                                                           : model_.start_ns;
  out().GapFound({std::min(start, e.ts_ns), e.ts_ns, e.lost.count, e.cpu});
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::EndTaskRun(uint32_t t, uint64_t ts, TaskRunEnd end,
                                                    uint32_t reason) {
  LiveThread& live = Live(t);
  if (live.current_task == kNoTask) return;
  if (live.suspension_held) {  // it was a real wait after all: it ended then
    live.suspension_held = false;
    ts = live.held_ns;
    end = TaskRunEnd::kSuspended;
    reason = live.held_reason;
  }
  TaskRun run;
  run.start_ns = live.task_since;
  run.end_ns = std::max(ts, live.task_since);
  run.task = live.current_task;
  run.thread = t;
  run.reason = reason;
  run.end = end;
  model_.tasks[live.current_task].current_thread = kNoThread;
  live.current_task = kNoTask;
  out().TaskRunEnded(run);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::EndOpenTaskRuns(uint64_t end_ns) {
  for (uint32_t t = 0; t < live_.size(); ++t) EndTaskRun(t, end_ns, TaskRunEnd::kTraceEnd);
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnAddressName(const Event& e) {
  // The subject is the thread that slept there, at its sleep: it names the process
  // incarnation (the recorder names an address only in the image the sleep happened in).
  const uint32_t t = tracker_.Find(e.tid, e.pid);
  if (t == kNoThread) return;
  const AddressNamePayload& p = e.address_name;
  model_.processes[model_.threads[t].process].address_names.push_back(
      {p.address, p.name, p.object});
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnTaskSnapshot(const Event& e) {
  // The subject is the process, not a thread that ran anything: only its process is looked
  // up, and nothing is said of the thread's state.
  uint32_t t = tracker_.Find(e.tid, e.pid);
  if (t == kNoThread) t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  const TaskPayload& p = e.task;
  bool added = false;
  const uint32_t task = tasks_.Snapshot(model_.threads[t].process, p.source, p.id, p.other, p.str,
                                        p.reason, e.ts_ns, &added);
  if (added) {
    ++model_.stats.tasks_in_snapshot;
    out().TaskAdded(task);
  }
}

template <typename Output, typename OutputThread>
void EventApplier<Output, OutputThread>::OnTask(const Event& e) {
  const TaskPayload& p = e.task;
  uint32_t t = tracker_.FindOrAdd(e.tid, e.pid, e.ts_ns);
  ObserveRunning(t, e.ts_ns, e.cpu);  // task events come from the thread's own user code
  const uint32_t process = model_.threads[t].process;
  ModelStats& stats = model_.stats;
  // A task first seen now: traced from the middle of its life, or its create was lost.
  const auto find_or_add = [&]() {
    const size_t before = model_.tasks.size();
    uint32_t task = tasks_.FindOrAdd(process, p.source, p.id, e.ts_ns);
    if (model_.tasks.size() != before) {
      ++stats.tasks_first_seen;
      out().TaskAdded(task);
    }
    return task;
  };
  switch (e.kind) {
    case EventKind::kTaskCreate: {
      bool replaced = false;
      uint32_t task = tasks_.Create(process, p.source, p.id, p.other, p.str, t, e.ts_ns, &replaced);
      if (replaced) ++stats.task_inconsistencies;  // an id reused before its task ended
      out().TaskAdded(task);
      break;
    }
    case EventKind::kTaskResume: {
      uint32_t task = find_or_add();
      if (LiveThread& here = Live(t); here.current_task == task) {
        if (!here.suspension_held) break;  // already current here
        if (p.source == TaskSource::kGoRuntime && p.other == kGoWaiting) {
          here.suspension_held = false;  // 2 -> 4 -> 2 on one thread: it never stopped
          ++stats.go_waits_not_blocking;
          break;
        }
        EndTaskRun(t, e.ts_ns, TaskRunEnd::kSuspended);  // the held wait was real
      }
      // A resume while another task is current suspends that one first.
      EndTaskRun(t, e.ts_ns, TaskRunEnd::kReplaced);
      if (uint32_t elsewhere = model_.tasks[task].current_thread; elsewhere != kNoThread) {
        // Current on two threads: its suspension was not seen (unless it is held there).
        if (!Live(elsewhere).suspension_held) ++stats.task_inconsistencies;
        EndTaskRun(elsewhere, e.ts_ns, TaskRunEnd::kMovedAway);
      }
      LiveThread& live = Live(t);
      live.current_task = task;
      live.task_since = e.ts_ns;
      model_.tasks[task].current_thread = t;
      break;
    }
    case EventKind::kTaskSuspend: {
      uint32_t task = tasks_.Find(process, p.source, p.id);
      if (task == kNoTask || Live(t).current_task != task) {
        ++stats.task_inconsistencies;  // not current on this thread
        break;
      }
      if (p.source == TaskSource::kGoRuntime && p.other == kGoWaiting) {
        LiveThread& live = Live(t);  // a wait, or the GC's 2 -> 4 -> 2: known at what comes next
        live.suspension_held = true;
        live.held_ns = e.ts_ns;
        live.held_reason = p.str;
        break;
      }
      EndTaskRun(t, e.ts_ns, TaskRunEnd::kSuspended, p.str);
      break;
    }
    case EventKind::kTaskEnd: {
      uint32_t task = tasks_.Find(process, p.source, p.id);
      if (task == kNoTask) {
        ++stats.task_inconsistencies;  // an end without a task
        break;
      }
      if (uint32_t on = model_.tasks[task].current_thread; on != kNoThread) {
        EndTaskRun(on, e.ts_ns, TaskRunEnd::kEnded);
      }
      tasks_.End(task, e.ts_ns);
      break;
    }
    case EventKind::kTaskWake: {
      uint32_t task = find_or_add();
      // Woken: its wait was a real one.
      if (uint32_t on = model_.tasks[task].current_thread;
          on != kNoThread && Live(on).suspension_held) {
        EndTaskRun(on, e.ts_ns, TaskRunEnd::kSuspended);
      }
      uint32_t waker = p.other == 0 ? kNoTask : tasks_.Find(process, p.source, p.other);
      out().TaskWoken(task, TaskWake{e.ts_ns, waker, t});
      break;
    }
    default:
      break;
  }
}

}  // namespace ctrace

#endif  // CTRACE_MODEL_EVENT_APPLIER_H_
