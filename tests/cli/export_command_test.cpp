// `ctrace export` on bad input and bad usage: one line on stderr, a non-zero exit, and
// nothing left at OUT (nor OUT.tmp).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/cli/run_ctrace.h"
#include "tests/export/export_test_util.h"
#include "tests/export/golden_trace.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"

namespace ctrace::testing {
namespace {

CommandResult Export(std::vector<std::string> args) {
  return ::ctrace::testing::RunCtrace("export", std::move(args));
}

void ExpectOneLineError(const CommandResult& r, int code, const std::string& mentions) {
  EXPECT_EQ(r.exit_code, code);
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("ctrace export: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(mentions), std::string::npos) << r.err;
}

void ExpectNoOutput(const std::string& out) {
  EXPECT_FALSE(Exists(out)) << out;
  EXPECT_FALSE(Exists(out + ".tmp")) << out << ".tmp";
}

class ExportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Several chunks, so the file can be cut off between them.
    ASSERT_TRUE(WriteGoldenTrace(trace_, 4).ok());
  }
  TempDir dir_;
  std::string trace_ = dir_.File("golden.ctrace");
  std::string out_ = dir_.File("out.json");
};

TEST_F(ExportCommandTest, WritesBothFormats) {
  EXPECT_EQ(Export({trace_, "--format", "chrome-json", "-o", out_}).exit_code, 0);
  EXPECT_TRUE(Exists(out_));
  EXPECT_FALSE(Exists(out_ + ".tmp"));
  std::string pf = dir_.File("out.pftrace");
  EXPECT_EQ(Export({trace_, "--format=perfetto", "--output", pf}).exit_code, 0);
  EXPECT_TRUE(Exists(pf));
}

TEST_F(ExportCommandTest, MissingFile) {
  std::string missing = dir_.File("nope.ctrace");
  ExpectOneLineError(Export({missing, "--format", "perfetto", "-o", out_}), 1, missing);
  ExpectNoOutput(out_);
}

TEST_F(ExportCommandTest, CorruptFile) {
  std::string data = ReadFile(trace_);
  // Damage the first chunk's compressed body (past the header).
  for (size_t i = data.size() / 2; i < data.size() / 2 + 16 && i < data.size(); ++i) {
    data[i] = static_cast<char>(data[i] ^ 0x5A);
  }
  std::string bad = dir_.File("corrupt.ctrace");
  std::ofstream(bad, std::ios::binary) << data;
  CommandResult r = Export({bad, "--format", "chrome-json", "-o", out_});
  ExpectOneLineError(r, 1, bad);
  ExpectNoOutput(out_);
}

TEST_F(ExportCommandTest, NotATraceFile) {
  std::string bad = dir_.File("garbage.ctrace");
  std::ofstream(bad, std::ios::binary) << "this is not a trace file at all, just some text\n";
  ExpectOneLineError(Export({bad, "--format", "perfetto", "-o", out_}), 1, bad);
  ExpectNoOutput(out_);
}

TEST_F(ExportCommandTest, TruncatedInsideTheHeader) {
  std::string data = ReadFile(trace_);
  std::string bad = dir_.File("short.ctrace");
  std::ofstream(bad, std::ios::binary) << data.substr(0, 20);
  ExpectOneLineError(Export({bad, "--format", "perfetto", "-o", out_}), 1, bad);
  ExpectNoOutput(out_);
}

TEST_F(ExportCommandTest, CutOffTraceFailsUnlessPartial) {
  std::string data = ReadFile(trace_);
  std::string cut = dir_.File("cut.ctrace");
  std::ofstream(cut, std::ios::binary) << data.substr(0, data.size() * 2 / 3);
  CommandResult r = Export({cut, "--format", "chrome-json", "-o", out_});
  ExpectOneLineError(r, 1, "cut off");
  EXPECT_NE(r.err.find("--partial"), std::string::npos);
  ExpectNoOutput(out_);

  CommandResult partial = Export({cut, "--format", "chrome-json", "-o", out_, "--partial"});
  EXPECT_EQ(partial.exit_code, 0);
  EXPECT_EQ(LineCount(partial.err), 1) << partial.err;  // the warning
  EXPECT_TRUE(Exists(out_));
}

TEST_F(ExportCommandTest, BadFormatIsAUsageError) {
  CommandResult r = Export({trace_, "--format", "svg", "-o", out_});
  ExpectOneLineError(r, 2, "svg");
  ExpectNoOutput(out_);
}

TEST_F(ExportCommandTest, MissingArgumentsAreUsageErrors) {
  ExpectOneLineError(Export({trace_, "-o", out_}), 2, "--format");
  ExpectOneLineError(Export({trace_, "--format", "perfetto"}), 2, "-o");
  ExpectOneLineError(Export({"--format", "perfetto", "-o", out_}), 2, "no trace file");
  ExpectOneLineError(Export({trace_, "--format"}), 2, "--format");
  ExpectOneLineError(Export({trace_, "--bogus"}), 2, "--bogus");
  ExpectNoOutput(out_);
}

TEST_F(ExportCommandTest, UnwritableOutput) {
  std::string out = dir_.File("no/such/dir/out.json");
  ExpectOneLineError(Export({trace_, "--format", "chrome-json", "-o", out}), 1, out);
  ExpectNoOutput(out);
}

TEST_F(ExportCommandTest, FailureLeavesAnExistingOutputUntouched) {
  std::ofstream(out_) << "previous";
  std::string missing = dir_.File("nope.ctrace");
  EXPECT_EQ(Export({missing, "--format", "chrome-json", "-o", out_}).exit_code, 1);
  EXPECT_EQ(ReadFile(out_), "previous");
  EXPECT_FALSE(Exists(out_ + ".tmp"));
}

TEST_F(ExportCommandTest, HelpGoesToStdoutAndSucceeds) {
  EXPECT_EQ(Export({"--help"}).exit_code, 0);
}

}  // namespace
}  // namespace ctrace::testing
