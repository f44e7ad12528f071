// How every server stops: SIGINT or SIGTERM sets a flag and also makes whatever the server
// is blocked in return, so it notices promptly. A flag alone is not enough: a signal that
// lands just before accept() or epoll_wait() would leave the server asleep until the next
// connection.
#ifndef CTRACE_WORKLOADS_STOP_SIGNAL_H_
#define CTRACE_WORKLOADS_STOP_SIGNAL_H_

#include <signal.h>

namespace ctrace::workloads {

// Installs the SIGINT/SIGTERM handler (without SA_RESTART, so blocking calls return EINTR)
// and ignores SIGPIPE: a client that disconnects mid-response must only make the write fail
// with EPIPE, never kill the server.
void InstallStopHandlers();

// What the handler does; also called when --requests is reached. Async-signal-safe.
void RequestStop();
bool StopRequested();

// On stop, shutdown(2) this listening socket: a thread blocked in accept() on it (in any
// process sharing it) returns EINVAL at once, and later accepts fail immediately.
void SetStopListenFd(int fd);
// On stop, write 1 to this eventfd: an event loop that watches it wakes up.
void SetStopWakeFd(int fd);

// In a forked child that serves one connection: SIGINT/SIGTERM go back to their default
// action (terminate), since the child's handler must not shut down the parent's socket.
void ResetStopHandlersToDefault();

// Blocks SIGINT, SIGTERM and SIGCHLD in the calling thread for its lifetime. Threads created
// meanwhile inherit the mask, so the signals always reach the main thread, the one that
// knows how to stop.
class ScopedBlockStopSignals {
 public:
  ScopedBlockStopSignals();
  ~ScopedBlockStopSignals();
  ScopedBlockStopSignals(const ScopedBlockStopSignals&) = delete;
  ScopedBlockStopSignals& operator=(const ScopedBlockStopSignals&) = delete;

 private:
  sigset_t old_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_STOP_SIGNAL_H_
