// ctrace-server-thread: a thread per connection. The main thread accepts and starts a
// detached thread for each connection, which serves it and ends. A trace shows one clone
// of a thread (not a process: same address space, CLONE_VM) per request.
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <system_error>
#include <thread>

#include "workloads/accept_loop.h"
#include "workloads/blocking_connection.h"
#include "workloads/connection_registry.h"
#include "workloads/server_main.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

absl::Status ServeThread(ServerContext& context) {
  ConnectionRegistry registry;
  absl::Status status;
  while (true) {
    absl::StatusOr<UniqueFd> next = AcceptNext(context.listen_fd);
    if (!next.ok()) status = next.status();
    if (!next.ok() || !next->valid()) break;
    UniqueFd connection = *std::move(next);
    int fd = connection.get();
    if (!registry.Add(fd)) break;
    try {
      // Created with the stop signals blocked, so the thread inherits a mask that leaves
      // them to the main thread, which is the one blocked in accept().
      ScopedBlockStopSignals blocked;
      std::thread([fd, &context, &registry] {
        pthread_setname_np(pthread_self(), "conn");
        ServeBlockingConnection(fd, context);
        registry.Remove(fd);  // before close, so a stop never shuts down a reused fd
        close(fd);
      }).detach();
      connection.Release();  // the thread owns it now
    } catch (const std::system_error&) {
      registry.Remove(fd);  // EAGAIN: no more threads; drop this connection (closed below)
    }
  }
  // Detached threads cannot be joined, so wait for their connections instead: `registry`
  // and `context` must outlive them. Shut down, a connection ends within milliseconds.
  registry.ShutdownAll();
  if (!registry.WaitUntilEmpty(std::chrono::seconds(kIoTimeoutSeconds + 1))) {
    return absl::DeadlineExceededError("connection threads did not finish after stop");
  }
  return status;
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-thread",
                   "thread: the main thread accepts; a new thread serves each connection.",
                   ListenMode::kShared, argc, argv, ServeThread);
}
