#include "workloads/http_fetch.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

FetchResult Failed(FetchOutcome outcome, std::string what) {
  FetchResult r;
  r.outcome = outcome;
  r.error = std::move(what);
  return r;
}

std::string ErrnoText(const char* call) {
  int err = errno;
  if (err == EAGAIN || err == EWOULDBLOCK) return std::string(call) + ": timed out";
  return std::string(call) + ": " + std::strerror(err);
}

// The Content-Length value in a response head, or -1 if there is none.
int64_t ContentLength(std::string_view head) {
  size_t pos = 0;
  while ((pos = head.find('\n', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view line = head.substr(pos, head.find('\n', pos) - pos);
    constexpr std::string_view kName = "content-length:";
    if (line.size() < kName.size()) continue;
    std::string name(line.substr(0, kName.size()));
    absl::AsciiStrToLower(&name);
    if (name != kName) continue;
    std::string value(line.substr(kName.size()));
    int64_t n = -1;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(value), &n) || n < 0) return -1;
    return n;
  }
  return -1;
}

}  // namespace

FetchResult FetchOnce(const sockaddr_in& server, const std::string& request, int timeout_seconds) {
  UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Failed(FetchOutcome::kConnect, ErrnoText("socket"));
  timeval timeout{timeout_seconds, 0};
  // SO_SNDTIMEO also bounds connect() on Linux.
  setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&server), sizeof(server)) != 0) {
    return Failed(FetchOutcome::kConnect, ErrnoText("connect"));
  }
  std::string_view out(request);
  while (!out.empty()) {
    ssize_t n = send(fd.get(), out.data(), out.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Failed(FetchOutcome::kIo, ErrnoText("send"));
    out.remove_prefix(static_cast<size_t>(n));
  }

  // Every server closes the connection after its response, so read to end of file. Only
  // the head is kept; the body is counted, not stored.
  std::string head;
  size_t head_end = std::string::npos;
  uint64_t body = 0;
  char buf[16384];
  for (;;) {
    ssize_t n = recv(fd.get(), buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Failed(FetchOutcome::kIo, ErrnoText("recv"));
    if (n == 0) break;
    if (head_end == std::string::npos) {
      head.append(buf, static_cast<size_t>(n));
      head_end = head.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        body = head.size() - (head_end + 4);
        head.resize(head_end + 2);
      } else if (head.size() > 65536) {
        return Failed(FetchOutcome::kBadResponse, "response head longer than 64 KiB");
      }
    } else {
      body += static_cast<uint64_t>(n);
    }
  }
  if (head_end == std::string::npos) {
    return Failed(FetchOutcome::kBadResponse, head.empty() ? "connection closed without a response"
                                                           : "response head not terminated");
  }
  FetchResult r;
  int status = 0;
  if (head.size() < 12 || head.compare(0, 7, "HTTP/1.") != 0 ||
      !absl::SimpleAtoi(std::string(head.substr(9, 3)), &status)) {
    return Failed(FetchOutcome::kBadResponse, "malformed status line");
  }
  r.status = status;
  r.body_bytes = body;
  int64_t length = ContentLength(head);
  if (length < 0 || static_cast<uint64_t>(length) != body) {
    r.outcome = FetchOutcome::kBadResponse;
    r.error = "body of " + std::to_string(body) + " bytes, Content-Length " +
              (length < 0 ? std::string("missing") : std::to_string(length));
    return r;
  }
  if (status != 200) {
    r.outcome = FetchOutcome::kStatus;
    r.error = "status " + std::to_string(status);
    return r;
  }
  r.outcome = FetchOutcome::kOk;
  return r;
}

}  // namespace ctrace::workloads
