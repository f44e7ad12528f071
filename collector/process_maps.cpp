#include "collector/process_maps.h"

#include <charconv>
#include <fstream>

namespace ctrace {
namespace {

// The next space-separated field of `line`, consumed.
std::string_view NextField(std::string_view& line) {
  const size_t begin = line.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(begin);
  const size_t end = std::min(line.find(' '), line.size());
  std::string_view field = line.substr(0, end);
  line.remove_prefix(end);
  return field;
}

bool ParseHex(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out, 16);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::optional<Mapping> ParseMapsLine(std::string_view line) {
  Mapping m;
  const std::string_view range = NextField(line);
  const std::string_view perms = NextField(line);
  const std::string_view offset = NextField(line);
  NextField(line);  // device
  const std::string_view inode = NextField(line);
  const size_t dash = range.find('-');
  if (dash == std::string_view::npos || !ParseHex(range.substr(0, dash), &m.start) ||
      !ParseHex(range.substr(dash + 1), &m.end) || m.end < m.start || perms.size() < 4 ||
      !ParseHex(offset, &m.offset)) {
    return std::nullopt;
  }
  m.executable = perms[2] == 'x';
  if (auto [ptr, ec] = std::from_chars(inode.data(), inode.data() + inode.size(), m.inode);
      ec != std::errc() || ptr != inode.data() + inode.size()) {
    return std::nullopt;
  }
  const size_t path = line.find_first_not_of(' ');
  if (path != std::string_view::npos) m.path = std::string(line.substr(path));
  constexpr std::string_view kDeleted = " (deleted)";
  if (m.path.size() > kDeleted.size() && m.path.ends_with(kDeleted)) {
    m.path.resize(m.path.size() - kDeleted.size());
    m.deleted = true;
  }
  return m;
}

std::vector<Mapping> ReadProcessMaps(int pid) {
  std::vector<Mapping> maps;
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(in, line)) {
    if (std::optional<Mapping> m = ParseMapsLine(line)) maps.push_back(std::move(*m));
  }
  return maps;
}

}  // namespace ctrace
