// ctrace-server-pool: a fixed pool of N worker threads, created once at start, fed accepted
// connections through a mutex + condition-variable queue by the main (accepting) thread.
// A trace shows exactly N clones at start and none per request; idle workers block in
// futex, and each accept is followed by a wakeup of one worker.
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "workloads/accept_loop.h"
#include "workloads/blocking_connection.h"
#include "workloads/connection_queue.h"
#include "workloads/connection_registry.h"
#include "workloads/server_main.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

void Worker(int index, ConnectionQueue& queue, ConnectionRegistry& registry,
            const ServerContext& context) {
  pthread_setname_np(pthread_self(), absl::StrFormat("pool-%d", index).c_str());
  while (std::optional<int> fd = queue.Pop()) {
    if (registry.Add(*fd)) {
      ServeBlockingConnection(*fd, context);
      registry.Remove(*fd);  // before close, so a stop never shuts down a reused fd
    }
    close(*fd);
  }
}

absl::Status ServePool(ServerContext& context) {
  // A few connections per worker may wait; beyond that the listen backlog holds them.
  ConnectionQueue queue(static_cast<size_t>(context.options.workers) * 4);
  ConnectionRegistry registry;
  std::vector<std::thread> workers;
  {
    // Workers inherit a mask that leaves SIGINT/SIGTERM to the accepting thread.
    ScopedBlockStopSignals blocked;
    for (int i = 0; i < context.options.workers; ++i) {
      workers.emplace_back(Worker, i, std::ref(queue), std::ref(registry), std::cref(context));
    }
  }

  absl::Status status;
  while (true) {
    absl::StatusOr<UniqueFd> connection = AcceptNext(context.listen_fd);
    if (!connection.ok()) status = connection.status();
    if (!connection.ok() || !connection->valid()) break;
    if (queue.Push(connection->get())) connection->Release();
  }
  // Stop taking work, cut off connections in progress, and let every worker finish: a clean
  // stop joins every thread the pool created.
  queue.Close();
  registry.ShutdownAll();
  for (std::thread& t : workers) t.join();
  return status;
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-pool",
                   "pool: N threads created at start take connections from a queue the "
                   "accepting thread fills.",
                   ListenMode::kShared, argc, argv, ServePool);
}
