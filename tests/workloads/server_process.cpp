#include "tests/workloads/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace ctrace::testing {
namespace {

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int DecodeStatus(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::vector<std::string>& argv,
                                                    std::string* error) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    *error = "pipe failed";
    return nullptr;
  }
  std::vector<char*> c_argv;
  for (const std::string& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
  c_argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group: the final kill reaches every worker and child
    dup2(out[1], 1);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    execv(c_argv[0], c_argv.data());
    _exit(127);
  }
  close(out[1]);
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  server->pid_ = pid;
  server->out_fd_ = out[0];
  // Also set here: the group must exist before anything below may kill it.
  setpgid(pid, pid);

  const double deadline = Now() + 10;
  const std::string marker = "listening on 127.0.0.1:";
  while (Now() < deadline) {
    server->DrainOutput(100);
    size_t at = server->out_.find(marker);
    if (at != std::string::npos) {
      size_t eol = server->out_.find('\n', at);
      if (eol != std::string::npos) {
        server->port_ = std::atoi(server->out_.c_str() + at + marker.size());
        return server;
      }
    }
    if (!server->Running()) break;
  }
  *error = "server did not announce its port; exit code " +
           std::to_string(server->exited_ ? server->exit_code_ : -1) + ", stdout: " + server->out_;
  return nullptr;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    // Whatever the test did, nothing of the server's group outlives it.
    kill(-pid_, SIGKILL);
    if (!exited_) waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

bool ServerProcess::Running() {
  if (exited_) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exited_ = true;
    exit_code_ = DecodeStatus(status);
    return false;
  }
  return true;
}

void ServerProcess::DrainOutput(int timeout_ms) {
  if (out_fd_ < 0) return;
  pollfd p{out_fd_, POLLIN, 0};
  while (poll(&p, 1, timeout_ms) > 0) {
    char buf[4096];
    ssize_t n = read(out_fd_, buf, sizeof(buf));
    if (n <= 0) {
      close(out_fd_);
      out_fd_ = -1;
      return;
    }
    out_.append(buf, static_cast<size_t>(n));
    timeout_ms = 0;
  }
}

int ServerProcess::WaitForExit(int seconds) {
  const double deadline = Now() + seconds;
  while (Running() && Now() < deadline) DrainOutput(20);
  if (Running()) return -1;
  DrainOutput(100);
  return exit_code_;
}

int ServerProcess::Stop(int sig) {
  if (!Running()) return exit_code_;
  kill(pid_, sig);
  int code = WaitForExit(15);
  if (code == -1) {
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exited_ = true;
    exit_code_ = -1;
  }
  return exit_code_;
}

bool ServerProcess::GroupGone() const {
  const double deadline = Now() + 5;
  while (Now() < deadline) {
    if (kill(-pid_, 0) != 0 && errno == ESRCH) return true;
    usleep(10000);
  }
  return false;
}

const std::string& ServerProcess::out() {
  DrainOutput(0);
  return out_;
}

}  // namespace ctrace::testing
