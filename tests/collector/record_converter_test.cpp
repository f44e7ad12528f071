// The kernel's records become trace events field by field, and malformed records are refused.
#include "collector/record_converter.h"

#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bpf/events.h"
#include "gtest/gtest.h"

namespace ctrace {
namespace {

class RecordConverterTest : public ::testing::Test {
 protected:
  RecordConverter converter_{[this](std::string_view s) {
    auto [it, inserted] = ids_.emplace(std::string(s), ids_.size() + 1);
    return it->second;
  }};
  std::map<std::string, uint32_t> ids_;

  static ctrace_record_header Header(uint32_t kind) {
    return {.ts_ns = 1000, .kind = kind, .cpu = 1, .tid = 11, .pid = 10};
  }
};

TEST_F(RecordConverterTest, SwitchKeepsEveryField) {
  ctrace_switch_record r{};
  r.h = Header(CTRACE_REC_SWITCH);
  r.prev_state = 1;
  r.prev_syscall = 232;
  r.next_tid = 20;
  r.next_pid = 19;
  r.preempt = 0;
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->kind, EventKind::kSchedSwitch);
  EXPECT_EQ(e->ts_ns, 1000u);
  EXPECT_EQ(e->cpu, 1);
  EXPECT_EQ(e->tid, 11);
  EXPECT_EQ(e->pid, 10);
  EXPECT_EQ(e->sched_switch.prev_state, 1u);
  EXPECT_EQ(e->sched_switch.prev_syscall, 232);
  EXPECT_EQ(e->sched_switch.next_tid, 20);
  EXPECT_EQ(e->sched_switch.next_pid, 19);
  EXPECT_EQ(e->sched_switch.preempt, 0);
}

TEST_F(RecordConverterTest, NegativeSyscallMeansNone) {
  ctrace_switch_record r{};
  r.h = Header(CTRACE_REC_SWITCH);
  r.prev_syscall = -5;  // orig_ax of an interrupt
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->sched_switch.prev_syscall, kNoSyscall);
}

TEST_F(RecordConverterTest, ForkCountsThreadsAndProcesses) {
  ctrace_fork_record r{};
  r.h = Header(CTRACE_REC_FORK);  // tid 11 != pid 10: a thread
  std::strcpy(r.comm, "worker");
  r.parent_tid = 10;
  r.parent_pid = 10;
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->fork.parent_tid, 10);
  EXPECT_EQ(e->fork.comm, ids_["worker"]);
  r.h.tid = r.h.pid = 30;  // a process
  ASSERT_TRUE(converter_.Convert(&r, sizeof(r)).ok());
  EXPECT_EQ(converter_.counts().threads_created, 1u);
  EXPECT_EQ(converter_.counts().processes_created, 1u);
}

TEST_F(RecordConverterTest, CommWithoutNulIsBounded) {
  ctrace_rename_record r{};
  r.h = Header(CTRACE_REC_RENAME);
  std::memset(r.comm, 'x', sizeof(r.comm));  // the kernel always terminates; do not rely on it
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->rename.comm, ids_[std::string(16, 'x')]);
}

TEST_F(RecordConverterTest, ExecveEntryCarriesFilename) {
  ctrace_exec_enter_record r{};
  r.e.h = Header(CTRACE_REC_SYS_ENTER);
  r.e.nr = 59;
  std::strcpy(r.filename, "/bin/echo");
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->syscall_enter.nr, 59);
  EXPECT_EQ(e->syscall_enter.str, ids_["/bin/echo"]);
}

TEST_F(RecordConverterTest, ExecCarriesFilenameCommAndArgv) {
  ctrace_exec_record r{};
  r.h = Header(CTRACE_REC_EXEC);
  r.old_tid = 12;
  std::strcpy(r.filename, "/bin/echo");
  std::strcpy(r.comm, "echo");
  const char argv[] = "echo\0hello";  // two NUL-terminated strings
  std::memcpy(r.argv, argv, sizeof(argv));
  r.argv_len = sizeof(argv);
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->exec.old_tid, 12);
  EXPECT_EQ(e->exec.filename, ids_["/bin/echo"]);
  EXPECT_EQ(e->exec.comm, ids_["echo"]);
  EXPECT_EQ(e->exec.argv, ids_[std::string("echo\0hello", 10)]);
  EXPECT_EQ(converter_.counts().execs, 1u);
}

