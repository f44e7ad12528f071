// Everything ctrace knows about a syscall number, in one place: the numbers it gives meaning
// to, their names (every x86-64 call up to Linux 6.18), what a thread sleeping in one waits
// for, which calls the recorder always records, what it keeps of their arguments and what
// each argument and result means. The model (block reasons, creations), the exports (argument
// names) and the viewer (argument and result text) all read this table; the BPF side's own
// numbers (bpf/events.h) are checked against it at compile time
// (collector/record_converter.cpp).
//
// Trace files store x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl): the recorder is
// built for x86-64 only, and a trace read on another machine means the same.
#ifndef CTRACE_FORMAT_SYSCALL_TABLE_H_
#define CTRACE_FORMAT_SYSCALL_TABLE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace ctrace {

namespace syscall_nr {
inline constexpr int32_t kRead = 0;
inline constexpr int32_t kWrite = 1;
inline constexpr int32_t kPoll = 7;
inline constexpr int32_t kPread64 = 17;
inline constexpr int32_t kPwrite64 = 18;
inline constexpr int32_t kReadv = 19;
inline constexpr int32_t kWritev = 20;
inline constexpr int32_t kSelect = 23;
inline constexpr int32_t kNanosleep = 35;
inline constexpr int32_t kSendfile = 40;
inline constexpr int32_t kConnect = 42;
inline constexpr int32_t kAccept = 43;
inline constexpr int32_t kSendto = 44;
inline constexpr int32_t kRecvfrom = 45;
inline constexpr int32_t kSendmsg = 46;
inline constexpr int32_t kRecvmsg = 47;
inline constexpr int32_t kClone = 56;
inline constexpr int32_t kFork = 57;
inline constexpr int32_t kVfork = 58;
inline constexpr int32_t kExecve = 59;
inline constexpr int32_t kWait4 = 61;
inline constexpr int32_t kFutex = 202;
inline constexpr int32_t kClockNanosleep = 230;
inline constexpr int32_t kEpollWait = 232;
inline constexpr int32_t kWaitid = 247;
inline constexpr int32_t kPselect6 = 270;
inline constexpr int32_t kPpoll = 271;
inline constexpr int32_t kSplice = 275;
inline constexpr int32_t kEpollPwait = 281;
inline constexpr int32_t kAccept4 = 288;
inline constexpr int32_t kPreadv = 295;
inline constexpr int32_t kPwritev = 296;
inline constexpr int32_t kRecvmmsg = 299;
inline constexpr int32_t kSendmmsg = 307;
inline constexpr int32_t kExecveat = 322;
inline constexpr int32_t kPreadv2 = 327;
inline constexpr int32_t kPwritev2 = 328;
inline constexpr int32_t kIoUringEnter = 426;
inline constexpr int32_t kClone3 = 435;
inline constexpr int32_t kEpollPwait2 = 441;
inline constexpr int32_t kFutexWaitv = 449;
}  // namespace syscall_nr

// Name of an x86-64 syscall number ("epoll_wait"), every one up to Linux 6.18's table, or ""
// for a number that table does not name.
std::string_view SyscallName(int32_t nr);

// What a thread sleeping interruptibly in the call waits for. The order is the model's
// BlockReason's (model/thread_state.h), which is built on it.
enum class SyscallWait : uint8_t { kEpoll, kFutex, kIo, kPoll, kSleep, kWait, kOther };

// What one recorded argument means, and so how it is shown.
enum class ArgKind : uint8_t {
  kRaw,          // not described: shown as hex, without a name
  kNotKept,      // a pointer or value that means nothing without the memory behind it
  kInt64,        // a signed number, whole (the recorder normalised it)
  kInt32,        // a C int in a register (fds, int counts): its low 32 bits
  kUint32,       // a C unsigned int in a register: its low 32 bits
  kUnsigned,     // a size_t count, whole
  kHex,          // flags or an address, in hex
  kHex32,        // int flags, the low 32 bits in hex
  kTimeoutNs,    // epoll's timeout as the recorder normalised it: ns, negative waits forever
  kTimeoutMs,    // poll's timeout: ms, negative waits forever
  kTimespecPtr,  // a struct timespec * timeout the recorder does not read: NULL waits forever
  kFutexOp,      // futex's op: the command and its flags
  kClockId,      // a clockid_t
  kTimerFlags,   // clock_nanosleep's flags: TIMER_ABSTIME or nothing
  kWaitOptions,  // wait4's options bits
  kIdType,       // waitid's idtype_t
};

// What a successful result counts.
enum class ResultKind : uint8_t {
  kNumber,   // just the number
  kBytes,    // bytes transferred
  kFd,       // a new file descriptor
  kReady,    // ready descriptors (0: timed out)
  kEvents,   // epoll events (0: timed out)
  kFutex,    // woken waiters for a wake operation, else the number
  kCloneId,  // the new thread's tid or process's pid, by CLONE_THREAD in the flags
  kPid,      // the new process's pid
  kWait4,    // the child that changed state (0: none did, with WNOHANG)
};

