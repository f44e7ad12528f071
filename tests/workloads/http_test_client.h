// Raw HTTP over a loopback TCP connection, for tests that need exact control of the bytes:
// malformed request lines, half requests, resets. Every call is bounded by a timeout.
#ifndef CTRACE_TESTS_WORKLOADS_HTTP_TEST_CLIENT_H_
#define CTRACE_TESTS_WORKLOADS_HTTP_TEST_CLIENT_H_

#include <cstdint>
#include <string>

namespace ctrace::testing {

struct HttpReply {
  bool complete = false;  // a response head was received and the server closed
  std::string error;      // why not, when !complete
  int status = 0;
  std::string status_line;
  std::string head;  // status line and headers, without the blank line
  std::string body;
  int64_t content_length = -1;
  // The value of header `name` (case-insensitive), or "" if absent.
  std::string Header(const std::string& name) const;
};

// Connects to 127.0.0.1:port, sends `request`, reads until the server closes (10 s limit).
HttpReply Exchange(int port, const std::string& request);

// A GET (or other method) for `target` with a Host header, as a well-behaved client sends.
HttpReply Request(int port, const std::string& target, const std::string& method = "GET");

// A connected socket to 127.0.0.1:port with 10 s send/receive timeouts, or -1.
int ConnectLoopback(int port);

// Closes `fd` so the peer gets a RST rather than a FIN (SO_LINGER with zero timeout).
void CloseWithReset(int fd);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_WORKLOADS_HTTP_TEST_CLIENT_H_
