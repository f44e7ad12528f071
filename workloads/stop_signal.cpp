#include "workloads/stop_signal.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>

namespace ctrace::workloads {
namespace {

// Lock-free atomics are safe to touch from a signal handler.
std::atomic<int> stop_requested{0};
std::atomic<int> stop_listen_fd{-1};
std::atomic<int> stop_wake_fd{-1};
static_assert(std::atomic<int>::is_always_lock_free);

void OnStopSignal(int) {
  int saved_errno = errno;  // the interrupted code may be about to read errno
  RequestStop();
  errno = saved_errno;
}

}  // namespace

void InstallStopHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: accept/recv/epoll_wait return EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void RequestStop() {
  stop_requested.store(1);
  int listen_fd = stop_listen_fd.load();
  // shutdown() on a listening TCP socket stops it listening and wakes every accept() blocked
  // on it with EINVAL; the fd itself stays valid until closed.
  if (listen_fd >= 0) shutdown(listen_fd, SHUT_RDWR);
  int wake_fd = stop_wake_fd.load();
  if (wake_fd >= 0) {
    uint64_t one = 1;
    ssize_t ignored = write(wake_fd, &one, sizeof(one));
    (void)ignored;  // a full eventfd is already readable: nothing more to do
  }
}

bool StopRequested() { return stop_requested.load() != 0; }

void SetStopListenFd(int fd) { stop_listen_fd.store(fd); }

void SetStopWakeFd(int fd) { stop_wake_fd.store(fd); }

void ResetStopHandlersToDefault() {
  stop_listen_fd.store(-1);
  stop_wake_fd.store(-1);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGCHLD, SIG_DFL);
}

ScopedBlockStopSignals::ScopedBlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &set, &old_);
}

ScopedBlockStopSignals::~ScopedBlockStopSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

}  // namespace ctrace::workloads
