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

// Calls f(offset_after, target) for every byte sequence of `code` (at link-time address
// `code_address`) that reads as a direct call (e8 and a 32-bit displacement): matched on the
// bytes rather than by decoding, so callers check the target (a callee's entry makes a false
// match practically impossible).
template <typename F>
void ForEachDirectCall(std::span<const uint8_t> code, uint64_t code_address, F&& f) {
  for (size_t i = 0; i + 5 <= code.size(); ++i) {
    if (code[i] != 0xe8) continue;
    const auto rel = static_cast<int32_t>(
        static_cast<uint32_t>(code[i + 1]) | static_cast<uint32_t>(code[i + 2]) << 8 |
        static_cast<uint32_t>(code[i + 3]) << 16 | static_cast<uint32_t>(code[i + 4]) << 24);
    f(static_cast<uint64_t>(i + 5),
      code_address + i + 5 + static_cast<uint64_t>(static_cast<int64_t>(rel)));
  }
}

// The offset just past the one `call` in `code` (at link-time address `code_address`) whose
// target is `callee`: where a probe sees the callee's return value, without a uretprobe (Go
// moves stacks: a return probe's rewritten return address kills the program). NotFound if
// there is no such call, FailedPrecondition if there are several.
absl::StatusOr<uint64_t> FindReturnFromCall(std::span<const uint8_t> code, uint64_t code_address,
                                            uint64_t callee);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_PROBE_SPOT_H_
