// The servers' listening sockets: TCP on 127.0.0.1 only, so a workload never exposes files
// beyond the machine it is traced on.
#ifndef CTRACE_WORKLOADS_LISTEN_SOCKET_H_
#define CTRACE_WORKLOADS_LISTEN_SOCKET_H_

#include "absl/status/statusor.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

struct ListenSocketOptions {
  int port = 0;
  // SO_REUSEPORT: several sockets, one per worker, share the port and the kernel spreads
  // incoming connections over them (epoll-workers).
  bool reuse_port = false;
  // Bind only. A bound socket that never listens reserves the port (and, with port 0, learns
  // which one the kernel picked) without receiving any connection.
  bool listen = true;
  bool nonblocking = false;
};

absl::StatusOr<UniqueFd> OpenListenSocket(const ListenSocketOptions& options);

// The local port a bound socket has.
absl::StatusOr<int> BoundPort(int fd);

// Prints "listening on 127.0.0.1:PORT" and flushes, so a test or script reading the pipe can
// connect as soon as it sees the line.
void AnnounceListening(int port);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_LISTEN_SOCKET_H_
