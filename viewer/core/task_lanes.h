// What the viewer draws of user-level tasks (docs/tasks.md), built from the model like the
// thread and CPU lanes, with the same level-of-detail index:
//  - a thread's task row: which task was current on it when (key: task index + 1; 0 when
//    none), with kTaskBlockedBit set on a run during which the thread blocked in a syscall,
//    so the task that stalled its thread stands out;
//  - a task's lane: its life as situations (running, waiting for a CPU, blocking its thread,
//    suspended; task_timeline.h), each piece keyed by situation and the thread it was on.
// Thread rows are built with the document; task lanes when first drawn (a process may have
// a hundred thousand tasks, of which a screen shows a few dozen).
#ifndef CTRACE_VIEWER_CORE_TASK_LANES_H_
#define CTRACE_VIEWER_CORE_TASK_LANES_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "model/model.h"
#include "model/task_timeline.h"
#include "viewer/core/lod_index.h"

namespace ctrace::viewer {

#pragma pack(push, 4)
struct TaskLaneItem {
  uint64_t start_ns;
  uint32_t key;
};
#pragma pack(pop)
static_assert(sizeof(TaskLaneItem) == 12);

inline constexpr uint32_t kTaskBlockedBit = 0x80000000u;
// Thread task row keys.
inline uint32_t RowTask(uint32_t key) { return (key & ~kTaskBlockedBit) - 1; }  // key != 0
inline bool RowBlocked(uint32_t key) { return (key & kTaskBlockedBit) != 0; }
unsigned TaskRowKeyClass(uint32_t key);
// Task lane keys: 0 before the task exists (never drawn), else situation + 1 in bits 0-3
// and the thread (index + 1, 0 when suspended) above.
inline TaskSituation LaneSituation(uint32_t key) {
  return static_cast<TaskSituation>((key & 0xF) - 1);
}
inline uint32_t LaneThread(uint32_t key) { return (key >> 4) - 1; }  // not for kSuspended
unsigned TaskLaneKeyClass(uint32_t key);

class TaskLanes {
 public:
  TaskLanes() = default;
  // Builds every thread's task row (threads without tasks get none).
  explicit TaskLanes(const Model& model);

  bool ThreadHasTasks(uint32_t t) const { return t < rows_.size() && !rows_[t].items.empty(); }
  LaneItems ThreadRowItems(uint32_t t) const;
  const LodIndex& ThreadRowLod(uint32_t t) const { return rows_[t].lod; }
  // The task run of thread `t` that covers absolute time `ts` (an index into
  // model.task_runs), or -1.
  int64_t RunAt(uint32_t t, uint64_t ts) const;

  // A task's lane, built on first use (safe from one thread at a time: the view's).
  LaneItems TaskItems(uint32_t task) const;
  const LodIndex& TaskLod(uint32_t task) const;
  // The piece of `task`'s lane that covers absolute time `ts`, or -1 (an index into its
  // items).
  int64_t TaskPieceAt(uint32_t task, uint64_t ts) const;

  size_t MemoryBytes() const;

 private:
  struct Lane {
    std::vector<TaskLaneItem> items;
    uint64_t end_ns = 0;
    LodIndex lod;
  };
  const Lane& TaskLane(uint32_t task) const;

  const Model* model_ = nullptr;
  std::vector<Lane> rows_;                            // by thread
  mutable std::vector<std::unique_ptr<Lane>> tasks_;  // by task, built lazily
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TASK_LANES_H_
