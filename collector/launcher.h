// Starts the program to trace as a child that waits, stopped at a pipe, until the probes
// are attached and its pid is tracked, so the trace starts at the program's first
// instruction (its execve is the first thing recorded).
#ifndef CTRACE_COLLECTOR_LAUNCHER_H_
#define CTRACE_COLLECTOR_LAUNCHER_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "collector/privileges.h"

namespace ctrace {

// Finds `name` the way a shell does (PATH search unless it contains a '/'). NotFound means
// the shell's exit code 127, PermissionDenied 126.
absl::StatusOr<std::string> ResolveProgram(const std::string& name);

// The exit code a shell uses for a program that could not be started with this status.
int ExitCodeForLaunchError(const absl::Status& status);

class HeldChild {
 public:
  // Forks; the child drops to `user` (if any), then waits for Release() before exec.
  static absl::StatusOr<HeldChild> Start(const std::string& path,
                                         const std::vector<std::string>& argv,
                                         const std::optional<InvokingUser>& user);
  HeldChild(HeldChild&& other) noexcept;
  HeldChild& operator=(HeldChild&&) = delete;
  ~HeldChild();

  pid_t pid() const { return pid_; }
  // Lets the child exec. Fails (and the child has exited) if dropping privileges or exec
  // failed; the status then names the program and the reason.
  absl::Status Release();

 private:
  HeldChild(pid_t pid, int go_fd, int error_fd, std::string path)
      : pid_(pid), go_fd_(go_fd), error_fd_(error_fd), path_(std::move(path)) {}
  pid_t pid_;
  int go_fd_;     // write end: one byte lets the child exec; closing it makes the child exit
  int error_fd_;  // read end: the child writes its errno here if it cannot exec
  std::string path_;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_LAUNCHER_H_
