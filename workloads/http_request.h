// An incremental HTTP/1.1 request-head parser: bytes go in as they arrive, and it says when
// the request line and headers (up to the blank line) are complete, or why they are not
// acceptable. It holds no socket, so blocking, epoll and coroutine servers share it.
#ifndef CTRACE_WORKLOADS_HTTP_REQUEST_H_
#define CTRACE_WORKLOADS_HTTP_REQUEST_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ctrace::workloads {

enum class ParseStatus {
  kIncomplete,          // need more bytes
  kComplete,            // request() is valid
  kBadRequest,          // 400: malformed request line or header
  kHeaderTooLarge,      // 431: no blank line within kMaxHeadBytes
  kVersionUnsupported,  // 505: a well-formed version other than HTTP/1.x
};

struct HttpRequest {
  std::string method;
  std::string target;  // as sent: "/path?query", percent-encoding intact
  int minor_version = 1;
};

class RequestParser {
 public:
  // Bounds the memory one connection can make the server hold. 8 KiB is what common servers
  // allow for a whole request head.
  static constexpr size_t kMaxHeadBytes = 8192;

  // Appends bytes and parses as far as possible. Once the result is anything other than
  // kIncomplete, it stays that way; later bytes (a request body) are ignored.
  ParseStatus Feed(std::string_view bytes);
  ParseStatus status() const { return status_; }
  const HttpRequest& request() const { return request_; }

 private:
  ParseStatus ParseRequestLine(std::string_view line);
  ParseStatus ParseHeaders(std::string_view block);

  std::string buffer_;
  bool request_line_done_ = false;
  ParseStatus status_ = ParseStatus::kIncomplete;
  HttpRequest request_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_HTTP_REQUEST_H_
