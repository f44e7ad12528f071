#include "workloads/accept_loop.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/stop_signal.h"

namespace ctrace::workloads {
namespace {

UniqueFd OpenSpare() { return UniqueFd(open("/dev/null", O_RDONLY | O_CLOEXEC)); }

}  // namespace

absl::StatusOr<UniqueFd> AcceptNext(int listen_fd, const AcceptOptions& options) {
  while (!StopRequested()) {
    if (options.before_each) options.before_each();
    UniqueFd connection(accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC));
    if (connection.valid()) return connection;
    if (errno == EINTR || errno == ECONNABORTED) continue;
    // EINVAL: the stop handler (of this process, or of another sharing the socket) shut the
    // socket down.
    if (StopRequested() || (options.shared_with_other_processes && errno == EINVAL)) break;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      usleep(10000);
      continue;
    }
    return absl::InternalError(absl::StrFormat("accept: %s", std::strerror(errno)));
  }
  return UniqueFd();
}

NonblockingAcceptor::NonblockingAcceptor(int listen_fd)
    : listen_fd_(listen_fd), spare_(OpenSpare()) {}

int NonblockingAcceptor::Accept() {
  for (;;) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0 || !((errno == EMFILE || errno == ENFILE) && spare_.valid())) return fd;
    spare_.Reset();
    int dropped = accept(listen_fd_, nullptr, nullptr);
    if (dropped >= 0) close(dropped);
    spare_ = OpenSpare();
  }
}

}  // namespace ctrace::workloads
