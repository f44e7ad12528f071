// The functions of a Go binary from its own function table, .gopclntab, which the runtime
// needs for tracebacks and so keeps in every binary, stripped (-ldflags=-s) or not: what
// names goroutines and places the probes when the binary has no .symtab. Layout of Go 1.18
// and later (runtime/symtab.go, pcHeader); the file is untrusted input.
#ifndef CTRACE_COLLECTOR_GO_PCLNTAB_H_
#define CTRACE_COLLECTOR_GO_PCLNTAB_H_

#include <vector>

#include "absl/status/statusor.h"
#include "collector/elf_file.h"
#include "collector/go_binary.h"

namespace ctrace {

// Bounds on what an untrusted binary may claim (the biggest Go programs have ~300k functions).
inline constexpr size_t kMaxGoFunctions = 1 << 20;
inline constexpr size_t kMaxGoFunctionName = 256;

// Every function of the table, by address, sized to the next one's entry. Looked for in the
// .gopclntab section, or (an externally linked binary may have none) by its header's magic in
// the read-only data. InvalidArgument if the table is missing or malformed.
absl::StatusOr<std::vector<GoBinary::Function>> ReadGoFunctionTable(const ElfFile& file);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_GO_PCLNTAB_H_
