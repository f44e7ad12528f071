// The details panel's text for a recorded call's arguments and result.
#include "viewer/core/syscall_format.h"

#include "format/event.h"
#include "format/syscall_table.h"
#include "gtest/gtest.h"

namespace ctrace::viewer {
namespace {

namespace sc = syscall_nr;

SyscallSpan Span(int32_t nr, int64_t a0, int64_t a1, int64_t a2, int32_t ret = 0) {
  SyscallSpan s{};
  s.enter_ns = 1000;
  s.exit_ns = 2000;
  s.nr = nr;
  s.args[0] = a0;
  s.args[1] = a1;
  s.args[2] = a2;
  s.ret = ret;
  return s;
}

TEST(SyscallFormat, FutexOpIsDecodedWithItsFlags) {
  EXPECT_EQ(FutexOpName(0), "FUTEX_WAIT");
  EXPECT_EQ(FutexOpName(128), "FUTEX_WAIT_PRIVATE");
  EXPECT_EQ(FutexOpName(129), "FUTEX_WAKE_PRIVATE");
  EXPECT_EQ(FutexOpName(9 | 128 | 256), "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
  EXPECT_EQ(FutexOpName(6), "FUTEX_LOCK_PI");
  EXPECT_EQ(FutexOpName(13 | 128), "FUTEX_LOCK_PI2_PRIVATE");
  EXPECT_EQ(FutexOpName(40), "FUTEX_40");
}

TEST(SyscallFormat, FutexArguments) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kFutex, 0x7f00deadbeef, 128, 2)),
            "uaddr 0x7f00deadbeef, FUTEX_WAIT_PRIVATE, val 2");
  // op and val are ints: the upper half of their registers is not part of them.
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kFutex, 0x1000, 0xffffffff00000081, 0x500000001)),
            "uaddr 0x1000, FUTEX_WAKE_PRIVATE, val 1");
}

TEST(SyscallFormat, FutexResultCountsWokenThreadsOnlyForWakes) {
  EXPECT_EQ(FormatSyscallResult(Span(sc::kFutex, 0x1000, 129, 1, 1)), "1 woken");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kFutex, 0x1000, 128, 0, 0)), "0");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kFutex, 0x1000, 128, 0, -11)), "-EAGAIN");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kFutex, 0x1000, 9 | 128, 0, -110)), "-ETIMEDOUT");
}

TEST(SyscallFormat, ReadAndWriteShowFdCountAndBytes) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kRead, 3, 0x7ffc0000, 4096)), "fd 3, count 4096");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kPwrite64, 5, 0x7ffc0000, 10)), "fd 5, count 10");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kWritev, 1, 0x7ffc0000, 2)), "fd 1, iovcnt 2");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kRead, 3, 0, 4096, 5)), "5 bytes");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kWrite, 3, 0, 1, 1)), "1 byte");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kRead, 3, 0, 4096, 0)), "0 bytes");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kRead, 3, 0, 4096, -4)), "-EINTR");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kWrite, 3, 0, 1, -9)), "-EBADF");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kWrite, 3, 0, 1, -32)), "-EPIPE");
}

TEST(SyscallFormat, SocketCalls) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kAccept4, 4, 0, 0)), "fd 4");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kAccept4, 4, 0, 0, 9)), "fd 9");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kAccept, 4, 0, 0, -11)), "-EAGAIN");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kRecvfrom, 6, 0x1000, 1500)), "fd 6, len 1500");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kSendmsg, 6, 0x1000, 0x4000)), "fd 6, flags 0x4000");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kRecvmsg, 6, 0x1000, 0, 100)), "100 bytes");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kConnect, 7, 0x1000, 16)), "fd 7, addrlen 16");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kConnect, 7, 0x1000, 16, -111)), "-ECONNREFUSED");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kConnect, 7, 0x1000, 16, -115)), "-EINPROGRESS");
}

