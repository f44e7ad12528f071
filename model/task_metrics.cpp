#include "model/task_metrics.h"

#include <algorithm>
#include <utility>

#include "model/task_timeline.h"

namespace ctrace {
namespace {

// Most tasks alive at once: a sweep over their appearances and ends.
uint64_t PeakLive(const Model& m, const std::vector<uint32_t>& tasks) {
  std::vector<std::pair<uint64_t, int>> edges;  // (time, +1 / -1); ends sort before starts
  edges.reserve(tasks.size() * 2);
  for (uint32_t t : tasks) {
    const Task& task = m.tasks[t];
    edges.push_back({task.first_ns, 1});
    if (task.gone_ns != 0) edges.push_back({task.gone_ns, -1});
  }
  std::sort(edges.begin(), edges.end());
  int64_t live = 0;
  int64_t peak = 0;
  for (const auto& [ts, d] : edges) {
    live += d;
    peak = std::max(peak, live);
  }
  return static_cast<uint64_t>(peak);
}

void Add(TaskTotals& into, const TaskMetrics& m) {
  into.task_switches += m.resumes;
  into.migrations += m.migrations;
  into.running_ns += m.running_ns;
  into.thread_blocked_ns += m.thread_blocked_ns;
  into.suspended_ns += m.suspended_ns;
}

void Ratio(TaskTotals& t) {
  if (t.context_switches > 0) {
    t.task_switches_per_context_switch =
        static_cast<double>(t.task_switches) / static_cast<double>(t.context_switches);
  }
}

}  // namespace

TaskMetricsSet ComputeTaskMetrics(const Model& model) {
  TaskMetricsSet s;
  s.tasks.resize(model.tasks.size());
  s.processes.resize(model.processes.size());
  for (uint32_t i = 0; i < model.tasks.size(); ++i) {
    const Task& task = model.tasks[i];
    TaskMetrics& tm = s.tasks[i];
    ForEachTaskPiece(model, task, [&](const TaskPiece& p) {
      const uint64_t ns = p.end_ns - p.start_ns;
      switch (p.situation) {
        case TaskSituation::kRunning:
          tm.running_ns += ns;
          break;
        case TaskSituation::kWaitingForCpu:
          tm.waiting_for_cpu_ns += ns;
          break;
        case TaskSituation::kBlockedThread:
          tm.thread_blocked_ns += ns;
          tm.thread_blocked_by_reason[static_cast<size_t>(ReasonOf(p.state.state()))] += ns;
          break;
        case TaskSituation::kSuspended:
          tm.suspended_ns += ns;
          break;
      }
    });
    uint32_t last_thread = kNoThread;
    for (uint32_t r : task.runs) {
      const uint32_t thread = model.task_runs[r].thread;
      ++tm.resumes;
      if (last_thread != kNoThread && thread != last_thread) ++tm.migrations;
      if (std::find(tm.threads.begin(), tm.threads.end(), thread) == tm.threads.end()) {
        tm.threads.push_back(thread);
      }
      last_thread = thread;
    }
    TaskTotals& pt = s.processes[task.process];
    ++pt.tasks;
    if (task.created_in_trace) ++pt.tasks_created;
    Add(pt, tm);
  }
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    const Process& proc = model.processes[p];
    TaskTotals& pt = s.processes[p];
    if (proc.tasks.empty()) continue;
    pt.peak_live_tasks = PeakLive(model, proc.tasks);
    for (uint32_t t : proc.threads) {
      const Thread& th = model.threads[t];
      if (th.task_runs.empty()) continue;
      ++pt.threads_running_tasks;
      pt.context_switches += th.voluntary_switches + th.involuntary_switches;
    }
    Ratio(pt);
    TaskTotals& all = s.total;
    all.tasks += pt.tasks;
    all.tasks_created += pt.tasks_created;
    all.task_switches += pt.task_switches;
    all.context_switches += pt.context_switches;
    all.migrations += pt.migrations;
    all.running_ns += pt.running_ns;
    all.thread_blocked_ns += pt.thread_blocked_ns;
    all.suspended_ns += pt.suspended_ns;
    all.threads_running_tasks += pt.threads_running_tasks;
    // Tasks of different processes are alive side by side: the trace's peak is their sum at
    // one time, not the sum of peaks.
  }
  std::vector<uint32_t> every(model.tasks.size());
  for (uint32_t i = 0; i < every.size(); ++i) every[i] = i;
  s.total.peak_live_tasks = PeakLive(model, every);
  Ratio(s.total);
  return s;
}

}  // namespace ctrace
