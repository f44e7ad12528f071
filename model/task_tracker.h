// Task identity: which Task a task event's id means. Ids are per process and per source
// (the probes' ids and goroutine ids never collide), and an id may be reused once its task
// ended, so the tracker maps the *live* ids only. A process that exits or execs takes its
// tasks with it.
#ifndef CTRACE_MODEL_TASK_TRACKER_H_
#define CTRACE_MODEL_TASK_TRACKER_H_

#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "model/model.h"
#include "model/task.h"

namespace ctrace {

class TaskTracker {
 public:
  explicit TaskTracker(Model* model) : model_(model) {}

  // The live task `id` of `process` from `source`, or kNoTask.
  uint32_t Find(uint32_t process, TaskSource source, uint64_t id) const {
    auto it = live_.find(Key{id, process, source});
    return it == live_.end() ? kNoTask : it->second;
  }
  // A task created at `ts` by thread `creator`. A live task with the same id is dropped
  // first (its end was not seen: *replaced is set).
  uint32_t Create(uint32_t process, TaskSource source, uint64_t id, uint64_t parent_id,
                  uint32_t name, uint32_t creator, uint64_t ts, bool* replaced);
  // A task that already existed when the recorder attached (task_snapshot at `ts`): a new
  // task named `name`, or, if an event of it came first, that one, given the name and parent
  // it lacked. *added tells which.
  uint32_t Snapshot(uint32_t process, TaskSource source, uint64_t id, uint64_t parent_id,
                    uint32_t name, uint32_t reason, uint64_t ts, bool* added);
  // Find(), or else a task first seen at `ts`, whose creation is not in the trace.
  uint32_t FindOrAdd(uint32_t process, TaskSource source, uint64_t id, uint64_t ts);
  // The task ended at `ts`: its id is free again.
  void End(uint32_t task, uint64_t ts);
  // The process exited or exec'd: its live tasks are gone with it (not ended).
  void ProcessGone(uint32_t process, uint64_t ts);

 private:
  struct Key {
    uint64_t id;
    uint32_t process;
    TaskSource source;
    bool operator==(const Key&) const = default;
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.id, k.process, static_cast<uint8_t>(k.source));
    }
  };
  uint32_t NewTask(uint32_t process, TaskSource source, uint64_t id, uint64_t ts);
  void Forget(uint32_t task, uint64_t ts);

  Model* model_;
  absl::flat_hash_map<Key, uint32_t> live_;
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_TASK_TRACKER_H_
