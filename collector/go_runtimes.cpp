#include "collector/go_runtimes.h"

#include "absl/strings/str_cat.h"
#include "bpf/events.h"

namespace ctrace {

std::string_view GoRuntimes::StartFunction(uint32_t index, uint64_t start_pc) const {
  if (index >= binaries_.size()) return "";
  const GoBinary& b = binaries_[index];
  // A position-independent binary's functions are not where its symbols say: not named.
  return b.position_independent ? "" : b.GoroutineName(start_pc);
}

std::string GoRuntimes::Reason(uint32_t code) const {
  switch (code) {
    case CTRACE_GO_REASON_RUNNABLE:
      return "runnable";  // yielded (Gosched) or preempted by the scheduler
    case CTRACE_GO_REASON_PREEMPTED:
      return "preempted";  // stopped by the GC
    case CTRACE_GO_REASON_SYSCALL:
      return "syscall returned";  // out of a syscall with no P to run on
    default:
      break;
  }
  const uint32_t index = code >> 8, reason = code & 0xff;
  if (index < binaries_.size()) {
    const std::vector<std::string>& names = binaries_[index].wait_reasons;
    if (reason < names.size() && !names[reason].empty()) return names[reason];
  }
  return absl::StrCat("wait reason ", reason);
}

}  // namespace ctrace
