#include "collector/go_binary.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "collector/elf_file.h"
#include "collector/go_pclntab.h"
#include "collector/go_runtime_layouts.h"
#include "collector/probe_spot.h"

namespace ctrace {
namespace {

// debug/buildinfo: a 32-byte header, then (flag 0x2, Go 1.18 on) the version and the module
// information inline as varint-prefixed strings.
constexpr std::string_view kBuildInfoMagic = "\xff Go buildinf:";
constexpr size_t kBuildInfoHeader = 32;
constexpr uint8_t kBuildInfoInline = 0x2;
constexpr size_t kMaxVersionLength = 256;
// Bounds on what an untrusted binary may claim: the runtime has ~50 wait reasons, the
// longest is under 40 bytes.
constexpr size_t kMaxWaitReasons = 256;
constexpr size_t kMaxWaitReasonLength = 64;

// Bytes [vaddr, vaddr + size) of the file's loaded image, from the allocated section holding
// them; nullptr if none holds them all (or they are .bss).
const uint8_t* BytesAt(const ElfFile& file, uint64_t vaddr, uint64_t size) {
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(file.elf(), scn)) != nullptr) {
    GElf_Shdr h;
    if (gelf_getshdr(scn, &h) == nullptr || !(h.sh_flags & SHF_ALLOC) || h.sh_type == SHT_NOBITS) {
      continue;
    }
    if (vaddr < h.sh_addr || vaddr - h.sh_addr > h.sh_size ||
        size > h.sh_size - (vaddr - h.sh_addr)) {
      continue;
    }
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || data->d_buf == nullptr || data->d_size != h.sh_size) return nullptr;
    return static_cast<const uint8_t*>(data->d_buf) + (vaddr - h.sh_addr);
  }
  return nullptr;
}

uint64_t GetU64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// A uvarint at p[*at] within `size` bytes; false if it runs off the end or past 64 bits.
bool ReadUvarint(const uint8_t* p, size_t size, size_t* at, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && *at < size; shift += 7) {
    const uint8_t b = p[(*at)++];
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (b < 0x80) {
      *out = v;
      return true;
    }
  }
  return false;
}

absl::StatusOr<std::string> ReadBuildVersion(const ElfFile& file) {
  const std::string& path = file.path();
  GElf_Shdr h;
  Elf_Scn* scn = file.FindSection(".go.buildinfo", &h);
  if (scn == nullptr) return absl::NotFoundError(absl::StrCat(path, ": not a Go program"));
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr || data->d_buf == nullptr || data->d_size < kBuildInfoHeader) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": .go.buildinfo is cut short"));
  }
  const auto* p = static_cast<const uint8_t*>(data->d_buf);
  if (std::memcmp(p, kBuildInfoMagic.data(), kBuildInfoMagic.size()) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": .go.buildinfo has no Go build info"));
  }
  if (!(p[15] & kBuildInfoInline)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": built by a Go older than 1.18 (ctrace knows 1.19 and later)"));
  }
  size_t at = kBuildInfoHeader;
  uint64_t length;
  if (!ReadUvarint(p, data->d_size, &at, &length) || length == 0 || length > kMaxVersionLength ||
      length > data->d_size - at) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": the Go version in .go.buildinfo is malformed"));
  }
  return std::string(reinterpret_cast<const char*>(p + at), length);
}

struct RuntimeSymbol {
  std::string_view name;
  uint64_t GoBinary::*address;
  uint64_t GoBinary::*size = nullptr;
};

