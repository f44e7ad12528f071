#include "collector/launcher.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"

extern char** environ;

namespace ctrace {
namespace {

// Stages at which the child can fail, sent with its errno so the message says which.
enum ChildStage : int { kStageDropPrivileges = 1, kStageExec = 2 };

struct ChildError {
  int stage;
  int err;
};

absl::Status ExecError(const std::string& path, int err) {
  std::string message = absl::StrFormat("%s: %s", path, std::strerror(err));
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(message);
  return absl::PermissionDeniedError(message);
}

// Only async-signal-safe calls between fork and exec.
[[noreturn]] void RunChild(const char* path, char* const argv[], char* const envp[],
                           const InvokingUser* user, int go_fd, int error_fd) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  if (user != nullptr) {
    const bool groups_ok = user->name.empty() ? setgroups(0, nullptr) == 0
                                              : initgroups(user->name.c_str(), user->gid) == 0;
    if (!groups_ok || setgid(user->gid) != 0 || setuid(user->uid) != 0) {
      ChildError e{kStageDropPrivileges, errno};
      (void)!write(error_fd, &e, sizeof(e));
      _exit(126);
    }
  }
  char go = 0;
  ssize_t n;
  do {
    n = read(go_fd, &go, 1);
  } while (n < 0 && errno == EINTR);
  if (n != 1) _exit(125);  // ctrace went away before the probes were ready: run nothing
  execve(path, argv, envp);
  ChildError e{kStageExec, errno};
  (void)!write(error_fd, &e, sizeof(e));
  _exit(errno == ENOENT ? 127 : 126);
}

// ctrace's environment, except that a program run as the sudo user gets that user's HOME,
// USER and LOGNAME (sudo set them to root's), so it finds its own files.
std::vector<std::string> ProgramEnvironment(const std::optional<InvokingUser>& user) {
  std::vector<std::string> env;
  const bool as_user = user && !user->name.empty();
  for (char** e = environ; *e != nullptr; ++e) {
    const absl::string_view entry = *e;
    if (as_user && (absl::StartsWith(entry, "HOME=") || absl::StartsWith(entry, "USER=") ||
                    absl::StartsWith(entry, "LOGNAME="))) {
      continue;
    }
    env.emplace_back(entry);
  }
  if (as_user) {
    env.push_back("HOME=" + user->home);
    env.push_back("USER=" + user->name);
    env.push_back("LOGNAME=" + user->name);
  }
  return env;
}

}  // namespace

absl::StatusOr<std::string> ResolveProgram(const std::string& name) {
  if (name.empty()) return absl::NotFoundError("empty program name");
  auto check = [](const std::string& path) -> absl::Status {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return ExecError(path, errno);
    if (S_ISDIR(st.st_mode)) return absl::PermissionDeniedError(path + ": is a directory");
    if ((st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0) {
      return absl::PermissionDeniedError(path + ": Permission denied (not executable)");
    }
    return absl::OkStatus();
  };
  if (name.find('/') != std::string::npos) {
    RETURN_IF_ERROR(check(name));
    return name;
  }
  const char* path_env = std::getenv("PATH");
  std::string search = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
  absl::Status first_error = absl::NotFoundError(name + ": command not found");
  for (absl::string_view dir : absl::StrSplit(search, ':')) {
    std::string candidate = absl::StrCat(dir.empty() ? "." : dir, "/", name);
    absl::Status s = check(candidate);
    if (s.ok()) return candidate;
    // A match that is not executable is remembered (126), as a shell does, unless a later
    // directory has a good one.
    if (absl::IsPermissionDenied(s) && absl::IsNotFound(first_error)) first_error = s;
  }
  return first_error;
}

int ExitCodeForLaunchError(const absl::Status& status) {
  return absl::IsNotFound(status) ? 127 : 126;
}

absl::StatusOr<HeldChild> HeldChild::Start(const std::string& path,
                                           const std::vector<std::string>& argv,
                                           const std::optional<InvokingUser>& user) {
  int go[2];
  int error[2];
  if (pipe2(go, O_CLOEXEC) != 0) return absl::InternalError("pipe2 failed");
  if (pipe2(error, O_CLOEXEC) != 0) {
    close(go[0]);
    close(go[1]);
    return absl::InternalError("pipe2 failed");
  }
  // Everything the child needs is built before fork: no allocation after it.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::vector<std::string> env = ProgramEnvironment(user);
  std::vector<char*> envp;
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    for (int fd : {go[0], go[1], error[0], error[1]}) close(fd);
    return absl::ResourceExhaustedError(absl::StrFormat("fork failed: %s", std::strerror(err)));
  }
  if (pid == 0) {
    close(go[1]);
    close(error[0]);
    RunChild(path.c_str(), args.data(), envp.data(), user ? &*user : nullptr, go[0], error[1]);
  }
  close(go[0]);
  close(error[1]);
  return HeldChild(pid, go[1], error[0], path);
}

HeldChild::HeldChild(HeldChild&& other) noexcept
    : pid_(other.pid_), go_fd_(other.go_fd_), error_fd_(other.error_fd_), path_(other.path_) {
  other.go_fd_ = -1;
  other.error_fd_ = -1;
}

HeldChild::~HeldChild() {
  if (go_fd_ >= 0) close(go_fd_);
  if (error_fd_ >= 0) close(error_fd_);
}

absl::Status HeldChild::Release() {
  char go = 1;
  if (write(go_fd_, &go, 1) != 1) {
    // The child is already gone: it failed to drop privileges. Its error is in the pipe.
  }
  close(go_fd_);
  go_fd_ = -1;
  ChildError e{0, 0};
  ssize_t n;
  do {
    n = read(error_fd_, &e, sizeof(e));  // EOF (0) once exec has closed the CLOEXEC end
  } while (n < 0 && errno == EINTR);
  close(error_fd_);
  error_fd_ = -1;
  if (n != static_cast<ssize_t>(sizeof(e))) return absl::OkStatus();
  waitpid(pid_, nullptr, 0);
  if (e.stage == kStageDropPrivileges) {
    return absl::PermissionDeniedError(
        absl::StrFormat("cannot switch to the invoking user: %s", std::strerror(e.err)));
  }
  return ExecError(path_, e.err);
}

}  // namespace ctrace