TEST_F(RecordConverterTest, ArgvLengthBeyondTheBufferIsClamped) {
  ctrace_exec_record r{};
  r.h = Header(CTRACE_REC_EXEC);
  std::memset(r.argv, 'a', sizeof(r.argv));
  r.argv_len = 1u << 30;
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->exec.argv, ids_[std::string(CTRACE_ARGV_LEN, 'a')]);
}

TEST_F(RecordConverterTest, ExitKeepsKernelCounters) {
  ctrace_exit_record r{};
  r.h = Header(CTRACE_REC_EXIT);
  r.exit_code = 7 << 8;
  r.group_dead = 1;
  r.nvcsw = 5;
  r.nivcsw = 2;
  r.sum_exec_runtime = 123456;
  auto e = converter_.Convert(&r, sizeof(r));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->exit.exit_code, 7 << 8);
  EXPECT_EQ(e->exit.group_dead, 1);
  EXPECT_EQ(e->exit.voluntary_switches, 5u);
  EXPECT_EQ(e->exit.involuntary_switches, 2u);
  EXPECT_EQ(e->exit.cpu_time_ns, 123456u);
}

TEST_F(RecordConverterTest, ShortRecordIsRefused) {
  ctrace_switch_record r{};
  r.h = Header(CTRACE_REC_SWITCH);
  auto e = converter_.Convert(&r, sizeof(r) - 1);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("shorter"), std::string::npos);
  EXPECT_FALSE(converter_.Convert(&r, 4).ok());
}

TEST_F(RecordConverterTest, ExecveRecordWithoutArgvPartIsRefused) {
  ctrace_sys_enter_record r{};
  r.h = Header(CTRACE_REC_SYS_ENTER);
  r.nr = 59;
  EXPECT_FALSE(converter_.Convert(&r, sizeof(r)).ok());
}

TEST_F(RecordConverterTest, UnknownKindIsRefused) {
  ctrace_record_header h = Header(99);
  auto e = converter_.Convert(&h, sizeof(h));
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("unknown kind 99"), std::string::npos);
}

// A goroutine's creation carries its start function's address and its binary's index; the
// name comes from the collector's callback, and a suspension's reason code from the other.
TEST(RecordConverterGo, ACreationIsNamedByItsStartFunctionAndASuspensionByItsReason) {
  std::vector<std::pair<uint32_t, uint64_t>> names_asked;
  std::vector<uint32_t> reasons_asked;
  RecordConverter converter([](std::string_view) { return 99u; },
                            [&](TaskSource source, uint32_t code) {
                              EXPECT_EQ(source, TaskSource::kGoRuntime);
                              reasons_asked.push_back(code);
                              return 7u;
                            },
                            [&](uint32_t binary, uint64_t pc) {
                              names_asked.push_back({binary, pc});
                              return 5u;
                            });
  ctrace_go_create_record c{};
  c.t.h = {.ts_ns = 1000, .kind = CTRACE_REC_TASK_CREATE, .cpu = 0, .tid = 11, .pid = 10};
  c.t.id = 12;
  c.t.other = 1;
  c.t.source = CTRACE_TASK_SOURCE_GO;
  c.start_pc = 0x481ac0;
  c.binary = 3;
  auto e = converter.Convert(&c, sizeof(c));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->kind, EventKind::kTaskCreate);
  EXPECT_EQ(e->task.id, 12u);
  EXPECT_EQ(e->task.other, 1u);
  EXPECT_EQ(e->task.source, TaskSource::kGoRuntime);
  EXPECT_EQ(e->task.str, 5u);
  ASSERT_EQ(names_asked.size(), 1u);
  EXPECT_EQ(names_asked[0], (std::pair<uint32_t, uint64_t>{3, 0x481ac0}));
  EXPECT_FALSE(converter.Convert(&c, sizeof(c) - 1).ok());  // cut short

  ctrace_task_record s{};
  s.h = {.ts_ns = 2000, .kind = CTRACE_REC_TASK_SUSPEND, .cpu = 0, .tid = 11, .pid = 10};
  s.id = 12;
  s.source = CTRACE_TASK_SOURCE_GO;
  s.reason = CTRACE_GO_REASON(3, 14);
  e = converter.Convert(&s, sizeof(s));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->task.str, 7u);
  EXPECT_EQ(reasons_asked, std::vector<uint32_t>{CTRACE_GO_REASON(3, 14)});
}

}  // namespace
}  // namespace ctrace
