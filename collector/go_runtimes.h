// The Go binaries whose goroutines a recording follows, by the index their probes carry as
// cookie: what the records' numbers mean in words (a goroutine's start function, a wait
// reason), since the probes can only copy numbers out of the program.
#ifndef CTRACE_COLLECTOR_GO_RUNTIMES_H_
#define CTRACE_COLLECTOR_GO_RUNTIMES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collector/go_binary.h"

namespace ctrace {

// The Go releases whose goroutines ctrace follows (docs/goroutines.md): later ones add
// statuses (1.26: 10 and 11) and change status without casgstatus on the syscall paths.
inline constexpr int kFirstGoMinor = 19;
inline constexpr int kLastGoMinor = 24;

// Why the goroutines of `binary` (read from `path`) cannot be followed, as the start of the
// one warning line a recording prints; "" if they can.
std::string WhyGoroutinesAreNotFollowed(const std::string& path, const GoBinary& binary);

class GoRuntimes {
 public:
  // Adds a binary; its index (the probes' cookie).
  uint32_t Add(GoBinary binary) {
    binaries_.push_back(std::move(binary));
    return static_cast<uint32_t>(binaries_.size() - 1);
  }
  size_t size() const { return binaries_.size(); }
  const GoBinary& binary(uint32_t index) const { return binaries_[index]; }

  // The function a goroutine of binary `index` started with ("main.worker"); "" if unknown.
  std::string_view StartFunction(uint32_t index, uint64_t start_pc) const;
  // A Go suspension's reason code (bpf/events.h, CTRACE_GO_REASON*) in words: the binary's
  // own wait reason ("chan receive"), or what the status change says ("runnable").
  std::string Reason(uint32_t code) const;

 private:
  std::vector<GoBinary> binaries_;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_GO_RUNTIMES_H_