TEST(SyscallFormat, PollAndSelect) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kPoll, 0x1000, 2, 100)), "nfds 2, timeout 100.0 ms");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kPoll, 0x1000, 1, -1)), "nfds 1, timeout infinite");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kPpoll, 0x1000, 3, 0)), "nfds 3, timeout infinite");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kPpoll, 0x1000, 3, 0x7ff0)), "nfds 3, tsp 0x7ff0");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kSelect, 8, 0x1000, 0)), "nfds 8");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kPselect6, 9, 0x1000, 0)), "nfds 9");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kPoll, 0x1000, 2, 100, 0)), "0 ready (timed out)");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kPselect6, 9, 0, 0, 2)), "2 ready");
}

TEST(SyscallFormat, SleepsNameTheirClock) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kClockNanosleep, 1, 0, 0x7ff0)), "CLOCK_MONOTONIC");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kClockNanosleep, 0, 1, 0x7ff0)),
            "CLOCK_REALTIME, TIMER_ABSTIME");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kClockNanosleep, 42, 0, 0)), "clock 42");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kNanosleep, 0x7ff0, 0, 0)), "req 0x7ff0");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kNanosleep, 0x7ff0, 0, 0, 0)), "0");
  // A signal interrupted the sleep: the exit sees the kernel's restart code.
  EXPECT_EQ(FormatSyscallResult(Span(sc::kClockNanosleep, 1, 0, 0, -516)),
            "-ERESTART_RESTARTBLOCK");
}

TEST(SyscallFormat, WaitCalls) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kWait4, -1, 0x7ff0, 0)), "pid -1, options 0");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kWait4, 1234, 0, 1 | 0x40000000)),
            "pid 1234, options WNOHANG|__WALL");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kWait4, -1, 0, 0, 1234)), "pid 1234");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kWait4, -1, 0, 0, -10)), "-ECHILD");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kWaitid, 1, 77, 0)), "idtype P_PID, id 77");
}

TEST(SyscallFormat, EpollCloneAndExecAsRecorded) {
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kEpollWait, 5, 8, 30'000'000)),
            "epfd 5, maxevents 8, timeout 30.00 ms");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kEpollPwait2, 5, 64, -1)),
            "epfd 5, maxevents 64, timeout infinite");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kEpollWait, 5, 8, 0, 0)), "0 events (timed out)");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kEpollWait, 5, 8, 0, 3)), "3 events");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kClone, 0x3d0f00, 0, 0)), "flags 0x3d0f00");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kClone3, 0x3d0f00, 88, 0, 4321)), "tid 4321");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kClone, 0x11, 0, 0, 4321)), "pid 4321");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kExecve, 0, 0, 0), "/bin/true"), "\"/bin/true\"");
  EXPECT_EQ(FormatSyscallArguments(Span(sc::kExecveat, -100, 0x1000, 0), "/bin/true"),
            "\"/bin/true\", dirfd -100, flags 0x1000");
}

TEST(SyscallFormat, OtherCallsGetRawHexArgumentsAndNumbers) {
  constexpr int32_t kMmap = 9;
  EXPECT_EQ(FormatSyscallArguments(Span(kMmap, 0, 4096, 3)), "0, 0x1000, 0x3");
  EXPECT_EQ(FormatSyscallArguments(Span(kMmap, -1, 0, 0)), "0xffffffffffffffff, 0, 0");
  EXPECT_EQ(FormatSyscallResult(Span(kMmap, 0, 4096, 3, 77)), "77");
  EXPECT_EQ(FormatSyscallResult(Span(kMmap, 0, 4096, 3, -12)), "-ENOMEM");
}

TEST(SyscallFormat, ErrnoNamesAndUnnamedErrors) {
  EXPECT_EQ(ErrnoName(11), "EAGAIN");
  EXPECT_EQ(ErrnoName(4), "EINTR");
  EXPECT_EQ(ErrnoName(110), "ETIMEDOUT");
  EXPECT_EQ(ErrnoName(2), "ENOENT");
  EXPECT_EQ(ErrnoName(512), "ERESTARTSYS");
  EXPECT_EQ(ErrnoName(0), "");
  EXPECT_EQ(ErrnoName(4000), "");
  EXPECT_EQ(FormatSyscallResult(Span(sc::kRead, 3, 0, 1, -4000)), "-errno 4000");
  // Below -4095 is not an error code: a value (here clamped by the model).
  EXPECT_EQ(FormatSyscallResult(Span(999, 0, 0, 0, -5000)), "-5000");
}

}  // namespace
}  // namespace ctrace::viewer
