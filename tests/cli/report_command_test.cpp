#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/run_ctrace.h"
#include "tests/report/sample_trace.h"
#include "tests/support/command_runner.h"
#include "tests/support/mini_json.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

using ::ctrace::testing::CommandResult;
using ::ctrace::testing::JsonParser;
using ::ctrace::testing::LineCount;
using ::ctrace::testing::TempDir;
using ::ctrace::testing::WriteSampleTrace;
using ::testing::HasSubstr;
using ::testing::StartsWith;

CommandResult RunReport(std::vector<std::string> args) {
  return ::ctrace::testing::RunCtrace("report", std::move(args));
}

class ReportCommandTest : public ::testing::Test {
 protected:
  TempDir dir_;  // the file names stay as given: they name the traces
};

TEST_F(ReportCommandTest, TextReportOfARecordedFile) {
  std::string path = dir_.File("report_text.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path).ok());
  CommandResult r = RunReport({path});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, StartsWith("ctrace report: " + path + "\n"));
  EXPECT_THAT(r.out, HasSubstr("self-check  OK: 2/2"));
  EXPECT_THAT(r.out, HasSubstr("exit 7"));
}

// In the sample, 100 sleeps on a futex from 8000 to 22000 until 101 wakes it; 101 was itself
// asleep in epoll_wait until 20000, woken by an interrupt.
TEST_F(ReportCommandTest, CriticalPathOfAThreadAsJson) {
  std::string path = dir_.File("chain.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path).ok());
  CommandResult r = RunReport({path, "--critical-path", "100", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = JsonParser::Parse(r.out);
  ASSERT_TRUE(doc.has_value()) << r.out;
  const auto& d = *doc;
  constexpr int64_t kBase = ::ctrace::testing::kBase;
  EXPECT_EQ(d["tid"].i(), 100);
  EXPECT_EQ(d["start_ns"].i(), kBase + 1000);  // its life: created at 1000, exits at 40000
  EXPECT_EQ(d["end_ns"].i(), kBase + 40000);
  EXPECT_EQ(d["own_running_ns"].i(), 6000 + 17000);
  EXPECT_EQ(d["waiting_for_cpu_ns"].i(), 3000);
  // 100 waited 22000-23000 for CPU 1 while 101 ran there; 101 waited 20000-21000 for CPU 1,
  // idle; 100's first wait (1000-2000) is before CPU 0's first event.
  ASSERT_EQ(d["cpu_held_by"].array.size(), 2u);
  EXPECT_EQ(d["cpu_held_by"][0]["holder"].string, "thread");
  EXPECT_EQ(d["cpu_held_by"][0]["tid"].i(), 101);
  EXPECT_EQ(d["cpu_held_by"][0]["ns"].i(), 1000);
  EXPECT_EQ(d["cpu_held_by"][1]["holder"].string, "idle");
  EXPECT_TRUE(d["cpu_held_by"][1]["tid"].is_null());
  EXPECT_EQ(d["cpu_held_by"][1]["ns"].i(), 1000);
  ASSERT_EQ(d["by_thread"].array.size(), 1u);
  EXPECT_EQ(d["by_thread"][0]["tid"].i(), 101);
  EXPECT_EQ(d["by_thread"][0]["ns"].i(), 1000);
  EXPECT_EQ(d["unexplained_ns"].i(), 12000);
  EXPECT_EQ(d["unexplained_by_cause_ns"]["no_traced_waker"].i(), 12000);
  bool epoll_end = false;
  for (const auto& s : d["segments"].array) {
    if (s["tid"].i() == 101 && s["state"].string == "blocked: epoll") {
      epoll_end = true;
      EXPECT_EQ(s["start_ns"].i(), kBase + 8000);
      EXPECT_EQ(s["end_ns"].i(), kBase + 20000);
      EXPECT_EQ(s["syscall"].string, "epoll_wait");
      EXPECT_EQ(s["depth"].i(), 1);
      EXPECT_EQ(s["unexplained"].string, "no_traced_waker");
    }
  }
  EXPECT_TRUE(epoll_end) << r.out;
}

TEST_F(ReportCommandTest, CriticalPathAsTextAndOverARange) {
  std::string path = dir_.File("chain_text.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path).ok());
  CommandResult r = RunReport({path, "--critical-path", "100", "--range", "10us:21us"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("critical path of thread 100 (server) of process 100"));
  EXPECT_THAT(r.out, HasSubstr("(11.0us)"));
  EXPECT_THAT(r.out, HasSubstr("    101 server          blocked: epoll (epoll_wait)"));
  EXPECT_THAT(r.out, HasSubstr("no traced waker"));
}

TEST_F(ReportCommandTest, CriticalPathMistakesAreOneLineEach) {
  std::string path = dir_.File("chain_bad.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path).ok());
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  } cases[] = {
      {{path, "--critical-path"}, 2, "--critical-path needs a thread id"},
      {{path, "--critical-path", "x"}, 2, "--critical-path needs a thread id"},
      {{path, "--critical-path", "555"}, 1, "no thread 555 in"},
      {{path, "--range", "1us:2us"}, 2, "--range goes with --critical-path"},
      {{path, "--critical-path", "100", "--range", "5us:2us"}, 2, "--range needs T0:T1"},
      {{path, "--critical-path", "100", "--range", "1s:2s"}, 1, "--range starts after"},
  };
  for (const Case& c : cases) {
    CommandResult r = RunReport(c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.args.back();
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args.back();
    EXPECT_EQ(LineCount(r.err), 1) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(ReportCommandTest, JsonReportOfARecordedFile) {
  std::string path = dir_.File("report_json.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path).ok());
  CommandResult r = RunReport({path, "--json"});
  EXPECT_EQ(r.exit_code, 0);
  auto doc = JsonParser::Parse(r.out);
  ASSERT_TRUE(doc.has_value()) << r.out;
  EXPECT_EQ((*doc)["events"].i(), 23);
  EXPECT_EQ((*doc)["duration_ns"].i(), 50000);
  EXPECT_EQ((*doc)["processes"][0]["comm"].string, "server");
  EXPECT_EQ((*doc)["processes"][0]["execs"][0].string, "/usr/bin/server");
  EXPECT_EQ((*doc)["self_check"]["threads_matching"].i(), 2);
  EXPECT_FALSE((*doc)["truncated"].boolean);
}

TEST_F(ReportCommandTest, MissingFileIsOneLineAndExitOne) {
  std::string path = dir_.File("does_not_exist.ctrace");
  CommandResult r = RunReport({path});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("ctrace report: " + path + ": "));
  EXPECT_EQ(LineCount(r.err), 1);
}

TEST_F(ReportCommandTest, CorruptedFileIsOneLineAndExitOne) {
  std::string path = dir_.File("report_corrupt.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path).ok());
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 16u);
  bytes[bytes.size() / 2] ^= 0x5A;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  CommandResult r = RunReport({path, "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("ctrace report: " + path + ": "));
  EXPECT_EQ(LineCount(r.err), 1);
}

TEST_F(ReportCommandTest, CutOffRecordingIsReportedWithAWarning) {
  std::string path = dir_.File("report_cut.ctrace");
  ASSERT_TRUE(WriteSampleTrace(path, /*finish=*/false).ok());
  CommandResult r = RunReport({path, "--json"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("warning: " + path + " was cut off"));
  EXPECT_EQ(LineCount(r.err), 1);
  auto doc = JsonParser::Parse(r.out);
  ASSERT_TRUE(doc.has_value());
  EXPECT_TRUE((*doc)["truncated"].boolean);
  EXPECT_FALSE((*doc)["truncation_reason"].string.empty());
  EXPECT_EQ((*doc)["events"].i(), 23);  // the chunk was flushed whole
}

TEST_F(ReportCommandTest, BadUsageExitsTwo) {
  EXPECT_EQ(RunReport({}).exit_code, 2);
  EXPECT_EQ(RunReport({"a.ctrace", "b.ctrace"}).exit_code, 2);
  CommandResult r = RunReport({"--bogus", "a.ctrace"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown option --bogus"));
  EXPECT_THAT(r.err, HasSubstr("usage: ctrace report FILE [--json]"));
}

TEST_F(ReportCommandTest, HelpGoesToStdout) {
  CommandResult r = RunReport({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, StartsWith("usage: ctrace report"));
}

}  // namespace
}  // namespace ctrace