// The runtime functions the probes go on, found by name in the binary's functions.
constexpr RuntimeSymbol kRuntimeFunctions[] = {
    {"runtime.casgstatus", &GoBinary::casgstatus, &GoBinary::casgstatus_size},
    {"runtime.newproc1", &GoBinary::newproc1},
    {"runtime.newproc.func1", &GoBinary::newproc_func1, &GoBinary::newproc_func1_size},
    {"runtime.casGToPreemptScan", &GoBinary::cas_g_to_preempt_scan,
     &GoBinary::cas_g_to_preempt_scan_size},
    {"runtime.runqput", &GoBinary::runqput},
};
// The runtime variables, which only .symtab names.
constexpr RuntimeSymbol kRuntimeVariables[] = {
    {"runtime.allgs", &GoBinary::allgs},
    {"runtime.allglen", &GoBinary::allglen},
};
// The functions and the runtime's variables from .symtab (Go binaries have no .dynsym worth
// reading); false if the binary has none (stripped). The wait reasons' table is returned
// through `wait_reasons`.
bool ReadSymbolTable(const ElfFile& file, GoBinary* out, uint64_t* wait_reasons,
                     uint64_t* wait_reasons_size) {
  GElf_Shdr header;
  Elf_Scn* table = file.FindSectionOfType(SHT_SYMTAB, &header);
  if (table == nullptr || header.sh_entsize == 0) return false;
  Elf_Data* data = elf_getdata(table, nullptr);
  if (data == nullptr) return false;
  const size_t count = header.sh_size / header.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (gelf_getsym(data, static_cast<int>(i), &sym) == nullptr) break;
    if (sym.st_shndx == SHN_UNDEF || sym.st_value == 0) continue;
    std::optional<std::string_view> name = file.String(header.sh_link, sym.st_name);
    if (!name || name->empty()) continue;
    if (GELF_ST_TYPE(sym.st_info) == STT_FUNC && out->functions.size() < kMaxGoFunctions) {
      out->functions.push_back(
          {sym.st_value, sym.st_size, std::string(name->substr(0, kMaxGoFunctionName)), ""});
    }
    if (!name->starts_with("runtime.")) continue;
    if (*name == "runtime.waitReasonStrings") {
      *wait_reasons = sym.st_value;
      *wait_reasons_size = sym.st_size;
      continue;
    }
    for (const RuntimeSymbol& w : kRuntimeVariables) {
      if (*name == w.name) out->*w.address = sym.st_value;
    }
  }
  return !out->functions.empty();
}

void FindRuntimeFunctions(GoBinary* out) {
  for (const GoBinary::Function& f : out->functions) {
    if (!f.name.starts_with("runtime.")) continue;
    for (const RuntimeSymbol& w : kRuntimeFunctions) {
      if (f.name != w.name) continue;
      out->*w.address = f.address;
      if (w.size != nullptr) out->*w.size = f.size;
    }
  }
}

// runtime.waitReasonStrings: an array of Go strings (pointer, length), each pointing into
// the read-only data. An entry that points outside the file gives "".
std::vector<std::string> ReadWaitReasons(const ElfFile& file, uint64_t vaddr, uint64_t size) {
  std::vector<std::string> out;
  const uint64_t entries = size / 16;
  if (vaddr == 0 || entries == 0 || entries > kMaxWaitReasons) return out;
  const uint8_t* table = BytesAt(file, vaddr, entries * 16);
  if (table == nullptr) return out;
  for (uint64_t i = 0; i < entries; ++i) {
    const uint64_t ptr = GetU64(table + i * 16);
    const uint64_t len = GetU64(table + i * 16 + 8);
    const uint8_t* s = len <= kMaxWaitReasonLength ? BytesAt(file, ptr, len) : nullptr;
    out.emplace_back(s != nullptr ? std::string(reinterpret_cast<const char*>(s), len) : "");
  }
  return out;
}

