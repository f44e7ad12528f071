// ctrace-server-prefork: Apache's prefork model. The master forks N worker processes up
// front; each blocks in accept() on the listening socket they all inherited, and the kernel
// hands each connection to one of them. A trace shows N processes created once, then none
// per request, and the workers sleeping in accept between requests.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

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
  while (!StopRequested()) {
    UniqueFd connection(accept4(context.listen_fd, nullptr, nullptr, SOCK_CLOEXEC));
    if (!connection.valid()) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (StopRequested() || errno == EINVAL) return 0;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        usleep(10000);
        continue;
      }
      return 1;
    }
    ServeBlockingConnection(connection.get(), context);
  }
  return 0;
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
