#include "collector/go_runtimes.h"

#include "absl/strings/str_cat.h"
#include "bpf/events.h"

namespace ctrace {

std::string WhyGoroutinesAreNotFollowed(const std::string& path, const GoBinary& go) {
  if (go.major != 1 || go.minor < kFirstGoMinor || go.minor > kLastGoMinor) {
    return absl::StrCat(path, ": built by ", go.version, ", and ctrace follows goroutines of Go 1.",
                        kFirstGoMinor, " to 1.", kLastGoMinor);
  }
  if (!go.has_symbols()) {
    return go.symbols_problem.empty()
               ? absl::StrCat(path, ": its Go runtime has no runtime.casgstatus")
               : go.symbols_problem;  // stripped, and its function table unreadable
  }
  if (!go.probe_problem.empty()) return absl::StrCat(path, ": ", go.probe_problem);
  if (!go.FileOffset(go.casgstatus_probe) || !go.FileOffset(go.creation_probe())) {
    return absl::StrCat(path, ": its runtime's code is not in the file");
  }
  return "";
}

std::string_view GoRuntimes::StartFunction(uint32_t index, uint64_t start_pc) const {
  if (index >= binaries_.size()) return "";
  // start_pc is a link-time address (the probe took the load bias off).
  return binaries_[index].GoroutineName(start_pc);
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
