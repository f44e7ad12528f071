#include "workloads/http_response.h"

#include "workloads/file_resolver.h"

namespace ctrace::workloads {
namespace {

ResponsePlan ErrorPlan(int status, bool head_only, std::string_view server) {
  ResponsePlan plan;
  plan.status = status;
  std::string body = std::to_string(status) + " " + std::string(ReasonPhrase(status)) + "\n";
  plan.head = FormatResponseHead(status, body.size(), "text/plain; charset=utf-8", server);
  if (!head_only) plan.body = std::move(body);
  return plan;
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Internal Server Error";
  }
}

std::string FormatResponseHead(int status, uint64_t content_length, std::string_view content_type,
                               std::string_view server) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " ";
  head += ReasonPhrase(status);
  head += "\r\nServer: ";
  head += server;
  head += "\r\nContent-Length: " + std::to_string(content_length);
  head += "\r\nContent-Type: ";
  head += content_type;
  head += "\r\nConnection: close\r\n";
  // RFC 9110 section 15.5.6: a 405 must list the methods that would work.
  if (status == 405) head += "Allow: GET, HEAD\r\n";
  head += "\r\n";
  return head;
}

ResponsePlan PlanResponse(ParseStatus parse, const HttpRequest& request, int root_fd,
                          std::string_view server) {
  switch (parse) {
    case ParseStatus::kComplete:
      break;
    case ParseStatus::kHeaderTooLarge:
      return ErrorPlan(431, false, server);
    case ParseStatus::kVersionUnsupported:
      return ErrorPlan(505, false, server);
    default:
      return ErrorPlan(400, false, server);
  }
  const bool head_only = request.method == "HEAD";
  if (request.method != "GET" && !head_only) return ErrorPlan(405, false, server);

  ResolvedFile file = OpenRequestedFile(root_fd, request.target);
  if (file.status != 200) return ErrorPlan(file.status, head_only, server);
  ResponsePlan plan;
  plan.status = 200;
  plan.head = FormatResponseHead(200, file.size, file.content_type, server);
  // HEAD answers with the headers GET would send, Content-Length included, and no body.
  if (!head_only && file.size > 0) {
    plan.file = std::move(file.fd);
    plan.file_size = file.size;
  }
  return plan;
}

}  // namespace ctrace::workloads
