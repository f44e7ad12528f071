// What /proc says about a process that is already running, for `ctrace record -p`.
#ifndef CTRACE_COLLECTOR_PROC_SNAPSHOT_H_
#define CTRACE_COLLECTOR_PROC_SNAPSHOT_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ctrace {

struct ProcThread {
  pid_t tid;
  std::string comm;
};

struct ProcProcess {
  pid_t pid;
  pid_t ppid;
  std::string comm;
  std::vector<std::string> cmdline;
  std::vector<ProcThread> threads;
};

// NotFound if there is no such process.
absl::StatusOr<ProcProcess> ReadProcProcess(pid_t pid);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_PROC_SNAPSHOT_H_
