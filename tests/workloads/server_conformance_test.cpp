// HTTP conformance of every server model: the same requests, the same expected answers,
// whatever the concurrency model behind them. Each test starts the server on port 0 with a
// fresh --root, and the fixture stops it at the end and checks it exited cleanly with no
// process of its group left behind.
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/support/trace_queries.h"
#include "tests/workloads/http_test_client.h"
#include "tests/workloads/server_process.h"
#include "tests/workloads/workload_programs.h"

namespace ctrace::testing {
namespace {

const std::vector<std::string>& Models() {
  static const std::vector<std::string> models = [] {
    std::vector<std::string> m = {"fork",  "prefork",       "thread",   "pool",
                                  "epoll", "epoll-workers", "coroutine"};
#ifdef CTRACE_GO_SERVER
    m.push_back("go");  // built only with a Go toolchain
#endif
    return m;
  }();
  return models;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

// Bytes that no server could produce by accident, so a body comparison means something.
std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

class ServerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    WriteFile(root_.File("index.html"), "<html><body>ctrace</body></html>\n");
    WriteFile(root_.File("hello.txt"), "hello, world\n");
    // Bigger than a socket buffer: the event-loop servers must carry it across EAGAIN.
    big_ = RandomBytes(3 << 20, 7);
    WriteFile(root_.File("big.bin"), big_);
    medium_ = RandomBytes(200 << 10, 11);
    WriteFile(root_.File("medium.bin"), medium_);
    std::filesystem::create_directory(root_.File("sub"));
    WriteFile(root_.File("sub/index.html"), "sub index\n");
    // Links that point out of the root: following them would serve /etc/passwd.
    std::filesystem::create_symlink("/etc/passwd", root_.File("passwd-link"));
    std::filesystem::create_directory_symlink("/etc", root_.File("etc-link"));
    Start({"--workers", "3"});
  }

  void TearDown() override {
    if (server_ == nullptr) return;
    // Every test ends with a clean stop: exit code 0 on SIGTERM and nothing left running.
    EXPECT_EQ(server_->Stop(SIGTERM), 0) << "stdout: " << server_->out();
    EXPECT_TRUE(server_->GroupGone()) << "a process of the server's group outlived it";
    server_.reset();
  }

