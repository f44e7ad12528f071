#include "collector/go_pclntab.h"

#include <cstring>
#include <span>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace ctrace {
namespace {

// pcHeader: magic u32, two zero bytes, the minimum instruction size, the pointer size, then
// nfunc, nfiles, textStart, and the offsets (from the header) of funcnametab, cutab,
// filetab, pctab and the function table, each 8 bytes.
constexpr uint32_t kMagicGo118 = 0xfffffff0;  // Go 1.18 and 1.19
constexpr uint32_t kMagicGo120 = 0xfffffff1;  // Go 1.20 and later
constexpr size_t kHeaderSize = 8 + 8 * 8;

uint32_t U32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);  // x86-64 only: the file is little-endian like the host
  return v;
}
uint64_t U64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

bool LooksLikeHeader(std::span<const uint8_t> t) {
  if (t.size() < kHeaderSize) return false;
  const uint32_t magic = U32(t.data());
  return (magic == kMagicGo118 || magic == kMagicGo120) && t[4] == 0 && t[5] == 0 && t[6] == 1 &&
         t[7] == 8;
}

// The text start of the table's functions: its header's, or (Go 1.26 stopped storing it)
// the .text section's.
uint64_t TextStart(const ElfFile& file, std::span<const uint8_t> t) {
  if (uint64_t start = U64(t.data() + 24); start != 0) return start;
  GElf_Shdr h;
  return file.FindSection(".text", &h) != nullptr ? h.sh_addr : 0;
}

absl::StatusOr<std::vector<GoBinary::Function>> Parse(const ElfFile& file,
                                                      std::span<const uint8_t> t) {
  const auto bad = [&](const char* what) {
    return absl::InvalidArgumentError(absl::StrCat(file.path(), ": .gopclntab ", what));
  };
  const uint64_t nfunc = U64(t.data() + 8);
  const uint64_t names = U64(t.data() + 32);
  const uint64_t table = U64(t.data() + 64);
  if (nfunc == 0 || nfunc > kMaxGoFunctions) return bad("has an impossible function count");
  if (names >= t.size() || table >= t.size() || (t.size() - table) / 8 < nfunc + 1) {
    return bad("points outside itself");
  }
  const uint64_t text = TextStart(file, t);
  std::vector<GoBinary::Function> out;
  out.reserve(nfunc);
  const uint8_t* entries = t.data() + table;
  for (uint64_t i = 0; i < nfunc; ++i) {
    const uint32_t entry = U32(entries + 8 * i), next = U32(entries + 8 * (i + 1));
    const uint64_t func = table + U32(entries + 8 * i + 4);
    if (next < entry) return bad("is not sorted by address");
    if (func > t.size() - 8) return bad("points outside itself");
    const int32_t name_off = static_cast<int32_t>(U32(t.data() + func + 4));
    if (name_off < 0 || static_cast<uint64_t>(name_off) >= t.size() - names) {
      return bad("names a function outside itself");
    }
    const char* name = reinterpret_cast<const char*>(t.data() + names + name_off);
    const size_t room = t.size() - names - name_off;
    const size_t length = strnlen(name, room);
    if (length == room) return bad("has a function name without its end");
    out.push_back({text + entry, static_cast<uint64_t>(next - entry),
                   std::string(name, std::min(length, kMaxGoFunctionName)), ""});
  }
  return out;
}

std::span<const uint8_t> SectionBytes(Elf_Scn* scn, const GElf_Shdr& h) {
  if (h.sh_type == SHT_NOBITS) return {};
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr || data->d_buf == nullptr) return {};
  return {static_cast<const uint8_t*>(data->d_buf), data->d_size};
}

}  // namespace

absl::StatusOr<std::vector<GoBinary::Function>> ReadGoFunctionTable(const ElfFile& file) {
  GElf_Shdr h;
  if (Elf_Scn* scn = file.FindSection(".gopclntab", &h); scn != nullptr) {
    std::span<const uint8_t> t = SectionBytes(scn, h);
    if (!LooksLikeHeader(t)) {
      return absl::InvalidArgumentError(
          absl::StrCat(file.path(), ": .gopclntab is not a Go 1.18 or later function table"));
    }
    return Parse(file, t);
  }
  // No section of its own: the header is 8-aligned in the read-only data.
  for (std::string_view name : {".data.rel.ro", ".rodata"}) {
    Elf_Scn* scn = file.FindSection(name, &h);
    if (scn == nullptr) continue;
    std::span<const uint8_t> data = SectionBytes(scn, h);
    for (size_t at = 0; at + kHeaderSize <= data.size(); at += 8) {
      if (!LooksLikeHeader(data.subspan(at))) continue;
      absl::StatusOr<std::vector<GoBinary::Function>> parsed = Parse(file, data.subspan(at));
      if (parsed.ok()) return parsed;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(file.path(), ": has no Go function table"));
}

}  // namespace ctrace
