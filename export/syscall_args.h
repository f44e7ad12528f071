// What an exported syscall span is called and which of its recorded arguments mean
// something (docs/trace-format.md, "syscall_enter.args"): both exports name them alike.
#ifndef CTRACE_EXPORT_SYSCALL_ARGS_H_
#define CTRACE_EXPORT_SYSCALL_ARGS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "model/thread_timeline.h"

namespace ctrace {

struct NamedArg {
  std::string_view name;
  int64_t value;
};

struct SyscallArgs {
  NamedArg args[3];
  int count = 0;
  bool has_filename = false;  // execve/execveat: span.str is the filename asked for
};

// The span's meaningful arguments, by syscall: epoll_wait* (epfd, maxevents, timeout_ns),
// clone (flags), clone3 (flags, size), execveat (dirfd, flags); an unknown call gets its
// three raw arguments as arg0..arg2.
SyscallArgs ArgsOf(const SyscallSpan& span);

// "epoll_wait", or "syscall 123" for a number ctrace has no name for.
std::string SyscallTitle(int32_t nr);

}  // namespace ctrace

#endif  // CTRACE_EXPORT_SYSCALL_ARGS_H_
