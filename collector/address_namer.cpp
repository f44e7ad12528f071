#include "collector/address_namer.h"

#include <cstdint>
#include <limits>
#include <utility>

namespace ctrace {

const ElfDataSymbols* AddressNamer::Symbols(const std::string& path, uint64_t inode) {
  auto [it, added] = files_.try_emplace(std::pair{path, inode});
  if (added) {
    absl::StatusOr<ElfDataSymbols> read = ElfDataSymbols::Read(path);
    if (read.ok()) it->second = std::make_unique<ElfDataSymbols>(std::move(*read));
  }
  return it->second.get();
}

void AddressNamer::Read(int32_t pid, uint64_t now_ns, Image* image) {
  image->files.clear();
  image->read_ns = now_ns;
  for (const Mapping& m : ReadProcessMaps(pid)) {
    // The mapping at offset 0 places the whole file; the others are its later segments.
    if (m.offset != 0 || m.deleted || m.path.empty() || m.path[0] != '/') continue;
    const ElfDataSymbols* symbols = Symbols(m.path, m.inode);
    if (symbols == nullptr || symbols->size() == 0 || m.start < symbols->first_page()) continue;
    const uint64_t bias = m.start - symbols->first_page();
    if (symbols->end() > std::numeric_limits<uint64_t>::max() - bias) continue;
    auto file = files_.find(std::pair{m.path, m.inode});
    image->files.push_back({m.start, bias + symbols->end(), bias, symbols, &file->first.first});
  }
}

std::optional<NamedAddress> AddressNamer::Name(int32_t pid, uint64_t address, uint64_t now_ns) {
  auto [it, added] = processes_.try_emplace(pid);
  Image& image = it->second;
  const auto find = [&]() -> std::optional<NamedAddress> {
    for (const Placed& f : image.files) {
      if (address < f.start || address >= f.end) continue;
      std::optional<std::string> name = f.symbols->NameAt(address - f.bias);
      if (!name) return std::nullopt;
      return NamedAddress{std::move(*name), *f.path};
    }
    return std::nullopt;
  };
  if (added || now_ns - image.read_ns >= kMapsMaxAgeNs) Read(pid, now_ns, &image);
  return find();
}

}  // namespace ctrace
