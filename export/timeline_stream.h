// The timeline model computed as a stream: the model's own event handling
// (model/event_applier.h, which model/timeline_builder.h also is), with an output that hands
// every state interval, syscall span and flow to a sink as soon as it is known instead of
// keeping it. Memory is per thread (identity and the open interval and syscall), never per
// event, so an export of any length runs in bounded memory.
//
// Events must be applied in time order (model/event_order.h puts them in it).
#ifndef CTRACE_EXPORT_TIMELINE_STREAM_H_
#define CTRACE_EXPORT_TIMELINE_STREAM_H_

#include <cstddef>
#include <cstdint>

#include "format/event.h"
#include "model/event_applier.h"
#include "model/flows.h"
#include "model/model.h"
#include "model/process_tracker.h"
#include "model/thread_timeline.h"

namespace ctrace {

class TimelineSink {
 public:
  virtual ~TimelineSink() = default;
  // A process or thread appeared (`first`), or its name or tid changed (exec, rename,
  // snapshot). Processes are told before their threads.
  virtual void OnProcess(uint32_t /*process*/, bool /*first*/) {}
  virtual void OnThread(uint32_t /*thread*/, bool /*first*/) {}
  // The thread was in `piece.state()` from piece.start_ns to end_ns (> start). Intervals
  // come in pieces cut where a syscall span begins or ends, so every piece lies wholly inside
  // or outside each span; consecutive pieces of one interval have the same state bits.
  // Unknown and exited intervals are not told.
  virtual void OnInterval(uint32_t /*thread*/, StateInterval /*piece*/, uint64_t /*end_ns*/) {}
  virtual void OnSyscallBegin(uint32_t /*thread*/, const SyscallSpan& /*span*/) {}
  // span.exit_ns is set. `returned` is false when the call did not return in the trace: the
  // thread exited or exec'd over it, another call began (its exit was lost), or the trace
  // ended; then span.ret is meaningless.
  virtual void OnSyscallEnd(uint32_t /*thread*/, const SyscallSpan& /*span*/, bool /*returned*/) {}
  // Creation (creator -> child) and wakeup (waker -> wakee) flows; `from` may be kNoThread
  // for a wakeup from an interrupt or an untraced thread.
  virtual void OnFlow(const Flow& /*flow*/) {}
  virtual void OnLost(const LostGap& /*gap*/) {}
  // A task appeared (created, or first seen) in model().tasks, after its process and the
  // thread it appeared on; a run of a task on a thread ended (in the order runs end: by
  // thread and by task they come in time order).
  virtual void OnTask(uint32_t /*task*/) {}
  virtual void OnTaskRun(const TaskRun& /*run*/) {}
  // Every event, after the timeline has applied it.
  virtual void OnEvent(const Event& /*event*/) {}
};

// What the stream keeps per thread: the interval still open, how much of it has been told,
// and the syscall in progress.
struct StreamThread {
  StateInterval open{};
  uint64_t piece_start = 0;  // open's time before this has been told
  bool has_open = false;
  bool in_syscall = false;
  SyscallSpan call{};
};

class TimelineStream : private EventApplier<TimelineStream, StreamThread> {
 public:
  TimelineStream() : sink_(&null_sink_) {}

  void set_sink(TimelineSink* sink) { sink_ = sink != nullptr ? sink : &null_sink_; }

  using EventApplier::Apply;
  // Ends every open interval and syscall at `end_ns` (raised to the last event's time).
  void Finish(uint64_t end_ns);

  // Identity only: threads, processes and tasks with names, tids, parents and exits. Their
  // interval, wake, syscall, rename and run vectors stay empty; execs holds the last exec.
  const Model& model() const { return model_; }
  const ModelStats& stats() const { return model_.stats; }
  // The live thread `tid` of process `pid`, or kNoThread.
  uint32_t FindThread(int32_t tid, int32_t pid) { return tracker_.Find(tid, pid); }
  // The syscall `thread` is in, or nullptr.
  const SyscallSpan* OpenSyscall(uint32_t thread) const {
    return thread < live_.size() && live_[thread].in_syscall ? &live_[thread].call : nullptr;
  }
  // Time of the event being applied (or the last one applied).
  uint64_t now_ns() const { return last_ns_; }
  uint64_t first_ns() const { return model_.start_ns; }
  bool any_event() const { return any_applied_; }

 private:
  friend class EventApplier<TimelineStream, StreamThread>;
  friend struct ApplierOutputCheck<TimelineStream>;

  // The applier's output (see model/event_applier.h).
  StateInterval* LastInterval(uint32_t t) {
    LiveThread& l = Live(t);
    return l.has_open ? &l.open : nullptr;
  }
  void PushInterval(uint32_t t, StateInterval iv);
  SyscallSpan* OpenCall(uint32_t t) {
    LiveThread& l = Live(t);
    return l.in_syscall ? &l.call : nullptr;
  }
  uint64_t CallBoundary(uint32_t t, uint64_t ts) { return CutPiece(t, ts); }
  void CallEntered(uint32_t t, const SyscallSpan& span);
  void CallReturned(uint32_t t);
  void CallUnreturned(uint32_t t, uint64_t ts);
  // The export has no use for a sleep's arguments yet.
  static void Blocked(uint32_t /*t*/, const SwitchPayload& /*s*/) {}
  void Woken(uint32_t t, uint32_t waker);
  void Created(uint32_t child, uint32_t creator);
  void BeforeExec(const Event& e);
  void Execed(uint32_t t, uint64_t ts);
  void Renamed(uint32_t t);
  void Snapshotted(uint32_t t) { NameChanged(t); }
  void GapFound(const LostGap& gap) { sink_->OnLost(gap); }
  void TaskAdded(uint32_t task) {
    AnnounceNew();  // the task's thread and process, when its event is their first
    sink_->OnTask(task);
  }
  void TaskRunEnded(const TaskRun& run) { sink_->OnTaskRun(run); }
  void TaskWoken(uint32_t /*task*/, const TaskWake& /*wake*/) {}
  void EventBegin() {
    threads_before_event_ = announced_threads_;
    processes_before_event_ = announced_processes_;
  }
  void EventEnd(const Event& e) {
    AnnounceNew();
    sink_->OnEvent(e);
  }

  // Tells the open interval up to `ts` (a syscall boundary); returns the time it was cut at
  // (`ts`, or later if a late event would cut before what was already told).
  uint64_t CutPiece(uint32_t t, uint64_t ts);
  void TellPiece(uint32_t t, uint64_t end_ns);
  // Ends the thread's syscall at `ts` (cut there), telling whether it returned.
  void EndCall(uint32_t t, uint64_t ts, bool returned);
  // Tells the sink about threads and processes the tracker added since the last call.
  void AnnounceNew();
  // The tracker keeps every rename and exec (the model shows the history); a stream needs
  // only the current name and the last exec, so memory stays per thread.
  void ForgetHistory(uint32_t t);
  // Names (or tid) of thread `t` changed during this event.
  void NameChanged(uint32_t t);

  TimelineSink* sink_;
  TimelineSink null_sink_;
  size_t announced_threads_ = 0;
  size_t announced_processes_ = 0;
  size_t threads_before_event_ = 0;
  size_t processes_before_event_ = 0;
};

}  // namespace ctrace

#endif  // CTRACE_EXPORT_TIMELINE_STREAM_H_
