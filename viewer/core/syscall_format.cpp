#include "viewer/core/syscall_format.h"

#include <initializer_list>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/event.h"
#include "format/string_view_compat.h"
#include "viewer/core/time_format.h"

namespace ctrace::viewer {
namespace {

namespace sc = syscall_nr;

// Linux's numbers, the same on every architecture ctrace records (include/uapi/linux/futex.h,
// include/uapi/asm-generic/errno*.h, include/linux/errno.h, include/uapi/linux/time.h,
// include/uapi/linux/wait.h). Written out: the trace may be read on another machine.
constexpr int64_t kFutexPrivateFlag = 128;
constexpr int64_t kFutexClockRealtime = 256;
constexpr int64_t kCloneThread = 0x10000;
constexpr int64_t kTimerAbstime = 1;

// Register arguments declared int in the kernel (fds, counts of int type, futex's op and val)
// are its low 32 bits: the upper half of the register is not defined.
int32_t Int(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }
uint32_t UInt(int64_t v) { return static_cast<uint32_t>(v); }

std::string Hex(int64_t v) { return absl::StrFormat("%#x", static_cast<uint64_t>(v)); }

// Names of the set bits of `v` from `names`, joined by '|', any bit left over as hex; "0"
// when none is set.
std::string Flags(uint64_t v, std::initializer_list<std::pair<uint64_t, const char*>> names) {
  std::string out;
  for (const auto& [bit, name] : names) {
    if ((v & bit) == 0) continue;
    absl::StrAppend(&out, out.empty() ? "" : "|", name);
    v &= ~bit;
  }
  if (v != 0 || out.empty())
    absl::StrAppend(&out, out.empty() ? "" : "|", absl::StrFormat("%#x", v));
  return out;
}

std::string ClockName(int64_t id) {
  switch (Int(id)) {
    case 0:
      return "CLOCK_REALTIME";
    case 1:
      return "CLOCK_MONOTONIC";
    case 2:
      return "CLOCK_PROCESS_CPUTIME_ID";
    case 3:
      return "CLOCK_THREAD_CPUTIME_ID";
    case 4:
      return "CLOCK_MONOTONIC_RAW";
    case 5:
      return "CLOCK_REALTIME_COARSE";
    case 6:
      return "CLOCK_MONOTONIC_COARSE";
    case 7:
      return "CLOCK_BOOTTIME";
    case 8:
      return "CLOCK_REALTIME_ALARM";
    case 9:
      return "CLOCK_BOOTTIME_ALARM";
    case 11:
      return "CLOCK_TAI";
    default:
      return absl::StrCat("clock ", Int(id));
  }
}

std::string WaitOptions(int64_t options) {
  return Flags(UInt(options), {{1, "WNOHANG"},
                               {2, "WUNTRACED"},
                               {4, "WEXITED"},
                               {8, "WCONTINUED"},
                               {0x01000000, "WNOWAIT"},
                               {0x20000000, "__WNOTHREAD"},
                               {0x40000000, "__WALL"},
                               {0x80000000, "__WCLONE"}});
}

std::string IdType(int64_t idtype) {
  switch (Int(idtype)) {
    case 0:
      return "P_ALL";
    case 1:
      return "P_PID";
    case 2:
      return "P_PGID";
    case 3:
      return "P_PIDFD";
    default:
      return absl::StrCat(Int(idtype));
  }
}

// poll's timeout, in milliseconds; negative waits forever.
std::string PollTimeout(int64_t ms) {
  return Int(ms) < 0 ? "infinite" : FormatDuration(static_cast<double>(Int(ms)) * 1e6);
}

bool IsFutexWake(int64_t op) {
  switch (op & 127) {
    case 1:   // FUTEX_WAKE
    case 3:   // FUTEX_REQUEUE
    case 4:   // FUTEX_CMP_REQUEUE
    case 5:   // FUTEX_WAKE_OP
    case 10:  // FUTEX_WAKE_BITSET
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string_view ErrnoName(int64_t err) {
  switch (err) {
    case 1:
      return "EPERM";
    case 2:
      return "ENOENT";
    case 3:
      return "ESRCH";
    case 4:
      return "EINTR";
    case 5:
      return "EIO";
    case 6:
      return "ENXIO";
    case 7:
      return "E2BIG";
    case 8:
      return "ENOEXEC";
    case 9:
      return "EBADF";
    case 10:
      return "ECHILD";
    case 11:
      return "EAGAIN";
    case 12:
      return "ENOMEM";
    case 13:
      return "EACCES";
    case 14:
      return "EFAULT";
    case 16:
      return "EBUSY";
    case 17:
      return "EEXIST";
    case 19:
      return "ENODEV";
    case 20:
      return "ENOTDIR";
    case 21:
      return "EISDIR";
    case 22:
      return "EINVAL";
    case 23:
      return "ENFILE";
    case 24:
      return "EMFILE";
    case 25:
      return "ENOTTY";
    case 27:
      return "EFBIG";
    case 28:
      return "ENOSPC";
    case 29:
      return "ESPIPE";
    case 30:
      return "EROFS";
    case 32:
      return "EPIPE";
    case 35:
      return "EDEADLK";
    case 36:
      return "ENAMETOOLONG";
    case 38:
      return "ENOSYS";
    case 39:
      return "ENOTEMPTY";
    case 40:
      return "ELOOP";
    case 88:
      return "ENOTSOCK";
    case 90:
      return "EMSGSIZE";
    case 95:
      return "EOPNOTSUPP";
    case 98:
      return "EADDRINUSE";
    case 99:
      return "EADDRNOTAVAIL";
    case 101:
      return "ENETUNREACH";
    case 103:
      return "ECONNABORTED";
    case 104:
      return "ECONNRESET";
    case 105:
      return "ENOBUFS";
    case 106:
      return "EISCONN";
    case 107:
      return "ENOTCONN";
    case 110:
      return "ETIMEDOUT";
    case 111:
      return "ECONNREFUSED";
    case 113:
      return "EHOSTUNREACH";
    case 114:
      return "EALREADY";
    case 115:
      return "EINPROGRESS";
    case 125:
      return "ECANCELED";
    case 130:
      return "EOWNERDEAD";
    // Kernel-internal (include/linux/errno.h): a sleep a signal interrupted, returned to the
    // syscall exit path, which restarts the call or turns it into EINTR.
    case 512:
      return "ERESTARTSYS";
    case 513:
      return "ERESTARTNOINTR";
    case 514:
      return "ERESTARTNOHAND";
    case 516:
      return "ERESTART_RESTARTBLOCK";
    default:
      return "";
  }
}

std::string FutexOpName(int64_t op) {
  static constexpr const char* kCommands[] = {
      "FUTEX_WAIT",           "FUTEX_WAKE",        "FUTEX_FD",          "FUTEX_REQUEUE",
      "FUTEX_CMP_REQUEUE",    "FUTEX_WAKE_OP",     "FUTEX_LOCK_PI",     "FUTEX_UNLOCK_PI",
      "FUTEX_TRYLOCK_PI",     "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
      "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2"};
  const int32_t o = Int(op);
  const int32_t cmd = o & ~static_cast<int32_t>(kFutexPrivateFlag | kFutexClockRealtime);
  std::string out = cmd >= 0 && static_cast<size_t>(cmd) < std::size(kCommands)
                        ? std::string(kCommands[cmd])
                        : absl::StrCat("FUTEX_", cmd);
  if (o & kFutexPrivateFlag) out += "_PRIVATE";
  if (o & kFutexClockRealtime) out += "|FUTEX_CLOCK_REALTIME";
  return out;
}

std::string FormatSyscallArguments(const SyscallSpan& s, std::string_view filename) {
  const int64_t* a = s.args;
  switch (s.nr) {
    case sc::kEpollWait:
    case sc::kEpollPwait:
    case sc::kEpollPwait2:
      return absl::StrFormat(
          "epfd %d, maxevents %d, timeout %s", a[0], a[1],
          a[2] < 0 ? std::string("infinite") : FormatDuration(static_cast<double>(a[2])));
    case sc::kExecve:
      return absl::StrCat("\"", ToAbsl(filename), "\"");
    case sc::kExecveat:
      return absl::StrFormat("\"%s\", dirfd %d, flags %#x", ToAbsl(filename), a[0], a[1]);
    case sc::kClone:
      return absl::StrCat("flags ", Hex(a[0]));
    case sc::kClone3:
      return absl::StrCat("flags ", Hex(a[0]), ", size ", a[1]);
    case sc::kFork:
    case sc::kVfork:
      return "";
    case sc::kFutex:
      return absl::StrCat("uaddr ", Hex(a[0]), ", ", FutexOpName(a[1]), ", val ", Int(a[2]));
    case sc::kRead:
    case sc::kWrite:
    case sc::kPread64:
    case sc::kPwrite64:
      return absl::StrCat("fd ", Int(a[0]), ", count ", static_cast<uint64_t>(a[2]));
    case sc::kReadv:
    case sc::kWritev:
      return absl::StrCat("fd ", Int(a[0]), ", iovcnt ", Int(a[2]));
    case sc::kRecvfrom:
    case sc::kSendto:
      return absl::StrCat("fd ", Int(a[0]), ", len ", static_cast<uint64_t>(a[2]));
    case sc::kRecvmsg:
    case sc::kSendmsg:
      return absl::StrCat("fd ", Int(a[0]), ", flags ", Hex(UInt(a[2])));
    case sc::kAccept:
    case sc::kAccept4:
      return absl::StrCat("fd ", Int(a[0]));
    case sc::kConnect:
      return absl::StrCat("fd ", Int(a[0]), ", addrlen ", Int(a[2]));
    case sc::kPoll:
      return absl::StrCat("nfds ", UInt(a[1]), ", timeout ", PollTimeout(a[2]));
    case sc::kPpoll:
      // The timeout is a pointer to a timespec the recorder does not read; NULL waits forever.
      return absl::StrCat("nfds ", UInt(a[1]),
                          a[2] == 0 ? ", timeout infinite" : absl::StrCat(", tsp ", Hex(a[2])));
    case sc::kSelect:
    case sc::kPselect6:
      return absl::StrCat("nfds ", Int(a[0]));
    case sc::kNanosleep:
      return absl::StrCat("req ", Hex(a[0]));
    case sc::kClockNanosleep:
      return absl::StrCat(ClockName(a[0]), (a[1] & kTimerAbstime) ? ", TIMER_ABSTIME" : "");
    case sc::kWait4:
      return absl::StrCat("pid ", Int(a[0]), ", options ", WaitOptions(a[2]));
    case sc::kWaitid:
      return absl::StrCat("idtype ", IdType(a[0]), ", id ", Int(a[1]));
    default:
      return absl::StrCat(Hex(a[0]), ", ", Hex(a[1]), ", ", Hex(a[2]));
  }
}

std::string FormatSyscallResult(const SyscallSpan& s) {
  const int64_t ret = s.ret;
  // The kernel returns -errno in [-4095, -1] (include/linux/err.h, MAX_ERRNO).
  if (ret < 0 && ret >= -4095) {
    std::string_view name = ErrnoName(-ret);
    return name.empty() ? absl::StrCat("-errno ", -ret) : absl::StrCat("-", ToAbsl(name));
  }
  switch (s.nr) {
    case sc::kRead:
    case sc::kWrite:
    case sc::kPread64:
    case sc::kPwrite64:
    case sc::kReadv:
    case sc::kWritev:
    case sc::kRecvfrom:
    case sc::kSendto:
    case sc::kRecvmsg:
    case sc::kSendmsg:
      return absl::StrCat(ret, ret == 1 ? " byte" : " bytes");
    case sc::kAccept:
    case sc::kAccept4:
      return absl::StrCat("fd ", ret);
    case sc::kPoll:
    case sc::kPpoll:
    case sc::kSelect:
    case sc::kPselect6:
      return ret == 0 ? "0 ready (timed out)" : absl::StrCat(ret, " ready");
    case sc::kEpollWait:
    case sc::kEpollPwait:
    case sc::kEpollPwait2:
      return ret == 0 ? "0 events (timed out)" : absl::StrCat(ret, ret == 1 ? " event" : " events");
    case sc::kFutex:
      return IsFutexWake(Int(s.args[1])) ? absl::StrCat(ret, " woken") : absl::StrCat(ret);
    case sc::kClone:
    case sc::kClone3:
      return absl::StrCat((s.args[0] & kCloneThread) ? "tid " : "pid ", ret);
    case sc::kFork:
    case sc::kVfork:
      return absl::StrCat("pid ", ret);
    case sc::kWait4:
      return ret == 0 ? "0 (no child changed state)" : absl::StrCat("pid ", ret);
    default:
      return absl::StrCat(ret);
  }
}

}  // namespace ctrace::viewer
