// The goroutines a running Go program already has, read from its memory when the recorder
// attaches (`ctrace record -p`, or a Go program exec'd by a traced one): the probes only see
// goroutines change, so without this a goroutine created before the attach would stay
// unnamed and its wait unexplained until it ends. The runtime keeps every g it ever made in
// runtime.allgs (a slice that only grows; allglen is its length, stored after the element):
// read with process_vm_readv, each field checked, since the program's memory is untrusted
// and keeps changing while it is read.
#ifndef CTRACE_COLLECTOR_GO_GOROUTINE_LIST_H_
#define CTRACE_COLLECTOR_GO_GOROUTINE_LIST_H_

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "collector/go_binary.h"

namespace ctrace {

struct GoroutineAtAttach {
  uint64_t goid = 0;
  uint64_t parent_goid = 0;  // 0 where the runtime does not keep it (before Go 1.21)
  uint32_t status = 0;       // without the _Gscan bit: 1 runnable, 2 running, 3 syscall, 4 ...
  uint8_t wait_reason = 0;   // g.waitreason, meaningful while waiting (4)
  uint64_t start_pc = 0;     // g.startpc, as a link-time address (less the load bias)
};

// The live goroutines of process `pid` running `binary` (not dead or idle ones, which
// allgs also holds). FailedPrecondition if the binary has no runtime.allgs symbol
// (stripped); Unavailable if the process's memory cannot be read (it exited). A g that cannot
// be read is left out. A position-independent binary's addresses are moved by its load bias
// (from /proc/PID/maps).
absl::StatusOr<std::vector<GoroutineAtAttach>> ReadGoroutines(pid_t pid, const GoBinary& binary);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_GO_GOROUTINE_LIST_H_
