// Everything `ctrace report` shows, computed once from a model and shared by the text and
// JSON renderers, so both always say the same thing.
#ifndef CTRACE_REPORT_REPORT_CONTENT_H_
#define CTRACE_REPORT_REPORT_CONTENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/futile_wakeups.h"
#include "model/locks.h"
#include "model/metrics.h"
#include "model/model.h"
#include "model/self_check.h"
#include "model/task_concurrency.h"
#include "model/task_groups.h"
#include "model/task_metrics.h"

namespace ctrace {

inline constexpr uint32_t kTaskConcurrencySlices = 10;

struct ReportContent {
  std::string path;
  Model model;
  TraceMetrics metrics;
  TaskMetricsSet task_metrics;
  std::vector<TaskGroup> task_groups;  // tasks by process and name, most running first
  // M:N over time, per process with tasks, in kTaskConcurrencySlices slices of the trace.
  std::vector<ProcessTaskConcurrency> task_concurrency;
  SelfCheck self_check;
  std::vector<Lock> locks;                    // most contended first
  std::vector<WakeupGroup> wakeup_groups;     // most futile wakeups first
  std::vector<uint32_t> threads_by_cpu_time;  // thread indices, most CPU time first
  std::vector<uint32_t> process_order;        // process indices, parents before children
  std::vector<uint32_t> process_depth;        // by process index: depth in the tree
};

ReportContent MakeReportContent(std::string path, Model model);

// A finished process's or thread's exit as a shell reports it: the status for a normal exit,
// 128 + signal for a death by signal. nullopt while alive.
std::optional<int> ShellExitCode(const std::optional<int32_t>& raw);
// The terminating signal, if the exit was a death by signal.
std::optional<int> ExitSignal(const std::optional<int32_t>& raw);

}  // namespace ctrace

#endif  // CTRACE_REPORT_REPORT_CONTENT_H_
