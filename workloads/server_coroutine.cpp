// ctrace-server-coroutine: C++20 coroutines on an epoll reactor, all in one thread. Each
// connection is a coroutine written like the blocking version (read, open, write head,
// write file), but every "would block" is a co_await that parks its frame and returns to
// the reactor. A trace shows one thread serving C connections at once with no thread
// created per connection and no switches between threads; each connection's coroutine is a
// task (its probes: task_marks.h), so the trace shows them too, all on the one thread.
#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/accept_loop.h"
#include "workloads/coro_http.h"
#include "workloads/coro_reactor.h"
#include "workloads/coro_task.h"
#include "workloads/server_main.h"
#include "workloads/task_marks.h"

namespace ctrace::workloads {
namespace {

Task<> AcceptLoop(Reactor& reactor, int listen_fd, const ServerContext& context) {
  NonblockingAcceptor acceptor(listen_fd);
  for (;;) {
    int fd = acceptor.Accept();
    if (fd >= 0) {
      // Runs the new connection up to its first co_await, then comes back here.
      Spawn(ServeClient(reactor, fd, context, TaskMarks::Create("connection")));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      bool readable = co_await reactor.Readable(listen_fd);
      if (!readable) break;
    } else if (errno != EINTR && errno != ECONNABORTED) {
      break;  // EINVAL: the stop request shut the socket down
    }
  }
  reactor.Forget(listen_fd);
}

absl::Status ServeCoroutine(ServerContext& context) {
  int flags = fcntl(context.listen_fd, F_GETFL);
  if (flags < 0 || fcntl(context.listen_fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return absl::InternalError(absl::StrFormat("fcntl: %s", std::strerror(errno)));
  }
  Reactor reactor;
  absl::Status status = reactor.Init();
  if (!status.ok()) return status;
  Spawn(AcceptLoop(reactor, context.listen_fd, context));
  return reactor.Run();
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-coroutine",
                   "coroutine: C++20 coroutines on an epoll reactor in one thread.",
                   ListenMode::kShared, argc, argv, ServeCoroutine);
}
