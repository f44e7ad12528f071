#include "workloads/listen_socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_format.h"

namespace ctrace::workloads {

absl::StatusOr<UniqueFd> OpenListenSocket(const ListenSocketOptions& options) {
  int type = SOCK_STREAM | SOCK_CLOEXEC | (options.nonblocking ? SOCK_NONBLOCK : 0);
  UniqueFd fd(socket(AF_INET, type, 0));
  if (!fd.valid()) {
    return absl::InternalError(absl::StrFormat("socket: %s", std::strerror(errno)));
  }
  // SO_REUSEADDR lets a restarted server bind while old connections sit in TIME_WAIT; it
  // never lets two live listeners share a port (that takes SO_REUSEPORT on both).
  int one = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (options.reuse_port &&
      setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
    return absl::InternalError(absl::StrFormat("SO_REUSEPORT: %s", std::strerror(errno)));
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(options.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    if (err == EADDRINUSE) {
      return absl::UnavailableError(
          absl::StrFormat("cannot listen on 127.0.0.1:%d: port already in use", options.port));
    }
    return absl::InternalError(
        absl::StrFormat("cannot bind 127.0.0.1:%d: %s", options.port, std::strerror(err)));
  }
  // A deep backlog: the load client opens many connections at once, and a short queue would
  // turn into SYN retries that measure the backlog rather than the model.
  if (options.listen && listen(fd.get(), 1024) != 0) {
    return absl::InternalError(
        absl::StrFormat("cannot listen on 127.0.0.1:%d: %s", options.port, std::strerror(errno)));
  }
  return fd;
}

absl::StatusOr<int> BoundPort(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return absl::InternalError(absl::StrFormat("getsockname: %s", std::strerror(errno)));
  }
  return ntohs(addr.sin_port);
}

void AnnounceListening(int port) {
  std::printf("listening on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
}

}  // namespace ctrace::workloads
