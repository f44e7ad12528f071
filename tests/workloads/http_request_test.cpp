// The request-head parser on its own: what it accepts, what it refuses and with which
// status, and that bytes may arrive in any split.
#include "workloads/http_request.h"

#include <string>

#include "gtest/gtest.h"
#include "workloads/http_response.h"

namespace ctrace::workloads {
namespace {

ParseStatus ParseAll(const std::string& bytes, HttpRequest* out = nullptr) {
  RequestParser parser;
  ParseStatus s = parser.Feed(bytes);
  if (out != nullptr) *out = parser.request();
  return s;
}

TEST(WorkloadHttpRequest, ParsesRequestLineAndHeaders) {
  HttpRequest r;
  EXPECT_EQ(ParseAll("GET /a/b.html?q=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n", &r),
            ParseStatus::kComplete);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/a/b.html?q=1");
  EXPECT_EQ(r.minor_version, 1);
}

TEST(WorkloadHttpRequest, CompleteInAnySplit) {
  const std::string request = "HEAD /x HTTP/1.1\r\nHost: h\r\nUser-Agent: t\r\n\r\n";
  for (size_t split = 1; split < request.size(); ++split) {
    RequestParser parser;
    EXPECT_EQ(parser.Feed(request.substr(0, split)), ParseStatus::kIncomplete) << split;
    EXPECT_EQ(parser.Feed(request.substr(split)), ParseStatus::kComplete) << split;
    EXPECT_EQ(parser.request().method, "HEAD");
  }
}

TEST(WorkloadHttpRequest, ByteByByte) {
  const std::string request = "GET / HTTP/1.0\r\n\r\n";
  RequestParser parser;
  for (char c : request) parser.Feed(std::string(1, c));
  EXPECT_EQ(parser.status(), ParseStatus::kComplete);
}

TEST(WorkloadHttpRequest, AcceptsBareLineFeeds) {
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\nHost: x\n\n"), ParseStatus::kComplete);
}

TEST(WorkloadHttpRequest, IgnoresLeadingBlankLine) {
  EXPECT_EQ(ParseAll("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"), ParseStatus::kComplete);
}

TEST(WorkloadHttpRequest, AbsoluteFormBecomesItsPath) {
  HttpRequest r;
  EXPECT_EQ(ParseAll("GET http://example.com/p?q HTTP/1.1\r\nHost: x\r\n\r\n", &r),
            ParseStatus::kComplete);
  EXPECT_EQ(r.target, "/p?q");
}

TEST(WorkloadHttpRequest, RefusesMalformedRequestLines) {
  for (const std::string bad :
       {"GARBAGE\r\n", "GET\r\n", "GET /\r\n", "GET / HTTP/1.1 x\r\n", "GET  / HTTP/1.1\r\n",
        "GET / http/1.1\r\n", "GET / HTTP/1.10\r\n", "GET / HTTP/a.1\r\n", "GET x HTTP/1.1\r\n",
        "G(T / HTTP/1.1\r\n", "GET /\x7f HTTP/1.1\r\n", " GET / HTTP/1.1\r\n"}) {
    EXPECT_EQ(ParseAll(bad), ParseStatus::kBadRequest) << bad;
  }
}

TEST(WorkloadHttpRequest, RefusesMalformedHeaders) {
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n"), ParseStatus::kBadRequest);
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), ParseStatus::kBadRequest);
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"), ParseStatus::kBadRequest);
}

TEST(WorkloadHttpRequest, Http11NeedsExactlyOneHost) {
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\n\r\n"), ParseStatus::kBadRequest);
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"), ParseStatus::kBadRequest);
  EXPECT_EQ(ParseAll("GET / HTTP/1.0\r\n\r\n"), ParseStatus::kComplete);
}

TEST(WorkloadHttpRequest, OtherMajorVersionIsUnsupported) {
  EXPECT_EQ(ParseAll("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), ParseStatus::kVersionUnsupported);
}

TEST(WorkloadHttpRequest, HeadLargerThanLimitIsRefused) {
  RequestParser parser;
  parser.Feed("GET / HTTP/1.1\r\nHost: x\r\nX: ");
  ParseStatus s = ParseStatus::kIncomplete;
  for (int i = 0; i < 100 && s == ParseStatus::kIncomplete; ++i) {
    s = parser.Feed(std::string(1000, 'a'));
  }
  EXPECT_EQ(s, ParseStatus::kHeaderTooLarge);
  // A request line that never ends is refused the same way.
  EXPECT_EQ(ParseAll("GET /" + std::string(RequestParser::kMaxHeadBytes, 'a')),
            ParseStatus::kHeaderTooLarge);
}

TEST(WorkloadHttpRequest, BadLineIsRefusedBeforeTheBlankLine) {
  RequestParser parser;
  EXPECT_EQ(parser.Feed("NOPE\r\n"), ParseStatus::kBadRequest);
  EXPECT_EQ(parser.Feed("Host: x\r\n\r\n"), ParseStatus::kBadRequest);  // stays refused
}

TEST(WorkloadHttpResponse, HeadHasStatusLengthTypeAndClose) {
  EXPECT_EQ(FormatResponseHead(404, 14, "text/plain", "s"),
            "HTTP/1.1 404 Not Found\r\nServer: s\r\nContent-Length: 14\r\n"
            "Content-Type: text/plain\r\nConnection: close\r\n\r\n");
  EXPECT_NE(FormatResponseHead(405, 0, "text/plain", "s").find("\r\nAllow: GET, HEAD\r\n"),
            std::string::npos);
}

}  // namespace
}  // namespace ctrace::workloads
