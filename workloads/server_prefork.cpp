// ctrace-server-prefork: Apache's prefork model. The master forks N worker processes up
// front; each blocks in accept() on the listening socket they all inherited, and the kernel
// hands each connection to one of them. A trace shows N processes created once, then none
// per request, and the workers sleeping in accept between requests.
#include <sys/socket.h>
#include <unistd.h>

#include "workloads/accept_loop.h"
#include "workloads/blocking_connection.h"
#include "workloads/server_main.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"
#include "workloads/worker_processes.h"

namespace ctrace::workloads {
namespace {

// A worker: accept and serve until the listening socket is shut down. It keeps the
// inherited stop handler: a stop in any process shuts down the one shared listening socket,
// which wakes every worker's accept() with EINVAL.
int WorkerLoop(const ServerContext& context) {
  AcceptOptions accept;
  accept.shared_with_other_processes = true;
  while (true) {
    absl::StatusOr<UniqueFd> connection = AcceptNext(context.listen_fd, accept);
    if (!connection.ok()) return 1;
    if (!connection->valid()) return 0;
    ServeBlockingConnection(connection->get(), context);
  }
}

absl::Status ServePrefork(ServerContext& context) {
  WorkerProcesses workers;
  absl::Status started = workers.Start(context.options.workers, "prefork",
                                       [&context](int) { return WorkerLoop(context); });
  if (!started.ok()) return started;
  // The master itself never accepts; it only waits for its workers.
  return workers.Wait();
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-prefork",
                   "prefork: N worker processes, forked at start, each blocking in accept().",
                   ListenMode::kShared, argc, argv, ServePrefork);
}
