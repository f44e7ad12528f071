#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/run_ctrace.h"
#include "tests/report/forking_trace.h"
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
using ::ctrace::testing::WriteForkingTrace;
using ::ctrace::testing::WriteSampleTrace;
using ::testing::HasSubstr;
using ::testing::StartsWith;

CommandResult RunCompare(std::vector<std::string> args) {
  return ::ctrace::testing::RunCtrace("compare", std::move(args));
}

class CompareCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteSampleTrace(sample_).ok());
    ASSERT_TRUE(WriteForkingTrace(forking_, 4).ok());
  }
  // The file names stay as given: they name the traces.
  TempDir dir_;
  std::string sample_ = dir_.File("compare_sample.ctrace");
  std::string forking_ = dir_.File("compare_forking.ctrace");
};

TEST_F(CompareCommandTest, TextTableOfTwoRecordedFiles) {
  CommandResult r = RunCompare({sample_, forking_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, StartsWith("ctrace compare: 2 traces; (differences) are against "
                                "compare_sample\n"));
  EXPECT_THAT(r.out, HasSubstr("compare_forking"));
  EXPECT_THAT(r.out, HasSubstr("processes created"));
}

TEST_F(CompareCommandTest, JsonOfTwoRecordedFiles) {
  CommandResult r = RunCompare({"--json", sample_, forking_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto doc = JsonParser::Parse(r.out);
  ASSERT_TRUE(doc.has_value()) << r.out;
  ASSERT_EQ((*doc)["traces"].array.size(), 2u);
  EXPECT_EQ((*doc)["traces"][0]["file"].string, sample_);
  EXPECT_EQ((*doc)["traces"][1]["events"].i(), 3 + 4 * 7);
}

TEST_F(CompareCommandTest, RequestCountsForAllOrPerFile) {
  CommandResult all = RunCompare({"--json", "--requests", "4", sample_, forking_});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  auto doc = JsonParser::Parse(all.out);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["traces"][0]["requests"].i(), 4);
  EXPECT_EQ((*doc)["traces"][1]["requests"].i(), 4);

  CommandResult own = RunCompare({"--json", "--requests=4", sample_, forking_ + "=2"});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  doc = JsonParser::Parse(own.out);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["traces"][0]["requests"].i(), 4);
  EXPECT_EQ((*doc)["traces"][1]["requests"].i(), 2);
  EXPECT_EQ((*doc)["traces"][1]["file"].string, forking_);

  CommandResult text = RunCompare({sample_ + "=1", forking_ + "=4"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("\nper request\n"));
}

TEST_F(CompareCommandTest, AFileWhoseNameEndsInACountIsAFile) {
  std::string odd = dir_.File("compare_odd.ctrace=3");
  ASSERT_TRUE(WriteSampleTrace(odd).ok());
  CommandResult r = RunCompare({"--json", odd, forking_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = JsonParser::Parse(r.out);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["traces"][0]["file"].string, odd);
  EXPECT_TRUE((*doc)["traces"][0]["requests"].is_null());
}

TEST_F(CompareCommandTest, MissingFileIsOneLineAndExitOne) {
  std::string missing = dir_.File("compare_missing.ctrace");
  CommandResult r = RunCompare({sample_, missing});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("ctrace compare: " + missing + ": "));
  EXPECT_EQ(LineCount(r.err), 1);
}

TEST_F(CompareCommandTest, CorruptedFileIsOneLineAndExitOne) {
  std::string bytes;
  {
    std::ifstream in(forking_, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_GT(bytes.size(), 16u);
  bytes[bytes.size() / 2] ^= 0x5A;
  std::string corrupt = dir_.File("compare_corrupt.ctrace");
  {
    std::ofstream out(corrupt, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  CommandResult r = RunCompare({"--json", sample_, corrupt});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("ctrace compare: " + corrupt + ": "));
  EXPECT_EQ(LineCount(r.err), 1);
}

TEST_F(CompareCommandTest, CutOffRecordingIsComparedWithAWarning) {
  std::string cut = dir_.File("compare_cut.ctrace");
  ASSERT_TRUE(WriteSampleTrace(cut, /*finish=*/false).ok());
  CommandResult r = RunCompare({cut, forking_});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("warning: " + cut + " was cut off"));
  EXPECT_EQ(LineCount(r.err), 1);
  EXPECT_THAT(r.out, HasSubstr("warning: compare_cut was cut off"));
}

TEST_F(CompareCommandTest, BadUsageExitsTwo) {
  EXPECT_EQ(RunCompare({}).exit_code, 2);
  EXPECT_EQ(RunCompare({sample_}).exit_code, 2);
  EXPECT_EQ(RunCompare({"--bogus", sample_, forking_}).exit_code, 2);
  EXPECT_EQ(RunCompare({sample_, forking_, "--requests"}).exit_code, 2);
  EXPECT_EQ(RunCompare({sample_, forking_, "--requests", "0"}).exit_code, 2);
  CommandResult r = RunCompare({sample_, forking_, "--requests", "many"});
  EXPECT_EQ(r.exit_code, 2);
  // One line, as every error: the message, then the usage (it was on lines of its own).
  EXPECT_THAT(r.err, StartsWith("ctrace compare: --requests needs a positive count, not 'many' "
                                "(usage: ctrace compare"));
  EXPECT_EQ(LineCount(r.err), 1);
}

TEST_F(CompareCommandTest, HelpGoesToStdoutAndExitsZero) {
  CommandResult r = RunCompare({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, StartsWith("usage: ctrace compare"));
}

}  // namespace
}  // namespace ctrace