  void Start(std::vector<std::string> extra) {
    std::vector<std::string> argv = {ServerBin(GetParam()), "--port", "0", "--root", root_.path()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::string error;
    server_ = ServerProcess::Start(argv, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int port() const { return server_->port(); }

  TempDir root_;
  std::string big_;
  std::string medium_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(ServerTest, ServesFileWithStatusLineLengthAndBody) {
  HttpReply r = Request(port(), "/index.html");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status_line, "HTTP/1.1 200 OK");
  const std::string expected = "<html><body>ctrace</body></html>\n";
  EXPECT_EQ(r.content_length, static_cast<int64_t>(expected.size()));
  EXPECT_EQ(r.body, expected);
  EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Server"), "ctrace-server-" + GetParam());
}

TEST_P(ServerTest, ServesLargeFileIntact) {
  HttpReply r = Request(port(), "/big.bin");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_length, static_cast<int64_t>(big_.size()));
  EXPECT_TRUE(r.body == big_) << "body of " << r.body.size() << " bytes differs";
}

TEST_P(ServerTest, DirectoryServesItsIndex) {
  HttpReply r = Request(port(), "/sub/");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "sub index\n");
  HttpReply root = Request(port(), "/");
  EXPECT_EQ(root.status, 200);
  EXPECT_EQ(root.body, "<html><body>ctrace</body></html>\n");
}

TEST_P(ServerTest, QueryStringIsNotPartOfTheFileName) {
  HttpReply r = Request(port(), "/hello.txt?x=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello, world\n");
}

TEST_P(ServerTest, MissingFileIs404) {
  HttpReply r = Request(port(), "/no-such-file.html");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status_line, "HTTP/1.1 404 Not Found");
  EXPECT_EQ(r.content_length, static_cast<int64_t>(r.body.size()));
  EXPECT_EQ(Request(port(), "/hello.txt/").status, 404);  // a file is not a directory
}

TEST_P(ServerTest, PathTraversalIsRefused) {
  const std::string passwd = ReadFile("/etc/passwd");
  ASSERT_FALSE(passwd.empty());
  const std::string first_line = passwd.substr(0, passwd.find('\n'));
  for (const std::string target :
       {"/../etc/passwd", "/../../../../../../etc/passwd", "/%2e%2e/etc/passwd",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd", "/..%2fetc%2fpasswd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/.%2e/.%2e/etc/passwd", "/sub/../../etc/passwd", "/sub/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/etc/passwd", "//etc/passwd", "/etc/passwd", "/passwd-link", "/etc-link/passwd",
        "/..", "/%2e%2e", "http://127.0.0.1/../etc/passwd"}) {
    HttpReply r = Request(port(), target);
    ASSERT_TRUE(r.complete) << target << ": " << r.error;
    EXPECT_TRUE(r.status == 403 || r.status == 404 || r.status == 400)
        << target << " got " << r.status_line;
    EXPECT_EQ(r.body.find(first_line), std::string::npos) << target << " leaked /etc/passwd";
  }
  // Still serving afterwards.
  EXPECT_EQ(Request(port(), "/hello.txt").status, 200);
}

TEST_P(ServerTest, BadRequestLineIs400) {
  for (const std::string request : {
           "GARBAGE\r\n\r\n",
           "GET /index.html\r\n\r\n",                         // no version
           "GET  /index.html HTTP/1.1\r\nHost: x\r\n\r\n",    // two spaces
           "GET /index.html HTTP/1.1 x\r\nHost: x\r\n\r\n",   // trailing word
           "GET index.html HTTP/1.1\r\nHost: x\r\n\r\n",      // not a path
           "GET /index.html FTP/1.1\r\nHost: x\r\n\r\n",      // not HTTP
           "GET /index.html HTTP/1.1\r\n\r\n",                // HTTP/1.1 without Host
           "GET /index.html HTTP/1.1\r\nBad Header\r\n\r\n",  // header without colon
           "G\x01T /index.html HTTP/1.1\r\nHost: x\r\n\r\n",  // control byte in method
           "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",            // bad percent escape
       }) {
    HttpReply r = Exchange(port(), request);
    ASSERT_TRUE(r.complete) << request << ": " << r.error;
    EXPECT_EQ(r.status_line, "HTTP/1.1 400 Bad Request") << request;
    EXPECT_EQ(r.content_length, static_cast<int64_t>(r.body.size())) << request;
  }
}

TEST_P(ServerTest, BadRequestLineWithoutBlankLineIs400) {
  // The request line alone is enough to refuse; the server must not wait for more.
  HttpReply r = Exchange(port(), "NOT A REQUEST LINE\r\n");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status, 400);
}

TEST_P(ServerTest, Http10WithoutHostIsServed) {
  HttpReply r = Exchange(port(), "GET /hello.txt HTTP/1.0\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello, world\n");
}

TEST_P(ServerTest, OtherVersionIs505) {
  EXPECT_EQ(Exchange(port(), "GET /hello.txt HTTP/2.0\r\nHost: x\r\n\r\n").status, 505);
}

TEST_P(ServerTest, HeadSendsHeadersWithoutBody) {
  HttpReply r = Request(port(), "/medium.bin", "HEAD");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_length, static_cast<int64_t>(medium_.size()));
  EXPECT_TRUE(r.body.empty()) << r.body.size() << " body bytes";
  EXPECT_EQ(Request(port(), "/missing", "HEAD").status, 404);
}

TEST_P(ServerTest, OtherMethodsAre405WithAllow) {
  for (const std::string method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    HttpReply r = Request(port(), "/index.html", method);
    ASSERT_TRUE(r.complete) << method << ": " << r.error;
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.Header("Allow"), "GET, HEAD") << method;
  }
}

TEST_P(ServerTest, OversizedRequestHeadIs431) {
  // Just over the 8 KiB limit, with no blank line: refused once the limit is passed.
  std::string request = "GET /index.html HTTP/1.1\r\nHost: x\r\nX-Filler: ";
  request.append(8195 - request.size(), 'a');
  HttpReply r = Exchange(port(), request);
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status, 431);
}

TEST_P(ServerTest, ClientDisconnectingMidRequestDoesNotKillServer) {
  // Half a request then FIN; nothing at all; half a request then RST.
  int fd = ConnectLoopback(port());
  ASSERT_GE(fd, 0);
  ASSERT_GT(send(fd, "GET /index.ht", 13, MSG_NOSIGNAL), 0);
  close(fd);
  fd = ConnectLoopback(port());
  ASSERT_GE(fd, 0);
  close(fd);
  fd = ConnectLoopback(port());
  ASSERT_GE(fd, 0);
  ASSERT_GT(send(fd, "GET /big.bin HTTP/1.1\r\nHo", 25, MSG_NOSIGNAL), 0);
  CloseWithReset(fd);

  HttpReply r = Request(port(), "/hello.txt");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello, world\n");
  EXPECT_TRUE(server_->Running());
}