struct SyscallArg {
  std::string_view key;  // its name, as exports name it ("timeout_ns": the unit in the name)
  ArgKind kind;
};

struct SyscallInfo {
  int32_t nr;
  SyscallWait wait;
  // Recorded (enter and exit) for every traced thread even without --syscalls, its
  // arguments normalised by the recorder: the creation, exec and epoll calls.
  bool recorded_by_default = false;
  bool creates_task = false;  // clone, clone3, fork, vfork: its child is created inside it
  bool has_filename = false;  // execve, execveat: the event's string is the path asked for
  ResultKind result = ResultKind::kNumber;
  std::array<SyscallArg, 3> args = {};
};

namespace syscall_table_internal {
using A = ArgKind;
using W = SyscallWait;
using R = ResultKind;
namespace nr = syscall_nr;
inline constexpr SyscallArg kRaw{"", A::kRaw};
inline constexpr SyscallArg kNotKept{"", A::kNotKept};
inline constexpr std::array<SyscallArg, 3> kRawArgs = {kRaw, kRaw, kRaw};
inline constexpr std::array<SyscallArg, 3> kNoArgs = {kNotKept, kNotKept, kNotKept};
inline constexpr std::array<SyscallArg, 3> kFdBufCount = {
    {{"fd", A::kInt32}, kNotKept, {"count", A::kUnsigned}}};
inline constexpr std::array<SyscallArg, 3> kFdIovCount = {
    {{"fd", A::kInt32}, kNotKept, {"iovcnt", A::kInt32}}};
inline constexpr std::array<SyscallArg, 3> kFdBufLen = {
    {{"fd", A::kInt32}, kNotKept, {"len", A::kUnsigned}}};
inline constexpr std::array<SyscallArg, 3> kFdMsgFlags = {
    {{"fd", A::kInt32}, kNotKept, {"flags", A::kHex32}}};
inline constexpr std::array<SyscallArg, 3> kFdOnly = {{{"fd", A::kInt32}, kNotKept, kNotKept}};
inline constexpr std::array<SyscallArg, 3> kNfdsOnly = {{{"nfds", A::kInt32}, kNotKept, kNotKept}};
inline constexpr std::array<SyscallArg, 3> kEpollArgs = {
    {{"epfd", A::kInt64}, {"maxevents", A::kInt64}, {"timeout_ns", A::kTimeoutNs}}};

inline constexpr SyscallInfo kTable[] = {
    {nr::kRead, W::kIo, false, false, false, R::kBytes, kFdBufCount},
    {nr::kWrite, W::kIo, false, false, false, R::kBytes, kFdBufCount},
    {nr::kPoll,
     W::kPoll,
     false,
     false,
     false,
     R::kReady,
     {{kNotKept, {"nfds", A::kUint32}, {"timeout", A::kTimeoutMs}}}},
    {nr::kPread64, W::kIo, false, false, false, R::kBytes, kFdBufCount},
    {nr::kPwrite64, W::kIo, false, false, false, R::kBytes, kFdBufCount},
    {nr::kReadv, W::kIo, false, false, false, R::kBytes, kFdIovCount},
    {nr::kWritev, W::kIo, false, false, false, R::kBytes, kFdIovCount},
    {nr::kSelect, W::kPoll, false, false, false, R::kReady, kNfdsOnly},
    {nr::kNanosleep,
     W::kSleep,
     false,
     false,
     false,
     R::kNumber,
     {{{"req", A::kHex}, kNotKept, kNotKept}}},
    {nr::kSendfile, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kConnect,
     W::kIo,
     false,
     false,
     false,
     R::kNumber,
     {{{"fd", A::kInt32}, kNotKept, {"addrlen", A::kInt32}}}},
    {nr::kAccept, W::kIo, false, false, false, R::kFd, kFdOnly},
    {nr::kSendto, W::kIo, false, false, false, R::kBytes, kFdBufLen},
    {nr::kRecvfrom, W::kIo, false, false, false, R::kBytes, kFdBufLen},
    {nr::kSendmsg, W::kIo, false, false, false, R::kBytes, kFdMsgFlags},
    {nr::kRecvmsg, W::kIo, false, false, false, R::kBytes, kFdMsgFlags},
    {nr::kClone,
     W::kOther,
     true,
     true,
     false,
     R::kCloneId,
     {{{"flags", A::kHex}, kNotKept, kNotKept}}},
    {nr::kFork, W::kOther, true, true, false, R::kPid, kNoArgs},
    {nr::kVfork, W::kOther, true, true, false, R::kPid, kNoArgs},
    {nr::kExecve, W::kOther, true, false, true, R::kNumber, kNoArgs},
    {nr::kWait4,
     W::kWait,
     false,
     false,
     false,
     R::kWait4,
     {{{"pid", A::kInt32}, kNotKept, {"options", A::kWaitOptions}}}},
    {nr::kFutex,
     W::kFutex,
     false,
     false,
     false,
     R::kFutex,
     {{{"uaddr", A::kHex}, {"op", A::kFutexOp}, {"val", A::kInt32}}}},
    {nr::kClockNanosleep,
     W::kSleep,
     false,
     false,
     false,
     R::kNumber,
     {{{"clockid", A::kClockId}, {"flags", A::kTimerFlags}, kNotKept}}},
    {nr::kEpollWait, W::kEpoll, true, false, false, R::kEvents, kEpollArgs},
    {nr::kWaitid,
     W::kWait,
     false,
     false,
     false,
     R::kNumber,
     {{{"idtype", A::kIdType}, {"id", A::kInt32}, kNotKept}}},
    {nr::kPselect6, W::kPoll, false, false, false, R::kReady, kNfdsOnly},
    {nr::kPpoll,
     W::kPoll,
     false,
     false,
     false,
     R::kReady,
     {{kNotKept, {"nfds", A::kUint32}, {"tsp", A::kTimespecPtr}}}},
    {nr::kSplice, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kEpollPwait, W::kEpoll, true, false, false, R::kEvents, kEpollArgs},
    {nr::kAccept4, W::kIo, false, false, false, R::kFd, kFdOnly},
    {nr::kPreadv, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kPwritev, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kRecvmmsg, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kSendmmsg, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kExecveat,
     W::kOther,
     true,
     false,
     true,
     R::kNumber,
     {{{"dirfd", A::kInt64}, {"flags", A::kHex}, kNotKept}}},
    {nr::kPreadv2, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kPwritev2, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kIoUringEnter, W::kIo, false, false, false, R::kNumber, kRawArgs},
    {nr::kClone3,
     W::kOther,
     true,
     true,
     false,
     R::kCloneId,
     {{{"flags", A::kHex}, {"size", A::kInt64}, kNotKept}}},
    {nr::kEpollPwait2, W::kEpoll, true, false, false, R::kEvents, kEpollArgs},
    {nr::kFutexWaitv, W::kFutex, false, false, false, R::kNumber, kRawArgs},
};

constexpr bool SortedByNumber() {
  for (size_t i = 1; i < std::size(kTable); ++i) {
    if (kTable[i - 1].nr >= kTable[i].nr) return false;
  }
  return true;
}
static_assert(SortedByNumber(), "the syscall table is kept in number order, each number once");

// Row index + 1 by number (0: no row), so a lookup is one load: the model looks up the call
// of every switch-out.
inline constexpr int32_t kIndexSize = kTable[std::size(kTable) - 1].nr + 1;
inline constexpr auto kIndexByNr = [] {
  std::array<uint8_t, kIndexSize> index{};
  for (size_t i = 0; i < std::size(kTable); ++i) {
    index[static_cast<size_t>(kTable[i].nr)] = static_cast<uint8_t>(i + 1);
  }
  return index;
}();
static_assert(std::size(kTable) < 255);
}  // namespace syscall_table_internal

