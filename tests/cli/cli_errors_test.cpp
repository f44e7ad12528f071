// Every error a user can cause gives one clear line on stderr and a non-zero exit code.
#include <sys/stat.h>

#include <fstream>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/support/trace_queries.h"

namespace ctrace::testing {
namespace {

const std::string kCtrace = CTRACE_BIN;

void ExpectOneLineError(const CommandResult& r, int exit_code, const std::string& needle) {
  EXPECT_EQ(r.exit_code, exit_code) << r.err;
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

TEST(CliErrors, NoCommandPrintsUsage) {
  CommandResult r = RunCommand({kCtrace});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("usage: ctrace"), std::string::npos);
}

TEST(CliErrors, UnknownCommand) {
  ExpectOneLineError(RunCommand({kCtrace, "frobnicate"}), 2, "unknown command 'frobnicate'");
}

TEST(CliErrors, UnknownRunOption) {
  ExpectOneLineError(RunCommand({kCtrace, "run", "--bogus", "/bin/true"}), 2,
                     "unknown option '--bogus'");
}

TEST(CliErrors, RunWithoutProgram) {
  ExpectOneLineError(RunCommand({kCtrace, "run", "-o", "x.ctrace"}), 2, "no program given");
}

TEST(CliErrors, BufferSizeMustBePowerOfTwo) {
  ExpectOneLineError(RunCommand({kCtrace, "run", "--buffer-size", "3M", "/bin/true"}), 2,
                     "power of two");
}

TEST(CliErrors, RecordNeedsPid) {
  ExpectOneLineError(RunCommand({kCtrace, "record", "--duration", "1s"}), 2, "no process given");
}

TEST(CliErrors, BadDuration) {
  ExpectOneLineError(RunCommand({kCtrace, "record", "-p", "1", "--duration", "soon"}), 2,
                     "not a duration");
}

TEST(CliErrors, MissingProgramExits127) {
  ExpectOneLineError(RunCommand({kCtrace, "run", "/nonexistent/program"}), 127,
                     "/nonexistent/program: No such file or directory");
  ExpectOneLineError(RunCommand({kCtrace, "run", "no-such-command-ctrace"}), 127,
                     "command not found");
}

TEST(CliErrors, NotExecutableExits126) {
  TempDir dir;
  const std::string script = dir.File("script.sh");
  std::ofstream(script) << "#!/bin/sh\nexit 0\n";
  chmod(script.c_str(), 0644);
  ExpectOneLineError(RunCommand({kCtrace, "run", script}), 126, "not executable");
}

TEST(CliErrors, WithoutPrivilegesSaysSo) {
  // As root, drop to nobody with setpriv to see what an unprivileged user sees.
  std::vector<std::string> argv = {kCtrace, "run", "/bin/true"};
  if (geteuid() == 0) {
    argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                               "--clear-groups", "--inh-caps=-all", "--"});
  }
  ExpectOneLineError(RunCommand(argv), 1, "needs root (or CAP_BPF and CAP_PERFMON)");
}

class PrivilegedCliErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
};

TEST_F(PrivilegedCliErrors, KernelWithoutBtf) {
  CommandOptions options;
  options.env = {"CTRACE_KERNEL_BTF=/nonexistent/vmlinux"};
  ExpectOneLineError(RunCommand({kCtrace, "run", "/bin/true"}, options), 1, "has no BTF");
}

TEST_F(PrivilegedCliErrors, UnwritableOutput) {
  ExpectOneLineError(RunCommand({kCtrace, "run", "-o", "/nonexistent-dir/t.ctrace", "/bin/true"}),
                     1, "/nonexistent-dir/t.ctrace");
}

TEST_F(PrivilegedCliErrors, RecordMissingPid) {
  // Above the kernel's largest possible pid (PID_MAX_LIMIT is 4194304).
  ExpectOneLineError(RunCommand({kCtrace, "record", "-p", "4194305"}), 1, "no process with pid");
}

}  // namespace
}  // namespace ctrace::testing
