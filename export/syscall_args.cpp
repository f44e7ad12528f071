#include "export/syscall_args.h"

#include "absl/strings/str_cat.h"
#include "format/event.h"
#include "format/syscall_table.h"

namespace ctrace {

SyscallArgs ArgsOf(const SyscallSpan& span) {
  SyscallArgs a;
  const SyscallInfo* info = FindSyscall(span.nr);
  if (info != nullptr && info->recorded_by_default) {
    // The recorder normalised these calls' arguments: the ones it keeps have names.
    for (size_t i = 0; i < info->args.size(); ++i) {
      if (info->args[i].kind != ArgKind::kNotKept) {
        a.args[a.count++] = {info->args[i].key, span.args[i]};
      }
    }
    a.has_filename = info->has_filename;
    return a;
  }
  // Any other call (--syscalls): its three raw register values.
  for (std::string_view name : {"arg0", "arg1", "arg2"}) {
    a.args[a.count] = {name, span.args[a.count]};
    ++a.count;
  }
  return a;
}

std::string SyscallTitle(int32_t nr) {
  std::string_view name = SyscallName(nr);
  return name.empty() ? absl::StrCat("syscall ", nr) : std::string(name);
}

}  // namespace ctrace
