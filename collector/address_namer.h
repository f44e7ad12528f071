// Names addresses in live processes by the global variables that hold them: the futex words
// threads sleep on (a `static std::mutex`, a global condition variable), for the locks view.
//
// An address belongs to the ELF file whose loadable segments cover it once placed at the
// load bias of the file's mapping at offset 0 (/proc/PID/maps); .bss, past the file's own
// pages, is covered too. Heap, stack and anonymous addresses have no name.
#ifndef CTRACE_COLLECTOR_ADDRESS_NAMER_H_
#define CTRACE_COLLECTOR_ADDRESS_NAMER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "collector/elf_data_symbols.h"
#include "collector/process_maps.h"

namespace ctrace {

struct NamedAddress {
  std::string name;    // "variable" or "variable+0x18"
  std::string object;  // the ELF file that defines it
};

class AddressNamer {
 public:
  // The variable at `address` in process `pid` as it is mapped now, or nullopt. A process
  // whose mappings were read less than `kMapsMaxAgeNs` ago (on `now_ns`'s clock) is not read
  // again: an address no file covers is then heap, stack or anonymous, or a library loaded
  // since (named once the mappings are read again).
  std::optional<NamedAddress> Name(int32_t pid, uint64_t address, uint64_t now_ns);
  // `pid` exec'd or exited: what it had mapped is gone.
  void Forget(int32_t pid) { processes_.erase(pid); }

  static constexpr uint64_t kMapsMaxAgeNs = 1'000'000'000;

 private:
  struct Placed {
    uint64_t start;  // the file's loadable segments, placed
    uint64_t end;
    uint64_t bias;  // run-time address minus link-time address
    const ElfDataSymbols* symbols;
    const std::string* path;
  };
  struct Image {
    std::vector<Placed> files;
    uint64_t read_ns = 0;
  };
  void Read(int32_t pid, uint64_t now_ns, Image* image);
  // The symbols of `path` as inode `inode` (read once; nullptr if it cannot be read).
  const ElfDataSymbols* Symbols(const std::string& path, uint64_t inode);

  absl::flat_hash_map<int32_t, Image> processes_;
  // (path, inode) -> its symbols: a program rebuilt during the recording (a new inode at the
  // same path) is read again. A file replaced on disk while mapped shows as "(deleted)" in
  // the maps and is not named.
  std::map<std::pair<std::string, uint64_t>, std::unique_ptr<ElfDataSymbols>> files_;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_ADDRESS_NAMER_H_
