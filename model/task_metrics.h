// What the tasks of a trace cost and did, per task, per process and in total (docs/tasks.md):
// the numbers the notes care about. A task switch is a resume; "task switches per context
// switch" sets them against the kernel's switches of the same threads: coroutine switches
// are not thread switches.
#ifndef CTRACE_MODEL_TASK_METRICS_H_
#define CTRACE_MODEL_TASK_METRICS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/model.h"

namespace ctrace {

struct TaskMetrics {
  uint64_t running_ns = 0;          // current on a thread that ran
  uint64_t waiting_for_cpu_ns = 0;  // current on a runnable thread
  uint64_t thread_blocked_ns = 0;   // current on a thread blocked in the kernel
  std::array<uint64_t, kBlockReasonCount> thread_blocked_by_reason{};
  uint64_t suspended_ns = 0;
  uint64_t resumes = 0;           // runs
  uint64_t migrations = 0;        // runs on another thread than the run before
  std::vector<uint32_t> threads;  // thread indices, in order of first run
};

struct TaskTotals {
  uint64_t tasks = 0;          // every task seen
  uint64_t tasks_created = 0;  // of those, created in the trace
  uint64_t peak_live_tasks = 0;
  uint64_t task_switches = 0;  // resumes
  // Context switches of the threads that ran tasks, for the ratio below.
  uint64_t context_switches = 0;
  std::optional<double> task_switches_per_context_switch;
  uint64_t migrations = 0;
  uint64_t running_ns = 0;
  uint64_t thread_blocked_ns = 0;
  uint64_t suspended_ns = 0;
  uint32_t threads_running_tasks = 0;
};

struct TaskMetricsSet {
  std::vector<TaskMetrics> tasks;     // by task index
  std::vector<TaskTotals> processes;  // by process index
  TaskTotals total;
};

TaskMetricsSet ComputeTaskMetrics(const Model& model);

}  // namespace ctrace

#endif  // CTRACE_MODEL_TASK_METRICS_H_
