// The task probes (include/ctrace/task.h) as the coroutine servers place them: a connection's
// coroutine is a task, created when its connection is accepted, resumed whenever a reactor
// resumes it, suspended at each co_await that parks it, ended when it returns. Which task a
// thread runs is thread-local, so the M:N server's workers each keep their own.
#ifndef CTRACE_WORKLOADS_TASK_MARKS_H_
#define CTRACE_WORKLOADS_TASK_MARKS_H_

#include <atomic>
#include <cstdint>

#include "ctrace/task.h"

namespace ctrace::workloads {

class TaskMarks {
 public:
  // A new task (it runs once a thread resumes it).
  static uint64_t Create(const char* name) {
    static std::atomic<uint64_t> next{1};
    const uint64_t id = next.fetch_add(1, std::memory_order_relaxed);
    CTRACE_TASK_CREATE(id, 0, name);
    return id;
  }
  // This thread runs task `id` now (0: an unmarked coroutine, like the accept loop).
  static void Resume(uint64_t id) {
    current_ = id;
    if (id != 0) CTRACE_TASK_RESUME(id);
  }
  // The current task parks (its co_await suspended it).
  static void Suspend() {
    if (current_ != 0) CTRACE_TASK_SUSPEND(current_);
    current_ = 0;
  }
  // The current task returned.
  static void End() {
    if (current_ != 0) CTRACE_TASK_END(current_);
    current_ = 0;
  }
  static uint64_t Current() { return current_; }

 private:
  static inline thread_local uint64_t current_ = 0;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_TASK_MARKS_H_
