#include "workloads/blocking_connection.h"

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <string_view>

#include "workloads/http_request.h"
#include "workloads/http_response.h"
#include "workloads/stop_signal.h"

namespace ctrace::workloads {
namespace {

// A signal (the stop request) interrupts a blocking call with EINTR; carry on unless the
// server is stopping, so a stop does not wait out a slow client's timeout.
bool Retry() { return errno == EINTR && !StopRequested(); }

bool SendAll(int fd, std::string_view bytes, int flags) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), flags | MSG_NOSIGNAL);
    if (n < 0) {
      if (Retry()) continue;
      return false;  // EPIPE, ECONNRESET, timeout: the client is gone
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool SendFile(int socket_fd, int file_fd, uint64_t size) {
  off_t offset = 0;
  while (static_cast<uint64_t>(offset) < size) {
    ssize_t n = sendfile(socket_fd, file_fd, &offset, size - static_cast<uint64_t>(offset));
    if (n < 0) {
      if (Retry()) continue;
      return false;
    }
    if (n == 0) return false;  // the file shrank since it was opened
  }
  return true;
}

}  // namespace

void ServeBlockingConnection(int fd, const ServerContext& context) {
  timeval timeout{kIoTimeoutSeconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));

  // 1. Receive the request.
  RequestParser parser;
  char buf[4096];
  while (parser.status() == ParseStatus::kIncomplete) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n < 0 && Retry()) continue;
    if (n <= 0) return;  // closed, reset or timed out before a whole request head
    parser.Feed(std::string_view(buf, static_cast<size_t>(n)));
  }
  // 2. Open the file. 3. Write the head. 4. Write the file.
  ResponsePlan plan =
      PlanResponse(parser.status(), parser.request(), context.root_fd, context.name);
  // MSG_MORE holds the head back so it leaves in the same segment as the file's first bytes.
  if (!SendAll(fd, plan.head, plan.file.valid() ? MSG_MORE : 0)) return;
  if (!SendAll(fd, plan.body, 0)) return;
  if (plan.file.valid() && !SendFile(fd, plan.file.get(), plan.file_size)) return;
  context.counter->Count();
}

}  // namespace ctrace::workloads
