#include "model/task_groups.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "model/task_timeline.h"

namespace ctrace {

std::vector<TaskGroup> GroupTasksByName(const Model& model, const TaskMetricsSet& metrics) {
  std::map<std::tuple<uint32_t, TaskSource, uint32_t>, size_t> index;
  std::vector<TaskGroup> groups;
  std::vector<std::map<uint32_t, uint64_t>> reasons;
  for (uint32_t i = 0; i < model.tasks.size() && i < metrics.tasks.size(); ++i) {
    const Task& task = model.tasks[i];
    auto [it, fresh] = index.try_emplace({task.process, task.source, task.name}, groups.size());
    if (fresh) {
      TaskGroup g;
      g.process = task.process;
      g.source = task.source;
      g.name = task.name;
      groups.push_back(std::move(g));
      reasons.emplace_back();
    }
    TaskGroup& g = groups[it->second];
    const TaskMetrics& tm = metrics.tasks[i];
    ++g.tasks;
    g.running_ns += tm.running_ns;
    g.suspended_ns += tm.suspended_ns;
    g.resumes += tm.resumes;
    g.migrations += tm.migrations;
    // Each suspension, by the reason its run ended with.
    std::map<uint32_t, uint64_t>& by = reasons[it->second];
    const uint64_t end = TaskEndNs(model, task);
    for (size_t k = 0; k < task.runs.size(); ++k) {
      const TaskRun& run = model.task_runs[task.runs[k]];
      const uint64_t next = k + 1 < task.runs.size() ? model.task_runs[task.runs[k + 1]].start_ns
                                                     : std::max(end, run.end_ns);
      if (next > run.end_ns) by[run.reason] += next - run.end_ns;
    }
    if (task.first_reason != 0) {
      // Suspended when the recorder attached: for that reason, until it first ran.
      const uint64_t first = task.runs.empty() ? end : model.task_runs[task.runs.front()].start_ns;
      if (first > task.first_ns) by[task.first_reason] += first - task.first_ns;
    } else if (!task.runs.empty()) {
      const uint64_t first = model.task_runs[task.runs.front()].start_ns;
      if (first > task.first_ns) by[kNotYetRun] += first - task.first_ns;
    }
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    auto& out = groups[i].suspended_by_reason;
    out.assign(reasons[i].begin(), reasons[i].end());
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  std::stable_sort(groups.begin(), groups.end(), [](const TaskGroup& a, const TaskGroup& b) {
    return a.running_ns > b.running_ns;
  });
  return groups;
}

}  // namespace ctrace