// Every syscall ctrace gives meaning to, in number order.
inline constexpr std::span<const SyscallInfo> SyscallTable() {
  return syscall_table_internal::kTable;
}

// The table's row for `nr`, or nullptr for a call ctrace gives no meaning to (it waits for
// "other", its arguments are raw, its result a number).
constexpr const SyscallInfo* FindSyscall(int32_t nr) {
  namespace t = syscall_table_internal;
  if (nr < 0 || nr >= t::kIndexSize) return nullptr;
  const uint8_t row = t::kIndexByNr[static_cast<size_t>(nr)];
  return row == 0 ? nullptr : &t::kTable[row - 1];
}

constexpr SyscallWait WaitOf(int32_t nr) {
  const SyscallInfo* s = FindSyscall(nr);
  return s == nullptr ? SyscallWait::kOther : s->wait;
}
constexpr bool IsRecordedByDefault(int32_t nr) {
  const SyscallInfo* s = FindSyscall(nr);
  return s != nullptr && s->recorded_by_default;
}
constexpr bool CreatesTask(int32_t nr) {
  const SyscallInfo* s = FindSyscall(nr);
  return s != nullptr && s->creates_task;
}
constexpr bool HasFilename(int32_t nr) {
  const SyscallInfo* s = FindSyscall(nr);
  return s != nullptr && s->has_filename;
}

}  // namespace ctrace

#endif  // CTRACE_FORMAT_SYSCALL_TABLE_H_
