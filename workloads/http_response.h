// What a server sends back for one request: the response head as text, then either a short
// error body or the open file. Deciding it (including opening the file) is the same in every
// model; only how the bytes reach the socket differs.
#ifndef CTRACE_WORKLOADS_HTTP_RESPONSE_H_
#define CTRACE_WORKLOADS_HTTP_RESPONSE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "workloads/http_request.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

struct ResponsePlan {
  int status = 500;
  std::string head;  // status line and headers, through the blank line
  std::string body;  // an error page; empty when the file is the body
  UniqueFd file;     // valid when the file's bytes follow the head
  uint64_t file_size = 0;
};

// The response to a parsed request (`parse` is RequestParser's final status): opens the
// requested file under `root_fd` for GET and HEAD, an error page for everything else.
// `server` names the model in the Server header, so a capture shows who answered.
ResponsePlan PlanResponse(ParseStatus parse, const HttpRequest& request, int root_fd,
                          std::string_view server);

// The status line and headers. Every response closes the connection: each request is one
// accept, which is the per-request job the models are compared on.
std::string FormatResponseHead(int status, uint64_t content_length, std::string_view content_type,
                               std::string_view server);

std::string_view ReasonPhrase(int status);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_HTTP_RESPONSE_H_
