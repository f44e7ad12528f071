// Turns a stream of decoded events into the timeline model, chunk by chunk.
//
// Events within a chunk are in time order, but chunks drained from different CPUs may
// overlap by a little, so the builder holds events for a reorder window and applies them in
// time order (ties keep file order). An event older than the window is still applied, at
// the thread's last known time, and counted in ModelStats::late_events.
//
// Per event the builder does one or two hash lookups and appends a few packed records to
// per-thread vectors; it allocates only when a vector grows.
#ifndef CTRACE_MODEL_TIMELINE_BUILDER_H_
#define CTRACE_MODEL_TIMELINE_BUILDER_H_

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "format/event.h"
#include "model/model.h"
#include "model/process_tracker.h"

namespace ctrace {

struct TimelineBuilderOptions {
  // How far out of time order events may arrive (the recorder's chunks overlap by a few
  // microseconds; this leaves a wide margin).
  uint64_t reorder_window_ns = 10'000'000;
};

class TimelineBuilder {
 public:
  explicit TimelineBuilder(TimelineBuilderOptions options = {});
  TimelineBuilder(const TimelineBuilder&) = delete;
  TimelineBuilder& operator=(const TimelineBuilder&) = delete;

  // Adds the next events (a chunk); they need not be sorted.
  void Add(std::span<const Event> events);

  // Applies every event still held and returns the model; the builder is spent after it.
  // `end_ns` is when recording ended if known (the trailer), else the last event ends it.
  Model Finish(uint64_t end_ns = 0);

 private:
  struct LiveThread {
    int32_t open_syscall = -1;   // index into Thread::syscalls of the call in progress
    uint16_t last_cpu = 0xFFFF;  // CPU it last ran on (0xFFFF: never seen running)
    bool exit_seen = false;
    uint64_t running_ns = 0;  // sum of its closed running intervals
  };

  void Apply(const Event& e);
  void OnSwitch(const Event& e);
  void SwitchOut(uint32_t t, const Event& e, CpuSuccessor successor);
  void SwitchIn(uint32_t t, const Event& e);
  void OnWakeup(const Event& e);
  void OnFork(const Event& e);
  void OnExec(const Event& e);
  void OnExit(const Event& e);
  void OnSyscallEnter(const Event& e);
  void OnSyscallExit(const Event& e);
  void OnLost(const Event& e);

  LiveThread& Live(uint32_t t) {
    if (t >= live_.size()) live_.resize(model_.threads.size());
    return live_[t];
  }
  ThreadState StateOf(uint32_t t) const {
    const auto& iv = model_.threads[t].intervals;
    return iv.empty() ? ThreadState::kUnknown : iv.back().state();
  }
  // Starts a new interval for thread `t` at `ts` (clamped to its last interval's start).
  // Inline: every state change of every thread comes through here.
  void SetState(uint32_t t, uint64_t ts, ThreadState state, uint16_t cpu, int32_t syscall = -1,
                CpuSuccessor successor = CpuSuccessor::kUnknown) {
    std::vector<StateInterval>& iv = model_.threads[t].intervals;
    if (!iv.empty()) {
      const StateInterval& last = iv.back();
      // A copy: std::max takes references, and a packed member may be misaligned.
      ts = std::max(ts, uint64_t{last.start_ns});
      if (last.state() == ThreadState::kRunning) {
        Live(t).running_ns += ts - last.start_ns;
      } else if (last.state() == state) {
        return;  // no change (e.g. a second wakeup event for the same wakeup)
      }
    }
    iv.push_back(StateInterval::Make(ts, state, cpu, syscall, successor));
  }
  // The thread did something only a running thread does (a syscall, exit, fork, exec): if
  // its state was not known yet, it has been running since it was first known.
  void ObserveRunning(uint32_t t, uint64_t ts, uint16_t cpu) {
    const std::vector<StateInterval>& iv = model_.threads[t].intervals;
    if (iv.empty() || iv.back().state() == ThreadState::kUnknown) FillUnknownAsRunning(t, ts, cpu);
  }
  void FillUnknownAsRunning(uint32_t t, uint64_t ts, uint16_t cpu);

  TimelineBuilderOptions options_;
  Model model_;
  ProcessTracker tracker_;
  std::vector<LiveThread> live_;       // per thread index, only while building
  std::vector<uint64_t> cpu_last_ns_;  // last event time per CPU (start of a lost gap)
  std::vector<Event> pending_;         // held for the reorder window, sorted by time
  std::vector<Event> scratch_;
  uint64_t max_seen_ns_ = 0;
  uint64_t last_applied_ns_ = 0;
  bool any_applied_ = false;
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_TIMELINE_BUILDER_H_
