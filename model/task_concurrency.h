// M:N over time: how many user-level tasks a process keeps alive against how many of its
// kernel threads run them, slice by slice of the trace. A goroutine server holds thousands
// of goroutines on a handful of threads, a coroutine server one thread for all, and the ratio
// moves with the load: a single figure for the whole trace would hide that.
#ifndef CTRACE_MODEL_TASK_CONCURRENCY_H_
#define CTRACE_MODEL_TASK_CONCURRENCY_H_

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ctrace {

struct TaskConcurrencySlice {
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
  double live_tasks = 0;  // tasks alive, on average over the slice: N
  uint64_t peak_live_tasks = 0;
  double current_tasks = 0;  // tasks current on some thread, on average: threads busy with tasks
  uint32_t threads = 0;      // threads that ran a task in the slice: M
};

struct ProcessTaskConcurrency {
  uint32_t process = 0;  // index into Model::processes
  std::vector<TaskConcurrencySlice> slices;
};

// For every process with tasks (in process index order), the span of its tasks (from the
// first one's appearance to the last one's end, or the trace's end) cut into `slices` equal
// slices, the last taking the remainder (fewer if the span is shorter than that many ns).
std::vector<ProcessTaskConcurrency> ComputeTaskConcurrency(const Model& model, uint32_t slices);

}  // namespace ctrace

#endif  // CTRACE_MODEL_TASK_CONCURRENCY_H_
