// The USDT probes a binary carries: its .note.stapsdt notes (SystemTap's format, which
// <sys/sdt.h> writes and libbpf attaches to), each a provider, a name and a place.
#ifndef CTRACE_COLLECTOR_USDT_NOTES_H_
#define CTRACE_COLLECTOR_USDT_NOTES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "collector/elf_file.h"

namespace ctrace {

struct UsdtProbe {
  std::string provider;
  std::string name;
  uint64_t pc = 0;         // the probe's address (the nop), as linked
  uint64_t semaphore = 0;  // 0: none
};

// Every probe in the file, in note order; none if it has no .note.stapsdt. A note that does
// not hold what the format says (sizes, terminators) makes the whole file an error: a binary
// with malformed notes is not attached to.
absl::StatusOr<std::vector<UsdtProbe>> ReadUsdtProbes(const ElfFile& file);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_USDT_NOTES_H_
