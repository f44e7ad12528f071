// ctrace-server-epoll: one thread, non-blocking sockets, one epoll loop. Every connection's
// progress lives in an explicit state record instead of on a thread's stack. A trace shows
// a single thread alternating between sleeping in epoll_wait and handling ready sockets.
#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/epoll_server_loop.h"
#include "workloads/server_main.h"

namespace ctrace::workloads {
namespace {

absl::Status ServeEpoll(ServerContext& context) {
  int flags = fcntl(context.listen_fd, F_GETFL);
  if (flags < 0 || fcntl(context.listen_fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return absl::InternalError(absl::StrFormat("fcntl: %s", std::strerror(errno)));
  }
  return RunEpollServerLoop(context.listen_fd, context);
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-epoll",
                   "epoll: one thread, non-blocking sockets and an epoll event loop.",
                   ListenMode::kShared, argc, argv, ServeEpoll);
}
