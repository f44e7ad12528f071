// Where in a function's machine code a uprobe can go cheaply (x86-64).
//
// A uprobe on an instruction the kernel must single-step costs 20-24 us a hit on this VM;
// one it emulates (nop, push, a conditional or direct jump) 0.25-0.55 us (issue 13). Go
// functions start with SUB or CMP, which are stepped, so a probe meant to read a function's
// arguments goes on the first emulated instruction of its straight-line start, provided no
// instruction before it writes a register the probe reads. The decoder knows only the forms
// of a compiled function's prologue (mov, lea, add/sub/cmp/test/bt, movups/xorps, nops, push,
// jumps); anything else ends the search with an error saying what it met, so a new compiler's
// code is refused, never misread.
#ifndef CTRACE_COLLECTOR_PROBE_SPOT_H_
#define CTRACE_COLLECTOR_PROBE_SPOT_H_

#include <cstdint>
#include <span>
#include <string>

#include "absl/status/statusor.h"

namespace ctrace {

// x86-64 general registers by their encoding number.
enum X86Register : unsigned {
  kRax = 0,
  kRcx,
  kRdx,
  kRbx,
  kRsp,
  kRbp,
  kRsi,
  kRdi,
  kR8,
  kR9,
  kR10,
  kR11,
  kR12,
  kR13,
  kR14,
  kR15,
};
constexpr uint32_t RegisterBit(X86Register r) { return 1u << r; }

struct ProbeSpot {
  uint64_t offset = 0;  // from the function's first byte
  std::string kind;     // "nop", "push", "jcc", "jmp"
};

// The first instruction of `code` the kernel emulates, within its first `max_instructions`,
// with no register in `preserved` (RegisterBit mask) written before it. FailedPrecondition,
// saying which instruction stopped the search, if there is none.
absl::StatusOr<ProbeSpot> FindEmulatedProbeSpot(std::span<const uint8_t> code, uint32_t preserved,
                                                int max_instructions = 24);

// The offset just past the one `call` in `code` (at link-time address `code_address`) whose
// target is `callee`: where a probe sees the callee's return value, without a uretprobe (Go
// moves stacks: a return probe's rewritten return address kills the program). NotFound if
// there is no such call, FailedPrecondition if there are several.
absl::StatusOr<uint64_t> FindReturnFromCall(std::span<const uint8_t> code, uint64_t code_address,
                                            uint64_t callee);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_PROBE_SPOT_H_