// A stripped binary has no symbol for runtime.waitReasonStrings, so the table is found by
// what it holds: "" then "GC assist marking" in every Go from 1.19 to 1.26, then strings of
// the file up to the first that is not one, or `count` (the most the version has: point
// releases add some, go1.23.3 has 37 and go1.23.8 38). Exactly one place in the data must
// match, or no names are used: a wrong table would give wrong reasons. (A string that
// happens to follow a shorter table only names an index the runtime never uses.)
std::vector<std::string> FindWaitReasons(const ElfFile& file, size_t count) {
  constexpr std::string_view kFirst = "GC assist marking";
  struct Bytes {
    uint64_t vaddr;
    std::span<const uint8_t> data;
  };
  std::vector<Bytes> sections;
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(file.elf(), scn)) != nullptr) {
    GElf_Shdr h;
    if (gelf_getshdr(scn, &h) == nullptr || !(h.sh_flags & SHF_ALLOC) ||
        h.sh_type != SHT_PROGBITS || (h.sh_flags & SHF_EXECINSTR)) {
      continue;
    }
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || data->d_buf == nullptr || data->d_size != h.sh_size) continue;
    sections.push_back({h.sh_addr, {static_cast<const uint8_t*>(data->d_buf), data->d_size}});
  }
  std::vector<uint64_t> first;  // where the bytes of kFirst are
  for (const Bytes& s : sections) {
    const std::string_view text(reinterpret_cast<const char*>(s.data.data()), s.data.size());
    for (size_t at = text.find(kFirst); at != std::string_view::npos && first.size() < 16;
         at = text.find(kFirst, at + 1)) {
      first.push_back(s.vaddr + at);
    }
  }
  std::optional<uint64_t> table;
  for (const Bytes& s : sections) {
    for (size_t at = (8 - s.vaddr % 8) % 8 + 16; at + 16 <= s.data.size(); at += 8) {
      const uint8_t* entry = s.data.data() + at;
      if (GetU64(entry + 8) != kFirst.size() || GetU64(entry - 8) != 0 ||
          std::find(first.begin(), first.end(), GetU64(entry)) == first.end()) {
        continue;
      }
      if (table) return {};  // two candidates: neither is trusted
      table = s.vaddr + at - 16;
    }
  }
  if (!table) return {};
  constexpr size_t kFewestReasons = 27;  // Go 1.19's
  std::vector<std::string> out = ReadWaitReasons(file, *table, count * 16);
  auto end = std::find_if(out.begin() + std::min<size_t>(1, out.size()), out.end(),
                          [](const std::string& r) { return r.empty(); });
  out.erase(end, out.end());
  if (out.size() < kFewestReasons) return {};
  return out;
}

