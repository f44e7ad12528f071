// The single-threaded event loop behind ctrace-server-epoll and each ctrace-server-epoll-
// workers process: non-blocking sockets, one epoll_wait, and an explicit state per
// connection recording where its request is, since no thread's stack remembers it.
#ifndef CTRACE_WORKLOADS_EPOLL_SERVER_LOOP_H_
#define CTRACE_WORKLOADS_EPOLL_SERVER_LOOP_H_

#include "absl/status/status.h"
#include "workloads/server_main.h"

namespace ctrace::workloads {

// Serves connections accepted from `listen_fd` (listening, non-blocking) until a stop is
// requested. Connections still open then are closed.
absl::Status RunEpollServerLoop(int listen_fd, const ServerContext& context);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_EPOLL_SERVER_LOOP_H_
