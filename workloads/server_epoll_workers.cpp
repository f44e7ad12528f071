// ctrace-server-epoll-workers: N worker processes, each with its own SO_REUSEPORT listening
// socket on the same port and its own epoll loop (the nginx layout: multi-process plus event
// loop). The kernel spreads incoming connections over the sockets, so workers never contend
// for one accept queue. A trace shows N processes created once, each one thread alternating
// between epoll_wait and handling.
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/epoll_server_loop.h"
#include "workloads/listen_socket.h"
#include "workloads/server_main.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"
#include "workloads/worker_processes.h"

namespace ctrace::workloads {
namespace {

// What a worker tells the master once it listens (or fails to). One write of at most
// PIPE_BUF bytes, so reports from different workers never interleave.
struct ReadyReport {
  int ok = 0;
  char error[200] = {};
};
static_assert(sizeof(ReadyReport) <= PIPE_BUF);

int WorkerMain(const ServerContext& context, int ready_fd) {
  ListenSocketOptions options;
  options.port = context.options.port;
  options.reuse_port = true;
  options.nonblocking = true;
  absl::StatusOr<UniqueFd> socket = OpenListenSocket(options);
  ReadyReport report;
  report.ok = socket.ok();
  if (!socket.ok()) {
    std::snprintf(report.error, sizeof(report.error), "%s",
                  std::string(socket.status().message()).c_str());
  }
  ssize_t written = write(ready_fd, &report, sizeof(report));
  close(ready_fd);
  if (!socket.ok() || written != sizeof(report)) return 1;
  // This worker's stop (its own SIGTERM, forwarded by the master) shuts its own socket down.
  SetStopListenFd(socket->get());
  absl::Status status = RunEpollServerLoop(socket->get(), context);
  SetStopListenFd(-1);
  return status.ok() ? 0 : 1;
}

absl::Status ServeEpollWorkers(ServerContext& context) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrFormat("pipe: %s", std::strerror(errno)));
  }
  UniqueFd ready_read(ready[0]);
  UniqueFd ready_write(ready[1]);
  WorkerProcesses workers;
  absl::Status started = workers.Start(context.options.workers, "epoll-worker", [&](int) {
    ready_read.Reset();
    return WorkerMain(context, ready_write.Release());
  });
  if (!started.ok()) return started;
  ready_write.Reset();

  // Announce only once every worker listens: before that, a client could connect while no
  // socket is listening and be refused.
  std::string failure;
  for (int i = 0; i < context.options.workers; ++i) {
    ReadyReport report;
    ssize_t n;
    do {
      n = read(ready_read.get(), &report, sizeof(report));
    } while (n < 0 && errno == EINTR && !StopRequested());
    if (n != sizeof(report)) {
      // Interrupted by a stop request: nothing failed, the workers are being stopped.
      if (!StopRequested()) failure = "a worker exited before it was listening";
      break;
    }
    if (!report.ok && failure.empty()) failure = report.error;
  }
  if (!failure.empty()) {
    RequestStop();
    workers.StopAll();
    (void)workers.Wait();  // the reason is `failure`; the workers' exits add nothing
    return absl::UnavailableError(failure);
  }
  if (!StopRequested()) AnnounceListening(context.options.port);
  return workers.Wait();
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-epoll-workers",
                   "epoll-workers: N processes, each with its own SO_REUSEPORT socket and "
                   "epoll loop.",
                   ListenMode::kPerWorker, argc, argv, ServeEpollWorkers);
}
