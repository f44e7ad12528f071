#include "viewer/core/task_lanes.h"

#include <algorithm>

namespace ctrace::viewer {
namespace {

LaneItems ItemsOf(const std::vector<TaskLaneItem>& items, uint64_t end_ns) {
  LaneItems l;
  l.base = items.data();
  l.stride = sizeof(TaskLaneItem);
  l.count = items.size();
  l.end_ns = end_ns;
  return l;
}

void Append(std::vector<TaskLaneItem>& items, uint64_t start, uint32_t key) {
  if (!items.empty() && items.back().key == key) return;  // the same thing goes on
  if (!items.empty() && items.back().start_ns == start) {
    items.back().key = key;  // an empty piece: replaced
    return;
  }
  items.push_back({start, key});
}

// Whether thread `th` slept in the kernel anywhere in [start, end).
bool BlockedDuring(const Model& m, const Thread& th, uint64_t start, uint64_t end) {
  auto it = std::upper_bound(th.intervals.begin(), th.intervals.end(), start,
                             [](uint64_t ts, const StateInterval& iv) {
                               const uint64_t s = iv.start_ns;  // packed: a copy
                               return ts < s;
                             });
  size_t i = it == th.intervals.begin() ? 0 : static_cast<size_t>(it - th.intervals.begin() - 1);
  for (; i < th.intervals.size(); ++i) {
    const uint64_t s = th.intervals[i].start_ns;
    if (s >= end) break;
    if (IsBlocked(th.intervals[i].state()) && m.IntervalEnd(th, i) > start) return true;
  }
  return false;
}

}  // namespace

unsigned TaskRowKeyClass(uint32_t key) { return key == 0 ? 0 : RowBlocked(key) ? 2 : 1; }

unsigned TaskLaneKeyClass(uint32_t key) { return key & 0xF; }

TaskLanes::TaskLanes(const Model& model) : model_(&model) {
  rows_.resize(model.threads.size());
  tasks_.resize(model.tasks.size());
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    if (th.task_runs.empty()) continue;
    Lane& row = rows_[t];
    row.items.reserve(th.task_runs.size() * 2 + 1);
    Append(row.items, th.first_ns, 0);
    for (uint32_t r : th.task_runs) {
      const TaskRun& run = model.task_runs[r];
      uint32_t key = run.task + 1;
      if (BlockedDuring(model, th, run.start_ns, run.end_ns)) key |= kTaskBlockedBit;
      Append(row.items, run.start_ns, key);
      Append(row.items, run.end_ns, 0);
    }
    row.end_ns = std::max(model.end_ns, row.items.back().start_ns);
    row.lod = LodIndex::Build(ItemsOf(row.items, row.end_ns), TaskRowKeyClass);
  }
}

LaneItems TaskLanes::ThreadRowItems(uint32_t t) const {
  return ItemsOf(rows_[t].items, rows_[t].end_ns);
}

int64_t TaskLanes::RunAt(uint32_t t, uint64_t ts) const {
  if (model_ == nullptr || t >= model_->threads.size()) return -1;
  const std::vector<uint32_t>& runs = model_->threads[t].task_runs;
  auto it = std::upper_bound(runs.begin(), runs.end(), ts, [&](uint64_t v, uint32_t r) {
    return v < model_->task_runs[r].start_ns;
  });
  if (it == runs.begin()) return -1;
  const TaskRun& run = model_->task_runs[*(it - 1)];
  return ts < run.end_ns ? static_cast<int64_t>(*(it - 1)) : -1;
}

const TaskLanes::Lane& TaskLanes::TaskLane(uint32_t task) const {
  std::unique_ptr<Lane>& lane = tasks_[task];
  if (lane != nullptr) return *lane;
  lane = std::make_unique<Lane>();
  const Task& t = model_->tasks[task];
  ForEachTaskPiece(*model_, t, [&](const TaskPiece& p) {
    const uint32_t situation = static_cast<uint32_t>(p.situation) + 1;
    const uint32_t thread = p.situation == TaskSituation::kSuspended ? 0 : p.thread + 1;
    Append(lane->items, p.start_ns, situation | (thread << 4));
  });
  lane->end_ns = std::max(TaskEndNs(*model_, t), t.first_ns);
  if (lane->items.empty())
    lane->items.push_back({t.first_ns, static_cast<uint32_t>(TaskSituation::kSuspended) + 1});
  lane->lod = LodIndex::Build(ItemsOf(lane->items, lane->end_ns), TaskLaneKeyClass);
  return *lane;
}

LaneItems TaskLanes::TaskItems(uint32_t task) const {
  const Lane& lane = TaskLane(task);
  return ItemsOf(lane.items, lane.end_ns);
}

const LodIndex& TaskLanes::TaskLod(uint32_t task) const { return TaskLane(task).lod; }

int64_t TaskLanes::TaskPieceAt(uint32_t task, uint64_t ts) const {
  const Lane& lane = TaskLane(task);
  auto it = std::upper_bound(lane.items.begin(), lane.items.end(), ts,
                             [](uint64_t v, const TaskLaneItem& item) {
                               const uint64_t s = item.start_ns;
                               return v < s;
                             });
  if (it == lane.items.begin() || ts >= lane.end_ns) return -1;
  return static_cast<int64_t>(it - lane.items.begin()) - 1;
}

size_t TaskLanes::MemoryBytes() const {
  size_t bytes = 0;
  for (const Lane& l : rows_)
    bytes += l.items.capacity() * sizeof(TaskLaneItem) + l.lod.MemoryBytes();
  for (const std::unique_ptr<Lane>& l : tasks_) {
    if (l) bytes += l->items.capacity() * sizeof(TaskLaneItem) + l->lod.MemoryBytes();
  }
  return bytes;
}

}  // namespace ctrace::viewer
