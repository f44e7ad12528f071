// The syscall table: every row is a named x86-64 call, and the facts others derive from it.
#include "format/syscall_table.h"

#include "gtest/gtest.h"

namespace ctrace {
namespace {

TEST(SyscallTable, EveryRowIsANamedCall) {
  for (const SyscallInfo& s : SyscallTable()) {
    EXPECT_FALSE(SyscallName(s.nr).empty()) << s.nr;
    EXPECT_EQ(FindSyscall(s.nr), &s) << s.nr;
  }
  EXPECT_EQ(SyscallName(syscall_nr::kFutexWaitv), "futex_waitv");
  EXPECT_EQ(SyscallName(syscall_nr::kEpollPwait2), "epoll_pwait2");
}

TEST(SyscallTable, CallsWithoutARowAreOtherWaitsWithRawArguments) {
  EXPECT_EQ(FindSyscall(3), nullptr);  // close
  EXPECT_EQ(FindSyscall(-1), nullptr);
  EXPECT_EQ(FindSyscall(100000), nullptr);
  EXPECT_EQ(WaitOf(3), SyscallWait::kOther);
  EXPECT_FALSE(IsRecordedByDefault(3));
}

TEST(SyscallTable, WhatEachKindOfCallWaitsFor) {
  EXPECT_EQ(WaitOf(syscall_nr::kEpollPwait2), SyscallWait::kEpoll);
  EXPECT_EQ(WaitOf(syscall_nr::kFutexWaitv), SyscallWait::kFutex);
  EXPECT_EQ(WaitOf(syscall_nr::kIoUringEnter), SyscallWait::kIo);
  EXPECT_EQ(WaitOf(syscall_nr::kPselect6), SyscallWait::kPoll);
  EXPECT_EQ(WaitOf(syscall_nr::kClockNanosleep), SyscallWait::kSleep);
  EXPECT_EQ(WaitOf(syscall_nr::kWaitid), SyscallWait::kWait);
}

TEST(SyscallTable, TheRecordedSetIsCreationExecAndEpoll) {
  int recorded = 0;
  for (const SyscallInfo& s : SyscallTable()) recorded += s.recorded_by_default ? 1 : 0;
  EXPECT_EQ(recorded, 9);
  EXPECT_TRUE(CreatesTask(syscall_nr::kClone3));
  EXPECT_TRUE(CreatesTask(syscall_nr::kVfork));
  EXPECT_FALSE(CreatesTask(syscall_nr::kExecve));
  EXPECT_TRUE(HasFilename(syscall_nr::kExecveat));
  EXPECT_TRUE(IsRecordedByDefault(syscall_nr::kEpollWait));
  EXPECT_FALSE(IsRecordedByDefault(syscall_nr::kFutex));
}

}  // namespace
}  // namespace ctrace
