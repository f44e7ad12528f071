// A task's life as a sequence of situations (docs/tasks.md): while it is current on a thread,
// what that thread was doing then; between its runs, suspended. The notes' warning made
// visible: a task whose thread is blocked in a syscall stalls that thread, and every other
// task of the thread waits with it.
#ifndef CTRACE_MODEL_TASK_TIMELINE_H_
#define CTRACE_MODEL_TASK_TIMELINE_H_

#include <algorithm>
#include <cstdint>

#include "model/model.h"

namespace ctrace {

enum class TaskSituation : uint8_t {
  kRunning,        // current on a thread that is on a CPU
  kWaitingForCpu,  // current on a thread that is runnable (in a run queue)
  kBlockedThread,  // current on a thread that sleeps in the kernel: the task blocked it
  kSuspended,      // not current anywhere (awaiting, yielded, or ready but not resumed)
};

struct TaskPiece {
  uint64_t start_ns;
  uint64_t end_ns;
  TaskSituation situation;
  uint32_t thread = kNoThread;  // the thread it was current on (not for kSuspended)
  StateInterval state{};        // that thread's state then (its cpu, syscall)
};

// When the task stops existing for the model: its end, its process's exit, or the trace end.
inline uint64_t TaskEndNs(const Model& m, const Task& t) {
  return t.gone_ns != 0 ? t.gone_ns : m.end_ns;
}

// Calls f(const TaskPiece&) for each piece of `task`'s life, in time order, from its first
// appearance to TaskEndNs. Pieces of a run follow the thread's intervals, so the cost is the
// number of its thread's intervals the runs cover.
template <typename F>
void ForEachTaskPiece(const Model& m, const Task& task, F&& f) {
  uint64_t at = task.first_ns;
  const uint64_t end = std::max(TaskEndNs(m, task), at);
  for (uint32_t r : task.runs) {
    const TaskRun& run = m.task_runs[r];
    if (run.start_ns > at) f(TaskPiece{at, run.start_ns, TaskSituation::kSuspended});
    const Thread& th = m.threads[run.thread];
    // The thread interval the run starts in, then every one until the run ends.
    auto it = std::upper_bound(th.intervals.begin(), th.intervals.end(), run.start_ns,
                               [](uint64_t ts, const StateInterval& iv) {
                                 const uint64_t start = iv.start_ns;  // packed: a copy
                                 return ts < start;
                               });
    size_t i = it == th.intervals.begin() ? 0 : static_cast<size_t>(it - th.intervals.begin() - 1);
    uint64_t t = run.start_ns;
    while (t < run.end_ns && i < th.intervals.size()) {
      const StateInterval& iv = th.intervals[i];
      const uint64_t piece_end = std::min(m.IntervalEnd(th, i), run.end_ns);
      if (piece_end > t) {
        const ThreadState s = iv.state();
        TaskSituation situation = s == ThreadState::kRunning ? TaskSituation::kRunning
                                  : IsBlocked(s)             ? TaskSituation::kBlockedThread
                                                             : TaskSituation::kWaitingForCpu;
        f(TaskPiece{t, piece_end, situation, run.thread, iv});
        t = piece_end;
      }
      ++i;
    }
    // A run past the thread's known intervals (none yet): count it as running.
    if (t < run.end_ns) f(TaskPiece{t, run.end_ns, TaskSituation::kRunning, run.thread});
    at = std::max(at, run.end_ns);
  }
  if (end > at) f(TaskPiece{at, end, TaskSituation::kSuspended});
}

}  // namespace ctrace

#endif  // CTRACE_MODEL_TASK_TIMELINE_H_
