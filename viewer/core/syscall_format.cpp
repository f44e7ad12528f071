#include "viewer/core/syscall_format.h"

#include <initializer_list>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/string_view_compat.h"
#include "format/syscall_table.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"

namespace ctrace::viewer {
namespace {

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
  return Int(ms) < 0 ? "infinite" : FormatDurationLabel(static_cast<double>(Int(ms)) * 1e6);
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

namespace {

// One argument's text, or "" when it is not shown: "fd 3", "timeout 1.00 ms",
// "FUTEX_WAIT_PRIVATE" (an operation or clock is its own name).
std::string ArgText(const SyscallArg& arg, int64_t v) {
  // A key with its unit ("timeout_ns") is shown without it: the value carries the unit.
  std::string_view label = arg.key;
  if (label.size() > 3 && label.substr(label.size() - 3) == "_ns") {
    label.remove_suffix(3);
  }
  const auto named = [&](const std::string& value) {
    return absl::StrCat(ToAbsl(label), " ", value);
  };
  switch (arg.kind) {
    case ArgKind::kRaw:
      return Hex(v);
    case ArgKind::kNotKept:
      return "";
    case ArgKind::kInt64:
      return named(absl::StrCat(v));
    case ArgKind::kInt32:
      return named(absl::StrCat(Int(v)));
    case ArgKind::kUint32:
      return named(absl::StrCat(UInt(v)));
    case ArgKind::kUnsigned:
      return named(absl::StrCat(static_cast<uint64_t>(v)));
    case ArgKind::kHex:
      return named(Hex(v));
    case ArgKind::kHex32:
      return named(Hex(UInt(v)));
    case ArgKind::kTimeoutNs:
      return named(v < 0 ? std::string("infinite") : FormatDurationLabel(static_cast<double>(v)));
    case ArgKind::kTimeoutMs:
      return named(PollTimeout(v));
    case ArgKind::kTimespecPtr:
      // The timespec behind it is not read; NULL waits forever.
      return v == 0 ? std::string("timeout infinite") : named(Hex(v));
    case ArgKind::kFutexOp:
      return FutexOpName(v);
    case ArgKind::kClockId:
      return ClockName(v);
    case ArgKind::kTimerFlags:
      return (v & kTimerAbstime) ? "TIMER_ABSTIME" : "";
    case ArgKind::kWaitOptions:
      return named(WaitOptions(v));
    case ArgKind::kIdType:
      return named(IdType(v));
  }
  return Hex(v);
}

// A call the table does not describe: its three raw values.
constexpr SyscallInfo kUndescribed{-1, SyscallWait::kOther};

}  // namespace

std::string FormatSyscallArguments(const SyscallSpan& s, std::string_view filename) {
  const SyscallInfo* info = FindSyscall(s.nr);
  if (info == nullptr) info = &kUndescribed;
  std::string out;
  const auto append = [&out](const std::string& part) {
    if (part.empty()) return;
    absl::StrAppend(&out, out.empty() ? "" : ", ", part);
  };
  if (info->has_filename) append(absl::StrCat("\"", ToAbsl(filename), "\""));
  for (size_t i = 0; i < info->args.size(); ++i) append(ArgText(info->args[i], s.args[i]));
  return out;
}

std::string FormatSyscallResult(const SyscallSpan& s) {
  const int64_t ret = s.ret;
  // The kernel returns -errno in [-4095, -1] (include/linux/err.h, MAX_ERRNO).
  if (ret < 0 && ret >= -4095) {
    std::string_view name = ErrnoName(-ret);
    return name.empty() ? absl::StrCat("-errno ", -ret) : absl::StrCat("-", ToAbsl(name));
  }
  const SyscallInfo* info = FindSyscall(s.nr);
  switch (info == nullptr ? ResultKind::kNumber : info->result) {
    case ResultKind::kNumber:
      return absl::StrCat(ret);
    case ResultKind::kBytes:
      return absl::StrCat(ret, ret == 1 ? " byte" : " bytes");
    case ResultKind::kFd:
      return absl::StrCat("fd ", ret);
    case ResultKind::kReady:
      return ret == 0 ? "0 ready (timed out)" : absl::StrCat(ret, " ready");
    case ResultKind::kEvents:
      return ret == 0 ? "0 events (timed out)" : absl::StrCat(ret, ret == 1 ? " event" : " events");
    case ResultKind::kFutex:
      return IsFutexWake(Int(s.args[1])) ? absl::StrCat(ret, " woken") : absl::StrCat(ret);
    case ResultKind::kCloneId:
      return absl::StrCat((s.args[0] & kCloneThread) ? "tid " : "pid ", ret);
    case ResultKind::kPid:
      return absl::StrCat("pid ", ret);
    case ResultKind::kWait4:
      return ret == 0 ? "0 (no child changed state)" : absl::StrCat("pid ", ret);
  }
  return absl::StrCat(ret);
}

}  // namespace ctrace::viewer
