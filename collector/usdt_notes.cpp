#include "collector/usdt_notes.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace ctrace {
namespace {

constexpr uint32_t kNtStapsdt = 3;  // note type of a SystemTap SDT probe (sys/sdt.h)

// The NUL-terminated string at desc[*at], advancing *at past it; false if there is none.
bool TakeString(const char* desc, size_t size, size_t* at, std::string* out) {
  if (*at >= size) return false;
  const void* nul = std::memchr(desc + *at, '\0', size - *at);
  if (nul == nullptr) return false;
  const size_t len = static_cast<const char*>(nul) - (desc + *at);
  out->assign(desc + *at, len);
  *at += len + 1;
  return true;
}

}  // namespace

absl::StatusOr<std::vector<UsdtProbe>> ReadUsdtProbes(const ElfFile& file) {
  std::vector<UsdtProbe> probes;
  GElf_Shdr shdr;
  Elf_Scn* scn = file.FindSection(".note.stapsdt", &shdr);
  if (scn == nullptr) return probes;
  const auto malformed = [&](const char* why) {
    return absl::InvalidArgumentError(
        absl::StrCat(file.path(), ": malformed USDT note (", why, ")"));
  };
  if (shdr.sh_type != SHT_NOTE) return malformed("not a note section");
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr) return malformed("unreadable section");
  size_t offset = 0;
  GElf_Nhdr nhdr;
  size_t name_at, desc_at;
  while (offset < data->d_size) {
    const size_t next = gelf_getnote(data, offset, &nhdr, &name_at, &desc_at);
    if (next == 0 || next <= offset) return malformed("a note runs past the section");
    offset = next;
    if (name_at + nhdr.n_namesz > data->d_size || desc_at + nhdr.n_descsz > data->d_size) {
      return malformed("a note runs past the section");
    }
    const char* base = static_cast<const char*>(data->d_buf);
    if (nhdr.n_type != kNtStapsdt || nhdr.n_namesz != sizeof("stapsdt") ||
        std::memcmp(base + name_at, "stapsdt", sizeof("stapsdt")) != 0) {
      continue;  // another owner's note
    }
    // pc, base and semaphore addresses (8 bytes each in ELF64), then provider, name and the
    // argument spec, each NUL-terminated.
    const char* desc = base + desc_at;
    const size_t size = nhdr.n_descsz;
    if (size < 3 * sizeof(uint64_t)) return malformed("descriptor too short");
    UsdtProbe probe;
    std::memcpy(&probe.pc, desc, sizeof(uint64_t));
    std::memcpy(&probe.semaphore, desc + 2 * sizeof(uint64_t), sizeof(uint64_t));
    size_t at = 3 * sizeof(uint64_t);
    std::string args;
    if (!TakeString(desc, size, &at, &probe.provider) ||
        !TakeString(desc, size, &at, &probe.name) || !TakeString(desc, size, &at, &args)) {
      return malformed("unterminated provider, name or arguments");
    }
    probes.push_back(std::move(probe));
  }
  return probes;
}

}  // namespace ctrace
