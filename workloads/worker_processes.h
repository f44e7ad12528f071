// The master side of the multi-process models (prefork, epoll-workers): fork N workers up
// front, then sleep in wait4 until they exit, forwarding a stop request to them.
#ifndef CTRACE_WORKLOADS_WORKER_PROCESSES_H_
#define CTRACE_WORKLOADS_WORKER_PROCESSES_H_

#include <sys/types.h>

#include <functional>
#include <vector>

#include "absl/status/status.h"

namespace ctrace::workloads {

class WorkerProcesses {
 public:
  // Forks `count` children; child i runs body(i) and exits with its result (via _exit, so
  // the master's stdio buffers are never flushed twice). Each child is named `name_prefix`-i.
  // On a failed fork the ones already started are stopped and reaped.
  absl::Status Start(int count, const char* name_prefix, const std::function<int(int)>& body);

  // Sends SIGTERM to every worker still running.
  void StopAll();

  // Waits until every worker has exited. On a stop request (SIGINT/SIGTERM to the master) it
  // passes SIGTERM on. A worker that exits while the server is not stopping is a failure:
  // the others are stopped and the error says which worker and how it ended.
  absl::Status Wait();

 private:
  std::vector<pid_t> pids_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_WORKER_PROCESSES_H_
