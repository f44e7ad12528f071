// Text for a recorded syscall's arguments and result, by syscall number, as the details panel
// shows them: "fd 3, count 4096" and "4096 bytes" or "-EAGAIN". The arguments are what the
// recorder kept (docs/trace-format.md, "Syscall arguments"): epoll's and clone's as ctrace
// normalised them, the first three raw register values for every other call (--syscalls).
#ifndef CTRACE_VIEWER_CORE_SYSCALL_FORMAT_H_
#define CTRACE_VIEWER_CORE_SYSCALL_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "model/thread_timeline.h"

namespace ctrace::viewer {

// The span's arguments named by their meaning for the common blocking calls (futex with its
// operation decoded, read/write and friends, sockets, poll/select, sleeps, wait4/waitid,
// epoll, clone, execve) and as three hex values for any other call. `filename` is the
// execve/execveat path asked for (the span's `str`), unused for other calls.
std::string FormatSyscallArguments(const SyscallSpan& span, std::string_view filename = {});

// The span's result (`ret`; meaningful once it returned): an error as its errno name
// ("-EAGAIN", "-errno 200" for one without a name here), a success by what it counts
// ("5 bytes", "fd 7", "2 ready", "1 woken", "3 events", "pid 1234"), or the number.
std::string FormatSyscallResult(const SyscallSpan& span);

// "EAGAIN" for 11, the kernel-internal restart codes too ("ERESTARTSYS" for 512: a sleep
// interrupted by a signal, seen at syscall exit before the kernel restarts the call); ""
// for a number without a name here.
std::string_view ErrnoName(int64_t err);

// futex's op argument: "FUTEX_WAIT_PRIVATE", "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME",
// "FUTEX_LOCK_PI"; an unknown command as "FUTEX_<n>".
std::string FutexOpName(int64_t op);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_SYSCALL_FORMAT_H_
