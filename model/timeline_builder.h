// Turns a stream of decoded events into the timeline model, chunk by chunk.
//
// Events within a chunk are in time order, but chunks drained from different CPUs may
// overlap by a little, so the builder holds events for a reorder window (model/event_order.h)
// and applies them in time order (ties keep file order). An event older than the window is
// still applied, at the thread's last known time, and counted in ModelStats::late_events.
//
// How each event changes the timeline is model/event_applier.h; the builder is its output
// that keeps everything: per event one or two hash lookups and a few packed records appended
// to per-thread vectors; it allocates only when a vector grows.
#ifndef CTRACE_MODEL_TIMELINE_BUILDER_H_
#define CTRACE_MODEL_TIMELINE_BUILDER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "format/event.h"
#include "format/syscall_table.h"
#include "model/cpu_tiles.h"
#include "model/event_applier.h"
#include "model/event_order.h"
#include "model/model.h"

namespace ctrace {

struct TimelineBuilderOptions {
  // How far out of time order events may arrive (the recorder's chunks overlap by a few
  // microseconds; this leaves a wide margin).
  uint64_t reorder_window_ns = 10'000'000;
  // Also build Model::cpu_tiles (12 bytes per running interval and idle gap).
  bool cpu_tiles = false;
};

// What the builder keeps per thread besides the model, while building.
struct BuilderThread {
  int32_t open_syscall = -1;  // index into Thread::syscalls of the call in progress
};

class TimelineBuilder : private EventApplier<TimelineBuilder, BuilderThread> {
 public:
  explicit TimelineBuilder(TimelineBuilderOptions options = {})
      : order_(options.reorder_window_ns), cpu_tiles_(options.cpu_tiles) {}

  // Adds the next events (a chunk); they need not be sorted.
  void Add(std::span<const Event> events) {
    order_.Add(events, [this](const Event& e) { Apply(e); });
  }
  // Adds events already released in order by an EventOrder of options.reorder_window_ns
  // (LoadModel orders on its reading thread). Not to be mixed with Add.
  void AddOrdered(std::span<const Event> events) {
    for (const Event& e : events) Apply(e);
  }

  // Applies every event still held and returns the model; the builder is spent after it.
  // `end_ns` is when recording ended if known (the trailer), else the last event ends it.
  Model Finish(uint64_t end_ns = 0);

 private:
  friend class EventApplier<TimelineBuilder, BuilderThread>;
  friend struct ApplierOutputCheck<TimelineBuilder>;

  // The applier's output: every interval, span, wakeup and gap is kept in the model.
  // Inline: every state change of every thread comes through here.
  StateInterval* LastInterval(uint32_t t) {
    PodVector<StateInterval>& iv = model_.threads[t].intervals;
    return iv.empty() ? nullptr : &iv.back();
  }
  void PushInterval(uint32_t t, StateInterval iv) {
    PodVector<StateInterval>& ivs = model_.threads[t].intervals;
    // The last interval is whole now: if it was running, it is the CPU's too.
    if (cpu_tiles_ && !ivs.empty() && ivs.back().state() == ThreadState::kRunning) {
      tiler_.Ran(ivs.back().cpu(), ivs.back().start_ns, iv.start_ns, t, CpuAfter(iv.successor()));
    }
    ivs.push_back(iv);
    ivs.PrefetchForAppend(kAppendPrefetchBytes);
  }
  // The model's vectors grow at a few hundred tails at once (each thread's intervals, wakes
  // and calls), too many streams for the hardware prefetchers: the store that began a fresh
  // cache line of them waited for it (perf annotate of BM_BuildModel: the WakeFlow store
  // 30% of OnWakeup). Asked for a few lines ahead, the line is there when written.
  static constexpr size_t kAppendPrefetchBytes = 256;
  static uint32_t CpuAfter(CpuSuccessor s) {
    return s == CpuSuccessor::kIdle    ? kLaneIdle
           : s == CpuSuccessor::kOther ? kLaneOther
                                       : kLaneNone;
  }
  SyscallSpan* OpenCall(uint32_t t) {
    int32_t open = Live(t).open_syscall;
    return open < 0 ? nullptr : &model_.threads[t].syscalls[static_cast<size_t>(open)];
  }
  static uint64_t CallBoundary(uint32_t /*t*/, uint64_t ts) { return ts; }
  void CallEntered(uint32_t t, const SyscallSpan& span) {
    PodVector<SyscallSpan>& calls = model_.threads[t].syscalls;
    Live(t).open_syscall = static_cast<int32_t>(calls.size());
    calls.push_back(span);
    calls.PrefetchForAppend(kAppendPrefetchBytes);
  }
  void CallReturned(uint32_t t) { Live(t).open_syscall = -1; }
  // A call that did not return stays in the model with exit_ns == 0.
  void CallUnreturned(uint32_t /*t*/, uint64_t /*ts*/) {}
  // Futex sleeps keep their address (a lock or condition variable) and operation. Version 1
  // traces have no arguments (address 0), and 0 is never a futex. futex2's futex_wait and
  // futex_waitv are not kept: glibc's locks use futex, and futex_waitv waits on several.
  void Blocked(uint32_t t, const SwitchPayload& s) {
    if (s.prev_syscall != syscall_nr::kFutex || s.wait_args[0] == 0) return;
    Thread& th = model_.threads[t];
    th.futex_waits.push_back({static_cast<uint32_t>(th.intervals.size() - 1),
                              static_cast<uint32_t>(s.wait_args[1]),
                              static_cast<uint64_t>(s.wait_args[0])});
  }
  void Woken(uint32_t t, uint32_t waker) {
    Thread& th = model_.threads[t];
    th.wakes.push_back({static_cast<uint32_t>(th.intervals.size() - 1), waker});
    th.wakes.PrefetchForAppend(kAppendPrefetchBytes);
  }
  // Creations are in the model as Thread::created_by and creation_start_ns.
  void Created(uint32_t /*child*/, uint32_t /*creator*/) {}
  void BeforeExec(const Event& /*e*/) {}
  void Execed(uint32_t /*t*/, uint64_t /*ts*/) {}
  void Renamed(uint32_t /*t*/) {}
  void Snapshotted(uint32_t /*t*/) {}
  void GapFound(const LostGap& gap) { model_.gaps.push_back(gap); }
  // Tasks are in the model as the tracker makes them; every run is kept.
  void TaskAdded(uint32_t /*task*/) {}
  void TaskRunEnded(const TaskRun& run) {
    const uint32_t index = static_cast<uint32_t>(model_.task_runs.size());
    model_.task_runs.push_back(run);
    model_.threads[run.thread].task_runs.push_back(index);
    model_.tasks[run.task].runs.push_back(index);
  }
  void TaskWoken(uint32_t task, const TaskWake& wake) { model_.tasks[task].wakes.push_back(wake); }
  void EventBegin() {}
  void EventEnd(const Event& /*e*/) {}

  // Hands the threads still running at the end to the tiler and keeps its tiles.
  void FinishCpuTiles();

  EventOrder order_;
  bool cpu_tiles_;
  CpuTiler tiler_;
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_TIMELINE_BUILDER_H_
