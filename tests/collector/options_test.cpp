// Option parsing for run and record: what is accepted, and the message for what is not.
#include "collector/options.h"

#include "gtest/gtest.h"

namespace ctrace {
namespace {

TEST(RunOptions, ProgramArgumentsArePassedUntouched) {
  auto o = ParseRunOptions({"-o", "t.ctrace", "prog", "-o", "--no-args"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->output, "t.ctrace");
  EXPECT_EQ(o->command, (std::vector<std::string>{"prog", "-o", "--no-args"}));
  EXPECT_TRUE(o->probes.record_exec_args);
}

TEST(RunOptions, DoubleDashEndsOptions) {
  auto o = ParseRunOptions({"--no-args", "--", "-weird-name"});
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->probes.record_exec_args);
  EXPECT_EQ(o->command, std::vector<std::string>{"-weird-name"});
}

TEST(RunOptions, Errors) {
  EXPECT_EQ(ParseRunOptions({}).status().message().substr(0, 16), "no program given");
  EXPECT_EQ(ParseRunOptions({"-o"}).status().message(), "option -o needs a value");
  EXPECT_EQ(ParseRunOptions({"--probes", "kprobe", "x"}).status().message(),
            "--probes must be auto, tp_btf or raw_tp, not 'kprobe'");
}

TEST(RunOptions, SyscallsIsOffByDefault) {
  auto o = ParseRunOptions({"prog"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->probes.record_all_syscalls);
}

TEST(RunOptions, SyscallsRecordsEverySyscallAndStaysOutOfTheProgramsArguments) {
  auto o = ParseRunOptions({"--syscalls", "-o", "t.ctrace", "prog", "--syscalls"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->probes.record_all_syscalls);
  EXPECT_TRUE(o->probes.record_exec_args);
  EXPECT_EQ(o->command, (std::vector<std::string>{"prog", "--syscalls"}));
  // After the program name it is the program's: ctrace's own stays off.
  o = ParseRunOptions({"prog", "--syscalls"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->probes.record_all_syscalls);
}

TEST(RecordOptions, Syscalls) {
  auto o = ParseRecordOptions({"-p", "42", "--syscalls"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->probes.record_all_syscalls);
  o = ParseRecordOptions({"-p", "42"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_FALSE(o->probes.record_all_syscalls);
  // A flag: it takes no value, so a word after it is an unexpected argument.
  EXPECT_EQ(ParseRecordOptions({"-p", "42", "--syscalls", "all"}).status().message(),
            "unexpected argument 'all'");
}

TEST(BufferSize, AcceptsSuffixesAndPowersOfTwo) {
  EXPECT_EQ(*ParseBufferSize("16M"), 16u << 20);
  EXPECT_EQ(*ParseBufferSize("64MiB"), 64u << 20);
  EXPECT_EQ(*ParseBufferSize("1g"), 1u << 30);
  EXPECT_EQ(*ParseBufferSize("4096"), 4096u);
  EXPECT_FALSE(ParseBufferSize("3M").ok());
  EXPECT_FALSE(ParseBufferSize("2048").ok());
  EXPECT_FALSE(ParseBufferSize("lots").ok());
  EXPECT_FALSE(ParseBufferSize("8G").ok());
}

TEST(RecordOptions, PidAndDuration) {
  auto o = ParseRecordOptions({"-p", "42", "--duration", "1.5"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->pid, 42);
  EXPECT_EQ(*o->duration, absl::Milliseconds(1500));
  o = ParseRecordOptions({"--duration", "250ms", "-p", "7"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o->duration, absl::Milliseconds(250));
  EXPECT_FALSE(ParseRecordOptions({"-p", "0"}).ok());
  EXPECT_FALSE(ParseRecordOptions({"-p", "abc"}).ok());
  EXPECT_FALSE(ParseRecordOptions({"-p", "1", "--duration", "-1s"}).ok());
  EXPECT_FALSE(ParseRecordOptions({"-p", "1", "extra"}).ok());
}

TEST(DefaultTraceName, UsesBasenameAndTimestamp) {
  std::string name = DefaultTraceName("/usr/bin/sleep");
  EXPECT_EQ(name.substr(0, 6), "sleep-");
  EXPECT_EQ(name.size(), std::string("sleep-20261123-181500.ctrace").size());
  EXPECT_EQ(name.substr(name.size() - 7), ".ctrace");
}

}  // namespace
}  // namespace ctrace
