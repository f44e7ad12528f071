// The global variables an ELF file defines, and where its loadable segments go, so an address
// in a process that mapped the file can be named ("g_queue_lock", "table+0x40"). Read with
// libelf; the file is untrusted input (elf_file.h).
#ifndef CTRACE_COLLECTOR_ELF_DATA_SYMBOLS_H_
#define CTRACE_COLLECTOR_ELF_DATA_SYMBOLS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace ctrace {

class ElfDataSymbols {
 public:
  // The object symbols (STT_OBJECT with a size) of `path`'s .symtab, or of its .dynsym when
  // it is stripped. A file with neither has no names; one that is not x86-64 ELF is an error.
  static absl::StatusOr<ElfDataSymbols> Read(const std::string& path);

  // The lowest virtual address of its loadable segments, rounded down to the page: what the
  // mapping at file offset 0 starts at, less the load bias.
  uint64_t first_page() const { return first_page_; }
  // One past the highest virtual address of its loadable segments (.bss included).
  uint64_t end() const { return end_; }

  // The variable at link-time virtual address `vaddr`: its demangled name, with "+0xN" when
  // `vaddr` is N bytes into it; nullopt if no variable holds it.
  std::optional<std::string> NameAt(uint64_t vaddr) const;

  size_t size() const { return symbols_.size(); }

 private:
  struct Symbol {
    uint64_t value;
    uint64_t size;
    std::string name;
  };
  std::vector<Symbol> symbols_;  // by value; for one value, the largest first
  uint64_t first_page_ = 0;
  uint64_t end_ = 0;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_ELF_DATA_SYMBOLS_H_
