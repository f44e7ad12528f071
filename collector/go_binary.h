// What the recorder must know of a Go program's runtime to see its goroutines without
// changing the program (issue 13): the Go version, the runtime functions the probes go on,
// where runtime.g and runtime.m keep the fields the probes read, and the names of the wait
// reasons. Read from the binary alone (libelf for the symbols and .go.buildinfo, libdw for
// the DWARF), before anything is attached; the file is untrusted input.
//
// Offsets come from the binary's DWARF when it has any (`go build` keeps it by default).
// A binary built with -ldflags=-w has none: then they come from a table of the versions whose
// layout was read off real binaries (go_runtime_layouts.h), and a version not in it cannot be
// traced, never traced with guessed offsets.
#ifndef CTRACE_COLLECTOR_GO_BINARY_H_
#define CTRACE_COLLECTOR_GO_BINARY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ctrace {

// Byte offsets of the fields the goroutine probes read (linux/amd64).
struct GoRuntimeOffsets {
  uint32_t g_m = 0;                       // runtime.g.m: the thread (M) running it
  uint32_t g_atomicstatus = 0;            // its status (_Grunnable = 1, _Grunning = 2, ...)
  uint32_t g_goid = 0;                    // its id: never reused (g structs are)
  uint32_t g_waitreason = 0;              // why it waits (a uint8 index into waitReasonStrings)
  uint32_t g_startpc = 0;                 // the function it was started with (its name)
  uint32_t g_gopc = 0;                    // the go statement that created it
  std::optional<uint32_t> g_parent_goid;  // the creator's id: Go 1.21 and later
  uint32_t m_curg = 0;                    // runtime.m.curg: the user goroutine the M runs
  bool operator==(const GoRuntimeOffsets&) const = default;
};

enum class GoOffsetsSource : uint8_t { kDwarf, kVersionTable };

struct GoBinary {
  std::string version;  // as the binary says: "go1.19.8", "go1.23.1 X:nocoverageredesign"
  int major = 0;        // 1
  int minor = 0;        // 19

  GoRuntimeOffsets offsets;
  GoOffsetsSource offsets_source = GoOffsetsSource::kDwarf;

  // Link-time virtual addresses of the runtime's functions and variables the probes use. The
  // functions come from .symtab or, in a stripped binary (-ldflags=-s), from the runtime's
  // function table (.gopclntab); the variables only from .symtab (0 when stripped).
  uint64_t casgstatus = 0;  // runtime.casgstatus(gp, old, new): status changes
  uint64_t casgstatus_size = 0;
  uint64_t newproc1 = 0;               // runtime.newproc1: makes a goroutine
  uint64_t newproc_func1 = 0;          // runtime.newproc.func1: calls newproc1 on g0
  uint64_t newproc_func1_size = 0;     // its length, to find the return from newproc1 in it
  uint64_t cas_g_to_preempt_scan = 0;  // runtime.casGToPreemptScan: GC preemption
  uint64_t cas_g_to_preempt_scan_size = 0;
  uint64_t allgs = 0;    // runtime.allgs: every g, for an attach to a running program
  uint64_t allglen = 0;  // runtime.allglen

  // runtime.waitReasonStrings, by wait reason: read from the binary, since the list changes
  // from version to version (1.19 has 27, 1.24 has 44, indices shift). In a stripped binary
  // it is found by its contents, for the versions whose count of reasons is known; empty if
  // it cannot be found.
  std::vector<std::string> wait_reasons;

  // Where the probes go (link-time addresses), found by decoding the functions
  // (probe_spot.h); 0 with probe_problem saying why if one cannot be placed.
  uint64_t casgstatus_probe = 0;  // its first emulated instruction, arguments still in AX, BX, CX
  // Where the status-change probes go instead, when found: each call to casgstatus (an
  // emulated instruction, the arguments in AX, BX, CX as at the entry) in the runtime's
  // functions but those of the syscall paths and stack growth, whose changes (2 <-> 3, 2 <->
  // 8) are no events: 78% of a Go server's status changes are its syscalls', and a probe costs
  // its trap (about 1 us here) whether or not it records (docs/benchmarks.md). Empty: the one
  // probe at casgstatus_probe sees them all.
  std::vector<uint64_t> casgstatus_calls;
  uint64_t newproc1_return = 0;  // in newproc.func1, just past the call: the new g in AX
  // In newproc.func1, its call to runqput(pp, newg, next) after newproc1 returned: the new g
  // in BX, on a call (emulated, where the instruction past newproc1's return is stepped: 13-20
  // us a goroutine, most of a goroutine-per-connection server's probe cost). 0 if not found.
  uint64_t runqput_call = 0;
  uint64_t runqput = 0;  // runtime.runqput
  // The creation probe: at the runqput call if found, else past newproc1's return.
  uint64_t creation_probe() const { return runqput_call != 0 ? runqput_call : newproc1_return; }
  std::string probe_problem;
  // casGToPreemptScan's first emulated instruction before AX changes; without it (0, and
  // preempt_problem says why) a goroutine the GC stops is seen to stop only when it runs again.
  uint64_t preempt_scan_probe = 0;
  std::string preempt_problem;

  // The loadable segments (uprobes are placed by file offset) and the function symbols
  // (goroutines are named by the function they start with), by address.
  struct Segment {
    uint64_t vaddr, memsz, offset, filesz;
  };
  std::vector<Segment> segments;
  struct Function {
    uint64_t address, size;
    std::string name;
    // For a compiler's wrapper of a go statement with arguments (`go worker(i)` starts
    // main.main.func1 in Go 1.19-1.20, main.main.gowrap1 from 1.21), the function it calls:
    // what the goroutine is. Empty for any other function.
    std::string wraps;
  };
  std::vector<Function> functions;
  // -buildmode=pie: the image moves with the load; the probes and the goroutine list give
  // link-time addresses all the same (bpf/events.h ctrace_go_layout, go_goroutine_list.h).
  bool position_independent = false;

  // Why a stripped binary's functions are unknown (its function table is unreadable).
  std::string symbols_problem;

  bool has_symbols() const { return casgstatus != 0; }
  // The file offset of link-time address `vaddr`, if a segment maps it from the file.
  std::optional<uint64_t> FileOffset(uint64_t vaddr) const;
  // The function at link-time address `pc` (its entry or inside it); "" if none.
  std::string_view FunctionAt(uint64_t pc) const;
  // The function whose entry is `address`, or nullptr.
  const Function* FunctionStartingAt(uint64_t address) const;
  // What a goroutine that starts at `start_pc` is called: its start function, or the
  // function that one wraps.
  std::string_view GoroutineName(uint64_t start_pc) const;
};

// Reads `path`. NotFound if it is an ELF file but not a Go program (no .go.buildinfo);
// InvalidArgument if it is not x86-64 ELF or its Go metadata is malformed; FailedPrecondition
// if it is a Go program whose layout cannot be known (no DWARF, and a version not in the
// table). Every message starts with the path.
absl::StatusOr<GoBinary> ReadGoBinary(const std::string& path);

// "go1.19.8" -> {1, 19}; also "devel go1.23-abc", "go1.25-20250209-RC00 cl/..."; nullopt if
// the string names no Go 1.N release.
std::optional<std::pair<int, int>> ParseGoVersion(const std::string& version);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_GO_BINARY_H_