TEST_P(ServerTest, ClientResettingMidResponseDoesNotKillServer) {
  // The server is still writing 3 MiB when the client resets: its next write fails with
  // EPIPE/ECONNRESET, which must end only that connection (no SIGPIPE death).
  for (int i = 0; i < 3; ++i) {
    int fd = ConnectLoopback(port());
    ASSERT_GE(fd, 0);
    const std::string req = "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n";
    ASSERT_EQ(send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
    char buf[100];
    ASSERT_GT(recv(fd, buf, sizeof(buf), 0), 0);
    CloseWithReset(fd);
  }
  HttpReply r = Request(port(), "/big.bin");
  ASSERT_TRUE(r.complete) << r.error;
  EXPECT_TRUE(r.body == big_);
  EXPECT_TRUE(server_->Running());
}

TEST_P(ServerTest, ConcurrentClientsAllGetCorrectBodies) {
  constexpr int kClients = 16;
  constexpr int kRequestsEach = 4;
  std::mutex mu;
  std::vector<std::string> failures;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kRequestsEach; ++i) {
        const bool medium = (c + i) % 2 == 0;
        HttpReply r = Request(port(), medium ? "/medium.bin" : "/hello.txt");
        const std::string& expected = medium ? medium_ : std::string("hello, world\n");
        if (!r.complete || r.status != 200 || r.body != expected) {
          std::lock_guard lock(mu);
          failures.push_back("client " + std::to_string(c) + " request " + std::to_string(i) +
                             ": status " + std::to_string(r.status) + " " + r.error);
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
}

TEST_P(ServerTest, CurlFetchesFile) {
  const char* curl = "/usr/bin/curl";
  if (access(curl, X_OK) != 0) {
    GTEST_SKIP() << "*** curl is not installed (apt-get install curl): the curl check of "
                 << GetParam() << " did NOT run ***";
  }
  const std::string out = root_.File("curl-out");
  CommandResult r =
      RunCommand({curl, "-sS", "--max-time", "10", "-o", out, "-w", "%{http_code} %{size_download}",
                  "http://127.0.0.1:" + std::to_string(port()) + "/medium.bin"},
                 WithTimeout(20));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "200 " + std::to_string(medium_.size()));
  EXPECT_TRUE(ReadFile(out) == medium_);
}

TEST_P(ServerTest, WrkRunsWithoutErrors) {
  const char* wrk = "/usr/bin/wrk";
  if (access(wrk, X_OK) != 0) {
    GTEST_SKIP() << "*** wrk is not installed (apt-get install wrk): the wrk check of "
                 << GetParam() << " did NOT run ***";
  }
  CommandResult r = RunCommand({wrk, "-t1", "-c4", "-d1s", "--timeout", "5s",
                                "http://127.0.0.1:" + std::to_string(port()) + "/hello.txt"},
                               WithTimeout(30));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("requests in"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Socket errors"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Non-2xx"), std::string::npos) << r.out;
}

TEST_P(ServerTest, SigintStopsCleanlyWithAnIdleClientConnected) {
  // A client that connected and said nothing must not keep the server from stopping.
  int idle = ConnectLoopback(port());
  ASSERT_GE(idle, 0);
  EXPECT_EQ(Request(port(), "/hello.txt").status, 200);
  EXPECT_EQ(server_->Stop(SIGINT), 0) << server_->out();
  EXPECT_TRUE(server_->GroupGone());
  EXPECT_NE(server_->out().find("responses served: 1"), std::string::npos) << server_->out();
  close(idle);
}

TEST_P(ServerTest, RequestsOptionExitsAfterThatManyResponses) {
  server_->Stop(SIGTERM);
  Start({"--requests", "5", "--workers", "2"});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Request(port(), "/hello.txt").status, 200);
  EXPECT_EQ(server_->WaitForExit(15), 0) << "did not exit by itself after 5 responses";
  EXPECT_TRUE(server_->GroupGone());
  EXPECT_NE(server_->out().find("responses served: 5"), std::string::npos) << server_->out();
}

INSTANTIATE_TEST_SUITE_P(Models, ServerTest, ::testing::ValuesIn(Models()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace ctrace::testing
