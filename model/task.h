// User-level tasks in the model (docs/tasks.md): coroutines, green threads, goroutines,
// scheduled by the program on top of its kernel threads. A thread runs at most one task at a
// time, its *current* task; a task is current on at most one thread. The model keeps, per
// task, its identity and the runs in which it was current somewhere; what the task was doing
// during a run (running, or stuck with its thread runnable or blocked in a syscall) is its
// thread's state then (model/task_timeline.h).
#ifndef CTRACE_MODEL_TASK_H_
#define CTRACE_MODEL_TASK_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "format/event.h"
#include "model/thread_timeline.h"

namespace ctrace {

inline constexpr uint32_t kNoTask = 0xFFFFFFFF;  // "no task" as a task index

// How a run of a task on a thread ended.
enum class TaskRunEnd : uint8_t {
  kSuspended,   // task_suspend: it yielded or awaited (TaskRun::reason says why, if given)
  kReplaced,    // another task was resumed on the thread: an implicit suspension
  kEnded,       // task_end while current
  kMovedAway,   // resumed on another thread while still current here (contradicts the
                // protocol: a suspension was not seen)
  kThreadGone,  // its thread exited or exec'd
  kTraceEnd,    // still current when the trace ended
};

// One stretch of a task being its thread's current task, [start_ns, end_ns).
struct TaskRun {
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
  uint32_t task = kNoTask;  // index into Model::tasks
  uint32_t thread = 0;      // index into Model::threads
  uint32_t reason = 0;      // string id: why it was suspended, if its source said (0: not said)
  TaskRunEnd end = TaskRunEnd::kTraceEnd;
};

// A task made ready to run by another (Go: a goroutine that unblocked it).
struct TaskWake {
  uint64_t ts_ns;
  uint32_t waker;   // task index, or kNoTask
  uint32_t thread;  // the thread the wake happened on
};

struct Task {
  uint64_t id = 0;
  TaskSource source = TaskSource::kProbes;
  uint32_t process = 0;              // index into Model::processes
  uint32_t name = 0;                 // string id (0: none given)
  uint64_t parent_id = 0;            // as the source gave it; 0: none
  uint32_t parent = kNoTask;         // index of the parent, if it was known when this was created
  uint32_t created_by = kNoThread;   // thread index of the creating thread, if known
  bool created_in_trace = false;     // its create event is in the trace (else first seen later)
  bool in_snapshot = false;          // it already existed when the recorder attached
  uint32_t first_reason = 0;         // snapshot: why it was suspended then (string id, 0: not
                                     // said, or it was running)
  uint64_t first_ns = 0;             // created, or first seen
  std::optional<uint64_t> ended_ns;  // task_end; unset while alive (or when its process ended
                                     // without ending it)
  uint64_t gone_ns = 0;  // when it stopped existing for the model: ended_ns, its process's exit
                         // or exec, or 0 while it still lives at the end of the trace
  uint32_t current_thread = kNoThread;  // the thread it is current on now (while building)
  std::vector<uint32_t> runs;           // indices into Model::task_runs, in time order
  std::vector<TaskWake> wakes;
};

// "task" for the probes, "goroutine" for the Go runtime: the `kind` of report-json.md.
inline const char* TaskKindName(TaskSource source) {
  return source == TaskSource::kGoRuntime ? "goroutine" : "task";
}

}  // namespace ctrace

#endif  // CTRACE_MODEL_TASK_H_
