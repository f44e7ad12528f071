// Records known programs with the real probes, then checks `ctrace report --json` against
// what the programs did: the model's numbers, and its self-check against the kernel's own
// counters. Needs root; without it every test here is reported skipped.
#include <signal.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/support/mini_json.h"
#include "tests/support/trace_queries.h"

namespace ctrace::testing {
namespace {

const std::string kCtrace = CTRACE_BIN;
const std::string kActivity = ACTIVITY_BIN;
const std::string kPingPong = PINGPONG_BIN;

class ReportIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
  // Records `command`, expecting `exit_code`, and returns the parsed JSON report.
  Json RecordAndReport(const std::vector<std::string>& command, int exit_code) {
    const std::string out = dir_.File("trace.ctrace");
    std::vector<std::string> argv = {kCtrace, "run", "-o", out, "--"};
    argv.insert(argv.end(), command.begin(), command.end());
    CommandResult r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    CommandResult report = RunCommand({kCtrace, "report", out, "--json"});
    EXPECT_EQ(report.exit_code, 0) << report.err;
    auto json = JsonParser::Parse(report.out);
    EXPECT_TRUE(json.has_value()) << report.out;
    return json.value_or(Json{});
  }
  static const Json* ThreadNamed(const Json& report, const std::string& comm) {
    for (const Json& t : report["threads"].array) {
      if (t["comm"].string == comm) return &t;
    }
    return nullptr;
  }
  TempDir dir_;
};

TEST_F(ReportIntegration, EpollWaitersAndExitCodes) {
  Json report = RecordAndReport({kActivity}, 3);
  EXPECT_EQ(report["lost_events"].i(), 0);
  EXPECT_EQ(report["processes"].array.size(), 2u);
  EXPECT_EQ(report["threads"].array.size(), 4u);

  // The two workers each waited once in epoll_wait(timeout 30 ms) and got nothing.
  for (const std::string name : {"worker-a", "worker-b"}) {
    const Json* t = ThreadNamed(report, name);
    ASSERT_NE(t, nullptr) << name;
    EXPECT_EQ((*t)["epoll"]["calls"].i(), 1) << name;
    EXPECT_EQ((*t)["epoll"]["events_returned"].i(), 0) << name;
    EXPECT_EQ((*t)["epoll"]["empty_returns"].i(), 1) << name;
    EXPECT_GE((*t)["epoll"]["wait_ns"].i(), 30'000'000) << name;
    EXPECT_GE((*t)["blocked_ns"]["epoll"].i(), 29'000'000) << name;  // asleep most of the wait
    // epoll is where the thread slept (a sanitizer's runtime, say, may add short futex waits).
    for (const auto& [reason, ns] : (*t)["blocked_ns"].object) {
      if (reason != "epoll") {
        EXPECT_LT(ns.i(), (*t)["blocked_ns"]["epoll"].i()) << reason;
      }
    }
    EXPECT_FALSE((*t)["created_by"].is_null()) << name;
  }

  // The main process exited 3 and its exec'd child 7.
  const Json* root = nullptr;
  const Json* child = nullptr;
  for (const Json& p : report["processes"].array) {
    (p["execs"].array.size() == 1 && p["execs"][0].string == kActivity ? root : child) = &p;
  }
  ASSERT_NE(root, nullptr);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ((*root)["exit_code"].i(), 3);
  EXPECT_EQ((*child)["exit_code"].i(), 7);
  EXPECT_EQ((*child)["ppid"].i(), (*root)["pid"].i());
  EXPECT_EQ((*child)["execs"][0].string, "/proc/self/exe");
  EXPECT_EQ((*root)["threads"].array.size(), 3u);

  // Both workers and the child were born in the trace and exited in it: all three checked,
  // all three matching the kernel's switch counts.
  EXPECT_EQ(report["self_check"]["threads_checked"].i(), 3);
  EXPECT_EQ(report["self_check"]["threads_matching"].i(), 3);
}

TEST_F(ReportIntegration, PingPongRoundTripsAreSwitchesAndWakeups) {
  // Pinned to one CPU, every round trip hands the CPU from the pinger to the ponger and back,
  // so each player is switched out at least once per round trip (voluntarily when it blocks
  // in read(), involuntarily when the other preempts it on wakeup), and every voluntary
  // switch-out is ended by one wakeup.
  constexpr int kRoundTrips = 2000;
  Json report =
      RecordAndReport({"/usr/bin/taskset", "-c", "0", kPingPong, std::to_string(kRoundTrips)}, 0);
  EXPECT_EQ(report["lost_events"].i(), 0);
  int players = 0;
  for (const Json& t : report["threads"].array) {
    if (t["created_by"].is_null()) continue;  // the main thread only creates and joins
    ++players;
    const int64_t voluntary = t["voluntary_switches"].i();
    const int64_t switches = voluntary + t["involuntary_switches"].i();
    EXPECT_GE(switches, kRoundTrips) << t["tid"].i();
    EXPECT_LE(switches, 2 * kRoundTrips + 4) << t["tid"].i();
    EXPECT_NEAR(t["wakeups_received"].i(), voluntary, 2) << t["tid"].i();
    EXPECT_EQ(t["migrations"].i(), 0) << t["tid"].i();
    EXPECT_GT(t["blocked_ns"]["io"].i(), 0) << t["tid"].i();  // read() on a pipe
  }
  EXPECT_EQ(players, 2);
  EXPECT_EQ(report["self_check"]["threads_checked"].i(), 2);
  EXPECT_EQ(report["self_check"]["threads_matching"].i(), 2);
}

}  // namespace
}  // namespace ctrace::testing
