#include "collector/go_goroutine_list.h"

#include <sys/stat.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "bpf/go_transitions.h"

namespace ctrace {
namespace {

constexpr uint64_t kMaxGoroutines = 1 << 22;  // allgs never shrinks; a bound, not a guess

bool ReadMemory(pid_t pid, uint64_t address, void* out, size_t size) {
  iovec local{out, size};
  iovec remote{reinterpret_cast<void*>(address), size};
  return process_vm_readv(pid, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(size);
}

template <typename T>
T Field(const std::vector<uint8_t>& g, uint32_t offset) {
  T v;
  std::memcpy(&v, g.data() + offset, sizeof(T));
  return v;
}

// How far process `pid`'s image of its executable was moved from the link-time addresses: 0
// for a binary linked to where it runs; for a position-independent one, the start of its
// mapping of file offset 0 (/proc/PID/maps, matched by inode) less the page of the segment
// the file starts. nullopt if no such mapping is found.
std::optional<uint64_t> LoadBias(pid_t pid, const GoBinary& binary) {
  if (!binary.position_independent) return 0;
  struct stat exe;
  const std::string proc = "/proc/" + std::to_string(pid);
  if (stat((proc + "/exe").c_str(), &exe) != 0) return std::nullopt;
  const GoBinary::Segment* first = nullptr;
  for (const GoBinary::Segment& s : binary.segments) {
    if (s.offset == 0) first = &s;
  }
  if (first == nullptr) return std::nullopt;
  std::ifstream maps(proc + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    uint64_t start, end, offset, inode;
    char perms[8], dev[16];
    if (std::sscanf(line.c_str(), "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %15s %" SCNu64, &start,
                    &end, perms, &offset, dev, &inode) != 6) {
      continue;
    }
    if (inode == exe.st_ino && offset == 0) return start - (first->vaddr & ~uint64_t{0xfff});
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::vector<GoroutineAtAttach>> ReadGoroutines(pid_t pid, const GoBinary& binary) {
  if (binary.allgs == 0 || binary.allglen == 0) {
    return absl::FailedPreconditionError("no runtime.allgs symbol (a stripped binary)");
  }
  const std::optional<uint64_t> bias = LoadBias(pid, binary);
  if (!bias) return absl::UnavailableError("its executable's mapping is not in /proc/PID/maps");
  struct {
    uint64_t data, len, cap;
  } allgs;
  uint64_t allglen = 0;
  if (!ReadMemory(pid, binary.allgs + *bias, &allgs, sizeof(allgs)) ||
      !ReadMemory(pid, binary.allglen + *bias, &allglen, sizeof(allglen))) {
    return absl::UnavailableError(
        absl::StrCat("cannot read process ", pid, "'s memory: ", std::strerror(errno)));
  }
  // allglen is stored after the slice grows: the smaller of the two is all valid.
  const uint64_t count = std::min({allglen, allgs.len, kMaxGoroutines});
  std::vector<uint64_t> gs(count);
  if (count > 0 && !ReadMemory(pid, allgs.data, gs.data(), count * sizeof(uint64_t))) {
    return absl::UnavailableError(
        absl::StrCat("cannot read process ", pid, "'s goroutine list: ", std::strerror(errno)));
  }
  const GoRuntimeOffsets& o = binary.offsets;
  uint32_t size = std::max({o.g_atomicstatus + 4, o.g_goid + 8, o.g_waitreason + 1, o.g_startpc + 8,
                            o.g_parent_goid.value_or(0) + 8});
  std::vector<uint8_t> g(size);
  std::vector<GoroutineAtAttach> out;
  for (uint64_t address : gs) {
    if (address == 0 || !ReadMemory(pid, address, g.data(), g.size())) continue;
    GoroutineAtAttach r;
    r.status = Field<uint32_t>(g, o.g_atomicstatus) & ~uint32_t{CTRACE_G_SCAN};
    r.goid = Field<uint64_t>(g, o.g_goid);
    if (r.status == CTRACE_G_IDLE || r.status == CTRACE_G_DEAD || r.goid == 0) continue;
    r.wait_reason = Field<uint8_t>(g, o.g_waitreason);
    r.start_pc = Field<uint64_t>(g, o.g_startpc) - *bias;
    if (o.g_parent_goid) r.parent_goid = Field<uint64_t>(g, *o.g_parent_goid);
    out.push_back(r);
  }
  return out;
}

}  // namespace ctrace
