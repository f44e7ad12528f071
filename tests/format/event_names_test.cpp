// Names of event kinds and syscalls, as reports and exports print them.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "format/event.h"
#include "format/syscall_table.h"

namespace ctrace {
namespace {

TEST(EventNames, EveryKindHasADistinctName) {
  std::set<std::string> names;
  for (int kind = 1; kind <= kMaxEventKind; ++kind) {
    const std::string name(EventKindName(static_cast<EventKind>(kind)));
    EXPECT_NE(name, "unknown") << "kind " << kind;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kMaxEventKind));
  EXPECT_EQ(EventKindName(EventKind::kSchedSwitch), "sched_switch");
  EXPECT_EQ(EventKindName(EventKind::kLost), "lost");
  EXPECT_EQ(EventKindName(static_cast<EventKind>(0)), "unknown");
  EXPECT_EQ(EventKindName(static_cast<EventKind>(kMaxEventKind + 1)), "unknown");
}

TEST(EventNames, SyscallNames) {
  EXPECT_EQ(SyscallName(syscall_nr::kEpollWait), "epoll_wait");
  EXPECT_EQ(SyscallName(syscall_nr::kEpollPwait), "epoll_pwait");
  EXPECT_EQ(SyscallName(syscall_nr::kEpollPwait2), "epoll_pwait2");
  EXPECT_EQ(SyscallName(syscall_nr::kClone3), "clone3");
  EXPECT_EQ(SyscallName(syscall_nr::kExecveat), "execveat");
  EXPECT_EQ(SyscallName(syscall_nr::kFutex), "futex");
  EXPECT_EQ(SyscallName(syscall_nr::kRead), "read");
  // The whole x86-64 table, not only the calls ctrace records without --syscalls.
  EXPECT_EQ(SyscallName(syscall_nr::kPread64), "pread64");
  EXPECT_EQ(SyscallName(syscall_nr::kRecvmsg), "recvmsg");
  EXPECT_EQ(SyscallName(syscall_nr::kWaitid), "waitid");
  EXPECT_EQ(SyscallName(syscall_nr::kClockNanosleep), "clock_nanosleep");
  EXPECT_EQ(SyscallName(syscall_nr::kPselect6), "pselect6");
  EXPECT_EQ(SyscallName(9), "mmap");
  EXPECT_EQ(SyscallName(231), "exit_group");
  EXPECT_EQ(SyscallName(335), "uretprobe");
  EXPECT_EQ(SyscallName(424), "pidfd_send_signal");
  EXPECT_EQ(SyscallName(449), "futex_waitv");
  EXPECT_EQ(SyscallName(455), "futex_wait");
  EXPECT_EQ(SyscallName(336), "");  // the numbers x86-64 leaves unused
  EXPECT_EQ(SyscallName(423), "");
  EXPECT_EQ(SyscallName(470), "");
  EXPECT_EQ(SyscallName(kNoSyscall), "");
  EXPECT_EQ(SyscallName(100000), "");
}

TEST(EventNames, DefaultEventIsZeroed) {
  Event e;
  EXPECT_EQ(e.ts_ns, 0u);
  EXPECT_EQ(e.syscall_enter.nr, 0);
  EXPECT_EQ(e.syscall_enter.args[2], 0);
  EXPECT_EQ(e.syscall_enter.str, 0u);
}

}  // namespace
}  // namespace ctrace
