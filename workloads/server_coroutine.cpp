// ctrace-server-coroutine: C++20 coroutines on an epoll reactor, all in one thread. Each
// connection is a coroutine written like the blocking version (read, open, write head,
// write file), but every "would block" is a co_await that parks its frame and returns to
// the reactor. A trace shows one thread serving C connections at once with no thread
// created per connection and no switches between threads.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "absl/strings/str_format.h"
#include "workloads/accept_loop.h"
#include "workloads/coro_reactor.h"
#include "workloads/coro_task.h"
#include "workloads/http_request.h"
#include "workloads/http_response.h"
#include "workloads/server_main.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

// A connection's socket: leaves the reactor before it is closed, however the coroutine ends.
class ReactorSocket {
 public:
  ReactorSocket(Reactor& reactor, int fd) : reactor_(reactor), fd_(fd) {}
  ~ReactorSocket() { reactor_.Forget(fd_.get()); }
  ReactorSocket(const ReactorSocket&) = delete;
  ReactorSocket& operator=(const ReactorSocket&) = delete;
  int get() const { return fd_.get(); }

 private:
  Reactor& reactor_;
  UniqueFd fd_;
};

Task<bool> SendAll(Reactor& reactor, int fd, std::string_view bytes, bool more_follows) {
  while (!bytes.empty()) {
    int flags = MSG_NOSIGNAL | (more_follows ? MSG_MORE : 0);
    ssize_t n = send(fd, bytes.data(), bytes.size(), flags);
    if (n >= 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      bool writable = co_await reactor.Writable(fd);
      if (!writable) co_return false;
    } else if (errno != EINTR) {
      co_return false;  // EPIPE / ECONNRESET: the client left
    }
  }
  co_return true;
}

Task<bool> SendFile(Reactor& reactor, int fd, int file_fd, uint64_t size) {
  off_t offset = 0;
  while (static_cast<uint64_t>(offset) < size) {
    ssize_t n = sendfile(fd, file_fd, &offset, size - static_cast<uint64_t>(offset));
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      bool writable = co_await reactor.Writable(fd);
      if (!writable) co_return false;
    } else if (n == 0 || errno != EINTR) {
      co_return false;
    }
  }
  co_return true;
}

Task<> ServeClient(Reactor& reactor, int fd, const ServerContext& context) {
  ReactorSocket socket(reactor, fd);
  // 1. Receive the request.
  RequestParser parser;
  char buf[4096];
  while (parser.status() == ParseStatus::kIncomplete) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n > 0) {
      parser.Feed(std::string_view(buf, static_cast<size_t>(n)));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      bool readable = co_await reactor.Readable(fd);
      if (!readable) co_return;
    } else if (n == 0 || errno != EINTR) {
      co_return;  // closed or reset before a whole request head
    }
  }
  // 2. Open the file. 3. Write the head. 4. Write the file.
  ResponsePlan plan =
      PlanResponse(parser.status(), parser.request(), context.root_fd, context.name);
  // Each co_await gets its own statement: GCC 12 has mishandled coroutine temporaries inside
  // larger conditions, and the plain form costs nothing.
  bool sent = co_await SendAll(reactor, fd, plan.head, plan.file.valid());
  if (sent) sent = co_await SendAll(reactor, fd, plan.body, false);
  if (sent && plan.file.valid()) {
    sent = co_await SendFile(reactor, fd, plan.file.get(), plan.file_size);
  }
  if (sent) context.counter->Count();
}

Task<> AcceptLoop(Reactor& reactor, int listen_fd, const ServerContext& context) {
  NonblockingAcceptor acceptor(listen_fd);
  for (;;) {
    int fd = acceptor.Accept();
    if (fd >= 0) {
      // Runs the new connection up to its first co_await, then comes back here.
      Spawn(ServeClient(reactor, fd, context));
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
