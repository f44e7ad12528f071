// One HTTP/1.1 GET over a fresh TCP connection, the unit of work of ctrace-load: connect,
// send the request, read the response to the end and check it is complete.
#ifndef CTRACE_WORKLOADS_HTTP_FETCH_H_
#define CTRACE_WORKLOADS_HTTP_FETCH_H_

#include <netinet/in.h>

#include <cstdint>
#include <string>

namespace ctrace::workloads {

enum class FetchOutcome {
  kOk,           // status 200 and exactly Content-Length body bytes
  kConnect,      // connect() failed (refused, timed out)
  kIo,           // send/recv failed or timed out
  kBadResponse,  // no parsable status line, or the body is shorter/longer than announced
  kStatus,       // a well-formed response with a status other than 200
};

struct FetchResult {
  FetchOutcome outcome = FetchOutcome::kIo;
  int status = 0;
  uint64_t body_bytes = 0;
  std::string error;  // what went wrong, for the first-error line
};

// `request` is the whole request text; every call opens and closes its own connection.
// `timeout_seconds` bounds each blocking step, so a stuck server cannot hang the client.
FetchResult FetchOnce(const sockaddr_in& server, const std::string& request, int timeout_seconds);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_HTTP_FETCH_H_
