#include "report/report_content.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace ctrace {

std::optional<int> ShellExitCode(const std::optional<int32_t>& raw) {
  if (!raw) return std::nullopt;
  ExitStatus s = DecodeExitCode(*raw);
  return s.signaled ? 128 + s.signal : s.code;
}

std::optional<int> ExitSignal(const std::optional<int32_t>& raw) {
  if (!raw) return std::nullopt;
  ExitStatus s = DecodeExitCode(*raw);
  return s.signaled ? std::optional<int>(s.signal) : std::nullopt;
}

ReportContent MakeReportContent(std::string path, Model model) {
  ReportContent r;
  r.path = std::move(path);
  r.model = std::move(model);
  {
    // The analyses only read the model. The metrics are most of the time (for 100 million
    // events: 1.5 s on each of two threads, see ComputeMetrics); the locks and wakeup groups
    // (0.5 s and 0.9 s) run beside them rather than after.
    std::jthread side([&r] {
      r.locks = ComputeLocks(r.model);
      r.wakeup_groups = ComputeWakeupGroups(r.model);
    });
    r.metrics = ComputeMetrics(r.model);
    r.task_metrics = ComputeTaskMetrics(r.model);
    r.task_groups = GroupTasksByName(r.model, r.task_metrics);
    r.task_concurrency = ComputeTaskConcurrency(r.model, kTaskConcurrencySlices);
    r.self_check = RunSelfCheck(r.model);
  }

  const std::vector<ThreadMetrics>& tm = r.metrics.threads;
  r.threads_by_cpu_time.resize(r.model.threads.size());
  for (uint32_t t = 0; t < r.threads_by_cpu_time.size(); ++t) r.threads_by_cpu_time[t] = t;
  std::stable_sort(r.threads_by_cpu_time.begin(), r.threads_by_cpu_time.end(),
                   [&](uint32_t a, uint32_t b) { return tm[a].running_ns > tm[b].running_ns; });

  // Depth-first from the roots (processes whose parent is not traced), in order of
  // appearance; then anything a bad parent link left unreached, as a root.
  const std::vector<Process>& procs = r.model.processes;
  r.process_depth.assign(procs.size(), 0);
  std::vector<bool> visited(procs.size(), false);
  auto visit = [&](uint32_t root) {
    std::vector<std::pair<uint32_t, uint32_t>> stack = {{root, 0}};  // (process, depth)
    while (!stack.empty()) {
      auto [p, depth] = stack.back();
      stack.pop_back();
      if (visited[p]) continue;
      visited[p] = true;
      r.process_order.push_back(p);
      r.process_depth[p] = depth;
      const std::vector<uint32_t>& children = procs[p].children;
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.emplace_back(*it, depth + 1);
      }
    }
  };
  for (uint32_t p = 0; p < procs.size(); ++p) {
    if (procs[p].parent == kNoProcess) visit(p);
  }
  for (uint32_t p = 0; p < procs.size(); ++p) visit(p);
  return r;
}

}  // namespace ctrace
