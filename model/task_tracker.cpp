#include "model/task_tracker.h"

namespace ctrace {

uint32_t TaskTracker::NewTask(uint32_t process, TaskSource source, uint64_t id, uint64_t ts) {
  const uint32_t index = static_cast<uint32_t>(model_->tasks.size());
  Task& task = model_->tasks.emplace_back();
  task.id = id;
  task.source = source;
  task.process = process;
  task.first_ns = ts;
  task.created_by = kNoThread;
  task.current_thread = kNoThread;
  model_->processes[process].tasks.push_back(index);
  live_[Key{id, process, source}] = index;
  return index;
}

uint32_t TaskTracker::Create(uint32_t process, TaskSource source, uint64_t id, uint64_t parent_id,
                             uint32_t name, uint32_t creator, uint64_t ts, bool* replaced) {
  const uint32_t old = Find(process, source, id);
  *replaced = old != kNoTask;
  if (*replaced) Forget(old, ts);
  const uint32_t parent = parent_id == 0 ? kNoTask : Find(process, source, parent_id);
  const uint32_t index = NewTask(process, source, id, ts);
  Task& task = model_->tasks[index];
  task.name = name;
  task.parent_id = parent_id;
  task.parent = parent;
  task.created_by = creator;
  task.created_in_trace = true;
  return index;
}

uint32_t TaskTracker::Snapshot(uint32_t process, TaskSource source, uint64_t id, uint64_t parent_id,
                               uint32_t name, uint32_t reason, uint64_t ts, bool* added) {
  uint32_t index = Find(process, source, id);
  *added = index == kNoTask;
  if (*added) {
    index = NewTask(process, source, id, ts);
    model_->tasks[index].first_reason = reason;
  }
  Task& task = model_->tasks[index];
  task.in_snapshot = true;
  if (task.name == 0) task.name = name;
  if (task.parent_id == 0 && task.parent == kNoTask) {
    task.parent_id = parent_id;
    task.parent = parent_id == 0 ? kNoTask : Find(process, source, parent_id);
  }
  return index;
}

uint32_t TaskTracker::FindOrAdd(uint32_t process, TaskSource source, uint64_t id, uint64_t ts) {
  const uint32_t found = Find(process, source, id);
  return found != kNoTask ? found : NewTask(process, source, id, ts);
}

void TaskTracker::End(uint32_t task, uint64_t ts) {
  model_->tasks[task].ended_ns = ts;
  Forget(task, ts);
}

void TaskTracker::Forget(uint32_t task, uint64_t ts) {
  Task& t = model_->tasks[task];
  live_.erase(Key{t.id, t.process, t.source});
  t.gone_ns = ts;
}

void TaskTracker::ProcessGone(uint32_t process, uint64_t ts) {
  for (uint32_t task : model_->processes[process].tasks) {
    const Task& t = model_->tasks[task];
    if (t.gone_ns == 0 && Find(process, t.source, t.id) == task) Forget(task, ts);
  }
}

}  // namespace ctrace
