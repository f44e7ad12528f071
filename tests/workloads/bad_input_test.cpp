// Bad input to every workload program and the load client: one clear line on stderr naming
// the program and the problem, nothing on stdout, and a non-zero exit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/workloads/workload_programs.h"

namespace ctrace::testing {
namespace {

struct BadInput {
  std::string name;  // test name suffix
  std::string program;
  std::vector<std::string> args;
  std::string expected;  // a piece of the one error line
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.program << " " << b.name; }

std::vector<BadInput> AllBadInputs() {
  std::vector<BadInput> cases;
  for (std::string model :
       {"fork", "prefork", "thread", "pool", "epoll", "epoll-workers", "coroutine"}) {
    const std::string program = "ctrace-server-" + model;
    std::string id = model;
    for (char& c : id) {
      if (c == '-') c = '_';
    }
    auto add = [&](const std::string& what, std::vector<std::string> args,
                   const std::string& expected) {
      cases.push_back({id + "_" + what, program, std::move(args), expected});
    };
    add("port_too_big", {"--port", "70000", "--root", "/tmp"}, "--port");
    add("port_not_a_number", {"--port", "abc", "--root", "/tmp"}, "'abc'");
    add("port_negative", {"--port=-1", "--root", "/tmp"}, "--port");
    add("missing_root_dir", {"--port", "0", "--root", "/nonexistent/ctrace-root"},
        "/nonexistent/ctrace-root");
    add("root_is_a_file", {"--port", "0", "--root", "/etc/passwd"}, "not a directory");
    add("no_root", {"--port", "0"}, "--root");
    add("unknown_option", {"--root", "/tmp", "--bogus"}, "unknown option '--bogus'");
    add("stray_argument", {"--root", "/tmp", "extra"}, "'extra'");
    add("option_without_value", {"--root", "/tmp", "--port"}, "needs a value");
    add("zero_workers", {"--root", "/tmp", "--workers", "0"}, "--workers");
    add("bad_requests", {"--root", "/tmp", "--requests", "many"}, "--requests");
  }
  auto add = [&](const std::string& name, const std::string& program, std::vector<std::string> args,
                 const std::string& expected) {
    cases.push_back({name, program, std::move(args), expected});
  };
  add("load_port_too_big", "ctrace-load", {"--port", "70000"}, "--port");
  add("load_port_not_a_number", "ctrace-load", {"--port", "abc"}, "'abc'");
  add("load_port_zero", "ctrace-load", {"--port", "0"}, "--port");
  add("load_no_port", "ctrace-load", {"-n", "10"}, "--port");
  add("load_unknown_option", "ctrace-load", {"--port", "1", "--bogus"}, "'--bogus'");
  add("load_zero_connections", "ctrace-load", {"--port", "1", "-c", "0"}, "-c");
  add("load_bad_requests", "ctrace-load", {"--port", "1", "-n", "x"}, "-n");
  add("load_bad_host", "ctrace-load", {"--port", "1", "--host", "example.com"}, "--host");
  add("load_bad_path", "ctrace-load", {"--port", "1", "--path", "index.html"}, "--path");
  add("cpu_split_bad_mode", "ctrace-cpu-split", {"--mode", "fibers"}, "--mode");
  add("cpu_split_bad_workers", "ctrace-cpu-split", {"--workers", "abc"}, "--workers");
  add("cpu_split_unknown_option", "ctrace-cpu-split", {"--port", "80"}, "'--port'");
  add("ipc_bad_mode", "ctrace-ipc", {"--mode", "carrier-pigeon"}, "--mode");
  add("ipc_size_too_big", "ctrace-ipc", {"--size", "70000"}, "--size");
  add("ipc_unknown_option", "ctrace-ipc", {"--bogus"}, "'--bogus'");
  add("mutex_bad_workers", "ctrace-mutex-contention", {"--workers", "0"}, "--workers");
  add("mutex_bad_iterations", "ctrace-mutex-contention", {"--iterations", "1e3"}, "--iterations");
  add("mutex_unknown_option", "ctrace-mutex-contention", {"--bogus"}, "'--bogus'");
  add("cow_size_too_big", "ctrace-cow", {"--size", "999999"}, "--size");
  add("cow_bad_percent", "ctrace-cow", {"--write-percent", "101"}, "--write-percent");
  add("cow_unknown_option", "ctrace-cow", {"--bogus"}, "'--bogus'");
  return cases;
}

class WorkloadBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(WorkloadBadInputTest, OneClearLineAndNonZeroExit) {
  const BadInput& b = GetParam();
  std::vector<std::string> argv = {WorkloadBin(b.program)};
  argv.insert(argv.end(), b.args.begin(), b.args.end());
  CommandResult r = RunCommand(argv, WithTimeout(20));
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind(b.program + ": ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(b.expected), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(Programs, WorkloadBadInputTest, ::testing::ValuesIn(AllBadInputs()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

// A port another socket already listens on: every server must refuse it in one line.
class WorkloadPortInUseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkloadPortInUseTest, RefusedWithOneLine) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string port = std::to_string(ntohs(addr.sin_port));

  std::string model = GetParam();
  for (char& c : model) {
    if (c == '_') c = '-';
  }
  const std::string program = "ctrace-server-" + model;
  CommandResult r = RunCommand(
      {WorkloadBin(program), "--port", port, "--root", "/tmp", "--workers", "2"}, WithTimeout(20));
  close(fd);
  EXPECT_FALSE(r.timed_out);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_EQ(r.err.rfind(program + ": ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(Models, WorkloadPortInUseTest,
                         ::testing::Values("fork", "prefork", "thread", "pool", "epoll",
                                           "epoll_workers", "coroutine"));

// --help is not an error: usage on stdout, exit 0.
class WorkloadHelpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkloadHelpTest, PrintsUsageAndExitsZero) {
  std::string program = GetParam();
  for (char& c : program) {
    if (c == '_') c = '-';
  }
  CommandResult r = RunCommand({WorkloadBin(program), "--help"}, WithTimeout(20));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("usage: " + program, 0), 0u) << r.out;
  EXPECT_EQ(r.err, "");
}

INSTANTIATE_TEST_SUITE_P(Programs, WorkloadHelpTest,
                         ::testing::Values("ctrace_server_fork", "ctrace_server_prefork",
                                           "ctrace_server_thread", "ctrace_server_pool",
                                           "ctrace_server_epoll", "ctrace_server_epoll_workers",
                                           "ctrace_server_coroutine", "ctrace_load",
                                           "ctrace_cpu_split", "ctrace_ipc",
                                           "ctrace_mutex_contention", "ctrace_cow"));

}  // namespace
}  // namespace ctrace::testing
