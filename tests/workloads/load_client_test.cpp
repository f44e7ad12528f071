// ctrace-load against every server: the report counts exactly the requests asked for, all
// of them successful; and against nothing, it counts every failure and exits non-zero.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/support/trace_queries.h"
#include "tests/workloads/server_process.h"
#include "tests/workloads/workload_programs.h"

namespace ctrace::testing {
namespace {

const std::string kLoad = WorkloadBin("ctrace-load");

class LoadClientTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LoadClientTest, ReportsEveryRequestWithZeroErrors) {
  TempDir root;
  std::ofstream(root.File("index.html")) << "<p>load</p>\n";
  std::string error;
  auto server = ServerProcess::Start(
      {ServerBin(GetParam()), "--port", "0", "--root", root.path(), "--workers", "2"}, &error);
  ASSERT_NE(server, nullptr) << error;

  CommandResult r = RunCommand(
      {kLoad, "--port", std::to_string(server->port()), "-c", "8", "-n", "300"}, WithTimeout(60));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("requests: 300\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok: 300\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("errors: 0 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("latency: p50 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("throughput: "), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");

  EXPECT_EQ(server->Stop(SIGTERM), 0);
  // The server saw exactly the client's requests.
  EXPECT_NE(server->out().find("responses served: 300"), std::string::npos) << server->out();
  EXPECT_TRUE(server->GroupGone());
}

INSTANTIATE_TEST_SUITE_P(Models, LoadClientTest,
                         ::testing::Values("fork", "prefork", "thread", "pool", "epoll",
                                           "epoll_workers", "coroutine"));

TEST(LoadClient, CountsRefusedConnectionsAndExitsNonZero) {
  // A port that was just free: bind, read the port, close. Nothing listens on it.
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);

  CommandResult r =
      RunCommand({kLoad, "--port", std::to_string(ntohs(addr.sin_port)), "-c", "2", "-n", "6"},
                 WithTimeout(30));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("errors: 6 (connect 6,"), std::string::npos) << r.out;
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("6 of 6 requests failed"), std::string::npos) << r.err;
}

TEST(LoadClient, CountsNon200AsErrors) {
  TempDir root;
  std::string error;
  auto server =
      ServerProcess::Start({ServerBin("epoll"), "--port", "0", "--root", root.path()}, &error);
  ASSERT_NE(server, nullptr) << error;
  CommandResult r = RunCommand({kLoad, "--port", std::to_string(server->port()), "-c", "2", "-n",
                                "10", "--path", "/missing"},
                               WithTimeout(30));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("status 10)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("status 404"), std::string::npos) << r.err;
  EXPECT_EQ(server->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ctrace::testing
