// A binary opened with libelf, for the recorder's look at what it is about to trace: which
// USDT probes it has (usdt_notes.h) and which shared libraries it needs (needed_libraries.h).
// The file is untrusted input: every section, offset and string is checked before use, and a
// file that is not a 64-bit x86-64 ELF object is an error, never a crash.
#ifndef CTRACE_COLLECTOR_ELF_FILE_H_
#define CTRACE_COLLECTOR_ELF_FILE_H_

#include <gelf.h>
#include <libelf.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace ctrace {

class ElfFile {
 public:
  // Fails with the path and the reason: missing, unreadable, not ELF, not x86-64 ELF64.
  static absl::StatusOr<std::unique_ptr<ElfFile>> Open(const std::string& path);
  ~ElfFile();
  ElfFile(const ElfFile&) = delete;
  ElfFile& operator=(const ElfFile&) = delete;

  const std::string& path() const { return path_; }
  Elf* elf() const { return elf_; }
  // The section named `name` and its header, or nullptr.
  Elf_Scn* FindSection(std::string_view name, GElf_Shdr* header) const;
  // The first section of type `type`, or nullptr.
  Elf_Scn* FindSectionOfType(uint32_t type, GElf_Shdr* header) const;
  // The NUL-terminated string at `offset` in string section `section`, or nullopt if it is
  // not one (bad index, offset past the end, no terminating NUL).
  std::optional<std::string_view> String(size_t section, size_t offset) const;

 private:
  ElfFile(std::string path, int fd, Elf* elf) : path_(std::move(path)), fd_(fd), elf_(elf) {}
  std::string path_;
  int fd_;
  Elf* elf_;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_ELF_FILE_H_
