#include "collector/elf_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"

namespace ctrace {

absl::StatusOr<std::unique_ptr<ElfFile>> ElfFile::Open(const std::string& path) {
  if (elf_version(EV_CURRENT) == EV_NONE) {
    return absl::InternalError(absl::StrCat("libelf: ", elf_errmsg(-1)));
  }
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::ErrnoToStatus(errno, path);
  // Read, not mapped: the kernel puts a registered uprobe's int3 into every new mapping of
  // the file that may execute, and a read-only private mapping may. Mapped, a binary some
  // other tracer (or a concurrent ctrace) probes reads as 0xcc where its probes are, and its
  // code cannot be decoded (collector/probe_spot.h).
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  std::unique_ptr<ElfFile> file(new ElfFile(path, fd, elf));
  if (elf == nullptr || elf_kind(elf) != ELF_K_ELF) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not an ELF file"));
  }
  GElf_Ehdr ehdr;
  if (gelf_getehdr(elf, &ehdr) == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": unreadable ELF header"));
  }
  if (ehdr.e_ident[EI_CLASS] != ELFCLASS64 || ehdr.e_machine != EM_X86_64) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not an x86-64 (ELF64) binary"));
  }
  return file;
}

ElfFile::~ElfFile() {
  if (elf_ != nullptr) elf_end(elf_);
  if (fd_ >= 0) close(fd_);
}

Elf_Scn* ElfFile::FindSection(std::string_view name, GElf_Shdr* header) const {
  size_t names;
  if (elf_getshdrstrndx(elf_, &names) != 0) return nullptr;
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn != nullptr; scn = elf_nextscn(elf_, scn)) {
    if (gelf_getshdr(scn, header) == nullptr) continue;
    std::optional<std::string_view> n = String(names, header->sh_name);
    if (n && *n == name) return scn;
  }
  return nullptr;
}

Elf_Scn* ElfFile::FindSectionOfType(uint32_t type, GElf_Shdr* header) const {
  for (Elf_Scn* scn = elf_nextscn(elf_, nullptr); scn != nullptr; scn = elf_nextscn(elf_, scn)) {
    if (gelf_getshdr(scn, header) != nullptr && header->sh_type == type) return scn;
  }
  return nullptr;
}

std::optional<std::string_view> ElfFile::String(size_t section, size_t offset) const {
  Elf_Scn* scn = elf_getscn(elf_, section);
  GElf_Shdr shdr;
  if (scn == nullptr || gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type != SHT_STRTAB) {
    return std::nullopt;
  }
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr || data->d_buf == nullptr || offset >= data->d_size) return std::nullopt;
  const char* start = static_cast<const char*>(data->d_buf) + offset;
  const void* nul = std::memchr(start, '\0', data->d_size - offset);
  if (nul == nullptr) return std::nullopt;
  return std::string_view(start, static_cast<const char*>(nul) - start);
}

}  // namespace ctrace
