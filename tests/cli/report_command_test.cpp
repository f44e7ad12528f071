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
