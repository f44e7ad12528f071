#include "export/syscall_args.h"

#include "absl/strings/str_cat.h"
#include "format/event.h"

namespace ctrace {

SyscallArgs ArgsOf(const SyscallSpan& span) {
  namespace sc = syscall_nr;
  SyscallArgs a;
  auto add = [&](std::string_view name, int64_t value) { a.args[a.count++] = {name, value}; };
  switch (span.nr) {
    case sc::kEpollWait:
    case sc::kEpollPwait:
    case sc::kEpollPwait2:
      add("epfd", span.args[0]);
      add("maxevents", span.args[1]);
      add("timeout_ns", span.args[2]);
      break;
    case sc::kClone:
      add("flags", span.args[0]);
      break;
    case sc::kClone3:
      add("flags", span.args[0]);
      add("size", span.args[1]);
      break;
    case sc::kFork:
    case sc::kVfork:
      break;
    case sc::kExecve:
      a.has_filename = true;
      break;
    case sc::kExecveat:
      add("dirfd", span.args[0]);
      add("flags", span.args[1]);
      a.has_filename = true;
      break;
    default:
      add("arg0", span.args[0]);
      add("arg1", span.args[1]);
      add("arg2", span.args[2]);
  }
  return a;
}

std::string SyscallTitle(int32_t nr) {
  std::string_view name = SyscallName(nr);
  return name.empty() ? absl::StrCat("syscall ", nr) : std::string(name);
}

}  // namespace ctrace
