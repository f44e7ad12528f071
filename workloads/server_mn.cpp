// ctrace-server-mn: the M:N model. Each connection is a coroutine task, and the tasks run on
// N worker threads (--workers), each with its own epoll reactor and run queue; an idle worker
// steals ready tasks from a busy one (mn_scheduler.h). A trace shows N threads, a task per
// connection, and tasks that wait on one thread and continue on another.
#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/mn_scheduler.h"
#include "workloads/server_main.h"

namespace ctrace::workloads {
namespace {

absl::Status ServeMn(ServerContext& context) {
  int flags = fcntl(context.listen_fd, F_GETFL);
  if (flags < 0 || fcntl(context.listen_fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return absl::InternalError(absl::StrFormat("fcntl: %s", std::strerror(errno)));
  }
  MnScheduler scheduler(context.options.workers);
  return scheduler.Run(context.listen_fd, context);
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-mn",
                   "mn: coroutine tasks on N worker threads with per-worker reactors and "
                   "work stealing (M:N).",
                   ListenMode::kShared, argc, argv, ServeMn);
}
