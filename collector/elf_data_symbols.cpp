#include "collector/elf_data_symbols.h"

#include <cxxabi.h>
#include <gelf.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "collector/elf_file.h"

namespace ctrace {
namespace {

constexpr uint64_t kPageSize = 4096;
// A name longer than this (a template instance's static) is cut: it labels a table row.
constexpr size_t kMaxNameLength = 256;

// A C++ name as the source spells it; any other name as it is.
std::string Demangle(std::string_view name) {
  if (!name.starts_with("_Z")) return std::string(name);
  const std::string mangled(name);
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> out(
      abi::__cxa_demangle(mangled.c_str(), nullptr, nullptr, &status), &std::free);
  return status == 0 && out != nullptr ? std::string(out.get()) : mangled;
}

}  // namespace

absl::StatusOr<ElfDataSymbols> ElfDataSymbols::Read(const std::string& path) {
  absl::StatusOr<std::unique_ptr<ElfFile>> opened = ElfFile::Open(path);
  if (!opened.ok()) return opened.status();
  const ElfFile& file = **opened;
  Elf* elf = file.elf();

  ElfDataSymbols out;
  size_t phnum = 0;
  if (elf_getphdrnum(elf, &phnum) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": unreadable program headers"));
  }
  uint64_t lowest = std::numeric_limits<uint64_t>::max();
  for (size_t i = 0; i < phnum; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, static_cast<int>(i), &ph) == nullptr || ph.p_type != PT_LOAD) continue;
    if (ph.p_memsz > std::numeric_limits<uint64_t>::max() - ph.p_vaddr) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": a segment wraps around"));
    }
    lowest = std::min(lowest, ph.p_vaddr);
    out.end_ = std::max(out.end_, ph.p_vaddr + ph.p_memsz);
  }
  if (lowest == std::numeric_limits<uint64_t>::max()) return out;  // nothing to load
  out.first_page_ = lowest & ~(kPageSize - 1);

  GElf_Shdr header;
  Elf_Scn* table = file.FindSectionOfType(SHT_SYMTAB, &header);
  if (table == nullptr) table = file.FindSectionOfType(SHT_DYNSYM, &header);
  if (table == nullptr || header.sh_entsize == 0) return out;
  Elf_Data* data = elf_getdata(table, nullptr);
  if (data == nullptr) return out;
  const size_t count = header.sh_size / header.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) break;  // past the data
    if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT || sym.st_size == 0 || sym.st_shndx == SHN_UNDEF ||
        sym.st_shndx == SHN_ABS) {
      continue;
    }
    std::optional<std::string_view> name = file.String(header.sh_link, sym.st_name);
    if (!name || name->empty()) continue;
    std::string demangled = Demangle(*name);
    if (demangled.size() > kMaxNameLength) demangled.resize(kMaxNameLength);
    out.symbols_.push_back({sym.st_value, sym.st_size, std::move(demangled)});
  }
  std::sort(out.symbols_.begin(), out.symbols_.end(), [](const Symbol& a, const Symbol& b) {
    return a.value != b.value ? a.value < b.value : a.size > b.size;
  });
  return out;
}

std::optional<std::string> ElfDataSymbols::NameAt(uint64_t vaddr) const {
  // The last symbol starting at or below vaddr; variables do not nest, so it is the only one
  // that can hold it.
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), vaddr,
                             [](uint64_t v, const Symbol& s) { return v < s.value; });
  if (it == symbols_.begin()) return std::nullopt;
  --it;
  // Aliases share a value: the first of them (the largest) is the one to test.
  while (it != symbols_.begin() && std::prev(it)->value == it->value) --it;
  const uint64_t into = vaddr - it->value;
  if (into >= it->size) return std::nullopt;
  if (into == 0) return it->name;
  return absl::StrFormat("%s+%#x", it->name, into);
}

}  // namespace ctrace
