// The per-connection job for the models that give each connection its own thread of control
// (fork, prefork, thread, pool): plain blocking calls, one after the other.
#ifndef CTRACE_WORKLOADS_BLOCKING_CONNECTION_H_
#define CTRACE_WORKLOADS_BLOCKING_CONNECTION_H_

#include "workloads/server_main.h"

namespace ctrace::workloads {

// Reads the request, opens the file, writes the head and the file; counts the response if
// it was written in full. The caller closes `fd`. A client that stalls is given
// up on after kIoTimeoutSeconds, so it cannot hold a worker forever; a client that
// disconnects only ends this connection.
inline constexpr int kIoTimeoutSeconds = 10;
void ServeBlockingConnection(int fd, const ServerContext& context);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_BLOCKING_CONNECTION_H_
