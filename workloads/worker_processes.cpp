#include "workloads/worker_processes.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/str_format.h"
#include "workloads/stop_signal.h"

namespace ctrace::workloads {

absl::Status WorkerProcesses::Start(int count, const char* name_prefix,
                                    const std::function<int(int)>& body) {
  std::fflush(stdout);
  for (int i = 0; i < count; ++i) {
    pid_t pid = fork();
    if (pid == 0) {
      // The thread name is what a trace and ps show for the process.
      prctl(PR_SET_NAME, absl::StrFormat("%s-%d", name_prefix, i).c_str());
      _exit(body(i));
    }
    if (pid < 0) {
      int err = errno;
      RequestStop();
      StopAll();
      for (pid_t p : pids_) waitpid(p, nullptr, 0);
      pids_.clear();
      return absl::InternalError(absl::StrFormat("fork: %s", std::strerror(err)));
    }
    pids_.push_back(pid);
  }
  return absl::OkStatus();
}

void WorkerProcesses::StopAll() {
  for (pid_t pid : pids_) kill(pid, SIGTERM);
}

absl::Status WorkerProcesses::Wait() {
  std::string failure;
  bool forwarded = false;
  while (!pids_.empty()) {
    if (StopRequested() && !forwarded) {
      StopAll();
      forwarded = true;
    }
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;  // a stop signal: forwarded at the top of the loop
      break;                         // ECHILD: nothing left to wait for
    }
    pids_.erase(std::remove(pids_.begin(), pids_.end(), pid), pids_.end());
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!StopRequested() && failure.empty()) {
      failure = WIFSIGNALED(status)
                    ? absl::StrFormat("worker %d killed by signal %d", pid, WTERMSIG(status))
                    : absl::StrFormat("worker %d exited with code %d", pid, WEXITSTATUS(status));
      RequestStop();
    } else if (!clean && failure.empty() && !WIFSIGNALED(status)) {
      failure =
          absl::StrFormat("worker %d exited with code %d while stopping", pid, WEXITSTATUS(status));
    }
  }
  if (!failure.empty()) return absl::InternalError(failure);
  return absl::OkStatus();
}

}  // namespace ctrace::workloads
