#include "collector/signal_watcher.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

namespace ctrace {

SignalWatcher::SignalWatcher() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&set, sig);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  fd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  // A write to a closed pipe must become an error, not kill the recorder mid-trace.
  signal(SIGPIPE, SIG_IGN);
}

SignalWatcher::~SignalWatcher() {
  if (fd_ >= 0) close(fd_);
}

std::vector<signalfd_siginfo> SignalWatcher::Wait(int timeout_ms) {
  std::vector<signalfd_siginfo> got;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return got;
  signalfd_siginfo info;
  while (read(fd_, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) got.push_back(info);
  return got;
}

}  // namespace ctrace
