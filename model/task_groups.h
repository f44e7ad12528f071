// A process's tasks grouped by name: a Go server's thousand goroutines are a few start
// functions (main.serve, net/http.(*conn).serve), and what each kind costs and waits for is
// what a reader wants before any single goroutine.
#ifndef CTRACE_MODEL_TASK_GROUPS_H_
#define CTRACE_MODEL_TASK_GROUPS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "model/model.h"
#include "model/task_metrics.h"

namespace ctrace {

inline constexpr uint32_t kNotYetRun = 0xFFFFFFFF;

struct TaskGroup {
  uint32_t process = 0;  // index into Model::processes
  TaskSource source = TaskSource::kProbes;
  uint32_t name = 0;  // string id (0: unnamed)
  uint64_t tasks = 0;
  uint64_t running_ns = 0;
  uint64_t suspended_ns = 0;
  uint64_t resumes = 0;
  uint64_t migrations = 0;
  // Suspended time by the reason its suspension gave (string id; 0: none given;
  // kNotYetRun: from its creation to its first run), the most first. A suspension lasts
  // from a run's end to the next run, or to the task's end.
  std::vector<std::pair<uint32_t, uint64_t>> suspended_by_reason;
};

// Every (process, source, name) with its tasks' totals, the most running time first.
std::vector<TaskGroup> GroupTasksByName(const Model& model, const TaskMetricsSet& metrics);

}  // namespace ctrace

#endif  // CTRACE_MODEL_TASK_GROUPS_H_