// The byte offset of each member of a DWARF structure.
class StructMembers {
 public:
  explicit StructMembers(Dwarf_Die* type) {
    Dwarf_Die member;
    if (dwarf_child(type, &member) != 0) return;
    do {
      if (dwarf_tag(&member) != DW_TAG_member) continue;
      const char* name = dwarf_diename(&member);
      Dwarf_Attribute attr;
      Dwarf_Word offset;
      if (name == nullptr || dwarf_attr(&member, DW_AT_data_member_location, &attr) == nullptr ||
          dwarf_formudata(&attr, &offset) != 0 || offset > UINT32_MAX) {
        continue;
      }
      members_.push_back({name, static_cast<uint32_t>(offset)});
    } while (dwarf_siblingof(&member, &member) == 0);
  }
  std::optional<uint32_t> Offset(std::string_view name) const {
    for (const auto& [n, offset] : members_) {
      if (n == name) return offset;
    }
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string, uint32_t>> members_;
};

// The offsets from the DWARF's runtime.g and runtime.m; nullopt if the binary has no DWARF or
// lacks one of the fields the probes need.
std::optional<GoRuntimeOffsets> ReadDwarfOffsets(const ElfFile& file) {
  std::unique_ptr<Dwarf, decltype(&dwarf_end)> dwarf(
      dwarf_begin_elf(file.elf(), DWARF_C_READ, nullptr), &dwarf_end);
  if (dwarf == nullptr) return std::nullopt;
  std::optional<StructMembers> g, m;
  Dwarf_Off offset = 0, next;
  size_t header_size;
  while ((!g || !m) &&
         dwarf_nextcu(dwarf.get(), offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
    Dwarf_Die cu, die;
    if (dwarf_offdie(dwarf.get(), offset + header_size, &cu) != nullptr &&
        dwarf_child(&cu, &die) == 0) {
      do {
        if (dwarf_tag(&die) != DW_TAG_structure_type || dwarf_hasattr(&die, DW_AT_declaration)) {
          continue;
        }
        const char* name = dwarf_diename(&die);
        if (name == nullptr) continue;
        if (!g && std::strcmp(name, "runtime.g") == 0) g.emplace(&die);
        if (!m && std::strcmp(name, "runtime.m") == 0) m.emplace(&die);
      } while ((!g || !m) && dwarf_siblingof(&die, &die) == 0);
    }
    offset = next;
  }
  if (!g || !m) return std::nullopt;
  GoRuntimeOffsets o;
  const std::optional<uint32_t> fields[] = {
      g->Offset("m"),       g->Offset("atomicstatus"), g->Offset("goid"), g->Offset("waitreason"),
      g->Offset("startpc"), g->Offset("gopc"),         m->Offset("curg")};
  for (const std::optional<uint32_t>& f : fields) {
    if (!f) return std::nullopt;
  }
  o.g_m = *fields[0];
  o.g_atomicstatus = *fields[1];
  o.g_goid = *fields[2];
  o.g_waitreason = *fields[3];
  o.g_startpc = *fields[4];
  o.g_gopc = *fields[5];
  o.m_curg = *fields[6];
  o.g_parent_goid = g->Offset("parentGoid");
  return o;
}

// The calls to casgstatus where its status changes can be events: in the runtime's functions
// (casgstatus is unexported, so only they call it), not in the syscall paths' or the stack
// growth's. Found as e8 and a displacement landing exactly on casgstatus's entry: a byte
// sequence that only looks like one would need its four bytes to equal that distance by
// chance (about 2^-32 for each e8 byte of the runtime's code); on go1.19.8 binaries and the
// stripped kubectl (go1.22.5, 1.22.12, 1.24.2) and docker (go1.24.3) here, every site found
// is a call objdump decodes, and objdump finds no other (35 and 33-36, with 5 more in the
// functions left out). A count far from those means something is not understood: then none,
// and the entry probe sees every change.
std::vector<uint64_t> FindStatusChangeCalls(const ElfFile& file, const GoBinary& b) {
  static constexpr std::string_view kNoEvents[] = {
      "runtime.reentersyscall",     // 2 -> 3
      "runtime.entersyscallblock",  // 2 -> 3
      "runtime.exitsyscall",        // 3 -> 2 (its slow path, exitsyscall0's 3 -> 1, is kept)
      "runtime.newstack",           // 2 -> 8 -> 2
  };
  constexpr size_t kFewest = 20, kMost = 200;
  std::vector<uint64_t> calls;
  size_t skipped = 0;
  for (const GoBinary::Function& f : b.functions) {
    if (!f.name.starts_with("runtime.") || f.size < 5 || f.size > (1u << 20)) continue;
    const uint8_t* code = BytesAt(file, f.address, f.size);
    if (code == nullptr) continue;
    const bool no_events =
        std::find(std::begin(kNoEvents), std::end(kNoEvents), f.name) != std::end(kNoEvents);
    ForEachDirectCall(std::span<const uint8_t>(code, f.size), f.address,
                      [&](uint64_t after, uint64_t target) {
                        if (target != b.casgstatus) return;
                        if (no_events) {
                          ++skipped;
                        } else {
                          calls.push_back(f.address + after - 5);
                        }
                      });
  }
  std::sort(calls.begin(), calls.end());  // a function named twice in .symtab is scanned twice
  calls.erase(std::unique(calls.begin(), calls.end()), calls.end());
  if (skipped == 0 || calls.size() < kFewest || calls.size() > kMost) return {};
  return calls;
}

// Places the casgstatus probe on its first emulated instruction before AX, BX, CX (its
// arguments) or R14 (the current g) change, and the creation probe just past newproc.func1's
// call to newproc1 (a mov there: stepped, but goroutines are created far less often than
// they change status).
void PlaceProbes(const ElfFile& file, GoBinary* b) {
  if (!b->has_symbols()) return;
  const auto code = [&](uint64_t address, uint64_t size) -> std::span<const uint8_t> {
    const uint8_t* p = size > 0 && size < (1u << 20) ? BytesAt(file, address, size) : nullptr;
    return p != nullptr ? std::span<const uint8_t>(p, size) : std::span<const uint8_t>();
  };
  std::span<const uint8_t> cas = code(b->casgstatus, b->casgstatus_size);
  absl::StatusOr<ProbeSpot> spot = FindEmulatedProbeSpot(
      cas, RegisterBit(kRax) | RegisterBit(kRbx) | RegisterBit(kRcx) | RegisterBit(kR14));
  if (cas.empty() || !spot.ok()) {
    b->probe_problem =
        absl::StrCat("runtime.casgstatus: ",
                     cas.empty() ? "its code is not in the file" : spot.status().message());
    return;
  }
  b->casgstatus_probe = b->casgstatus + spot->offset;
  b->casgstatus_calls = FindStatusChangeCalls(file, *b);
  std::span<const uint8_t> func1 = code(b->newproc_func1, b->newproc_func1_size);
  absl::StatusOr<uint64_t> ret = FindReturnFromCall(func1, b->newproc_func1, b->newproc1);
  if (func1.empty() || b->newproc1 == 0 || !ret.ok()) {
    b->probe_problem =
        absl::StrCat("runtime.newproc.func1: ",
                     func1.empty() ? "its code is not in the file" : ret.status().message());
    return;
  }
  b->newproc1_return = b->newproc_func1 + *ret;
  // The one call to runqput after it: newg is its second argument.
  int runqputs = 0;
  ForEachDirectCall(func1.subspan(*ret), b->newproc1_return, [&](uint64_t after, uint64_t target) {
    if (b->runqput == 0 || target != b->runqput) return;
    b->runqput_call = b->newproc1_return + after - 5;
    ++runqputs;
  });
  if (runqputs != 1) b->runqput_call = 0;
  std::span<const uint8_t> preempt = code(b->cas_g_to_preempt_scan, b->cas_g_to_preempt_scan_size);
  absl::StatusOr<ProbeSpot> p = FindEmulatedProbeSpot(preempt, RegisterBit(kRax));
  if (preempt.empty() || !p.ok()) {
    b->preempt_problem =
        absl::StrCat("runtime.casGToPreemptScan: ",
                     preempt.empty() ? "its code is not in the file" : p.status().message());
    return;
  }
  b->preempt_scan_probe = b->cas_g_to_preempt_scan + p->offset;
}

void ReadLayout(const ElfFile& file, GoBinary* out) {
  GElf_Ehdr eh;
  if (gelf_getehdr(file.elf(), &eh) != nullptr) out->position_independent = eh.e_type == ET_DYN;
  size_t phnum = 0;
  if (elf_getphdrnum(file.elf(), &phnum) != 0) return;
  for (size_t i = 0; i < phnum && i < 64; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(file.elf(), static_cast<int>(i), &ph) == nullptr || ph.p_type != PT_LOAD) {
      continue;
    }
    out->segments.push_back({ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz});
  }
  std::sort(out->functions.begin(), out->functions.end(),
            [](const GoBinary::Function& a, const GoBinary::Function& b) {
              return a.address < b.address;
            });
}

// "main.main.func1", "main.main.gowrap2": a closure the compiler may have made for a go
// statement.
bool MayBeGoWrapper(std::string_view name) {
  for (std::string_view suffix : {".func", ".gowrap"}) {
    size_t at = name.rfind(suffix);
    if (at == std::string_view::npos) continue;
    std::string_view digits = name.substr(at + suffix.size());
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// A go statement's wrapper loads the arguments and calls the function (besides
// runtime.morestack): a small closure with exactly one direct call outside the runtime. A
// closure of the user's that small and with one call is named after its callee too, which
// says what it runs. Calls are matched as e8 and a displacement landing on a function's
// entry.
void FindGoWrappers(const ElfFile& file, GoBinary* b) {
  constexpr uint64_t kMaxWrapperSize = 160;
  for (GoBinary::Function& f : b->functions) {
    if (f.size < 5 || f.size > kMaxWrapperSize || !MayBeGoWrapper(f.name)) continue;
    const uint8_t* code = BytesAt(file, f.address, f.size);
    if (code == nullptr) continue;
    const GoBinary::Function* callee = nullptr;
    int calls = 0;
    ForEachDirectCall(std::span<const uint8_t>(code, f.size), f.address,
                      [&](uint64_t, uint64_t target) {
                        const GoBinary::Function* g = b->FunctionStartingAt(target);
                        if (g == nullptr || g->name.starts_with("runtime.")) return;
                        callee = g;
                        ++calls;
                      });
    if (calls == 1 && callee != &f) f.wraps = callee->name;
  }
}

}  // namespace

const GoBinary::Function* GoBinary::FunctionStartingAt(uint64_t address) const {
  auto it = std::lower_bound(functions.begin(), functions.end(), address,
                             [](const Function& f, uint64_t v) { return f.address < v; });
  return it != functions.end() && it->address == address ? &*it : nullptr;
}

std::string_view GoBinary::GoroutineName(uint64_t start_pc) const {
  const Function* f = FunctionStartingAt(start_pc);
  if (f == nullptr) return FunctionAt(start_pc);
  return f->wraps.empty() ? std::string_view(f->name) : std::string_view(f->wraps);
}

std::optional<uint64_t> GoBinary::FileOffset(uint64_t vaddr) const {
  for (const Segment& s : segments) {
    if (vaddr >= s.vaddr && vaddr - s.vaddr < s.filesz) return s.offset + (vaddr - s.vaddr);
  }
  return std::nullopt;
}

std::string_view GoBinary::FunctionAt(uint64_t pc) const {
  auto it = std::upper_bound(functions.begin(), functions.end(), pc,
                             [](uint64_t v, const Function& f) { return v < f.address; });
  if (it == functions.begin()) return "";
  --it;
  return pc == it->address || pc - it->address < it->size ? std::string_view(it->name) : "";
}

std::optional<std::pair<int, int>> ParseGoVersion(const std::string& version) {
  std::string_view v = version;
  if (v.starts_with("devel ")) v.remove_prefix(6);
  if (!v.starts_with("go1.")) return std::nullopt;
  v.remove_prefix(4);
  int minor = 0;
  size_t digits = 0;
  while (digits < v.size() && digits < 4 && v[digits] >= '0' && v[digits] <= '9') {
    minor = minor * 10 + (v[digits] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return std::pair{1, minor};
}

absl::StatusOr<GoBinary> ReadGoBinary(const std::string& path) {
  absl::StatusOr<std::unique_ptr<ElfFile>> opened = ElfFile::Open(path);
  if (!opened.ok()) return opened.status();
  const ElfFile& file = **opened;
  GoBinary out;
  absl::StatusOr<std::string> version = ReadBuildVersion(file);
  if (!version.ok()) return version.status();
  out.version = *std::move(version);
  std::optional<std::pair<int, int>> parsed = ParseGoVersion(out.version);
  if (!parsed) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": Go version \"", out.version, "\" is not a Go 1.N release"));
  }
  std::tie(out.major, out.minor) = *parsed;

  uint64_t wait_reasons = 0, wait_reasons_size = 0;
  if (ReadSymbolTable(file, &out, &wait_reasons, &wait_reasons_size)) {
    out.wait_reasons = ReadWaitReasons(file, wait_reasons, wait_reasons_size);
  } else {
    // Stripped: the runtime's own function table still has every function.
    absl::StatusOr<std::vector<GoBinary::Function>> table = ReadGoFunctionTable(file);
    if (table.ok()) {
      out.functions = *std::move(table);
    } else {
      out.symbols_problem = std::string(table.status().message());
    }
    if (std::optional<size_t> count = KnownWaitReasonCount(out.major, out.minor)) {
      out.wait_reasons = FindWaitReasons(file, *count);
    }
  }
  FindRuntimeFunctions(&out);
  ReadLayout(file, &out);
  FindGoWrappers(file, &out);
  PlaceProbes(file, &out);

  if (std::optional<GoRuntimeOffsets> o = ReadDwarfOffsets(file)) {
    out.offsets = *o;
    out.offsets_source = GoOffsetsSource::kDwarf;
  } else if (std::optional<GoRuntimeOffsets> known = KnownGoRuntimeOffsets(out.major, out.minor)) {
    out.offsets = *known;
    out.offsets_source = GoOffsetsSource::kVersionTable;
  } else {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": built by ", out.version,
        " without DWARF, and ctrace knows the runtime's layout without DWARF only for Go 1.19, "
        "1.22, 1.23 and 1.24"));
  }
  return out;
}

}  // namespace ctrace
