// What a live process has mapped (/proc/PID/maps): the files the recorder looks into for task
// probes (task_probe_files.h) and for the names of the addresses threads sleep on
// (address_namer.h).
#ifndef CTRACE_COLLECTOR_PROCESS_MAPS_H_
#define CTRACE_COLLECTOR_PROCESS_MAPS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ctrace {

struct Mapping {
  uint64_t start = 0;
  uint64_t end = 0;     // one past the last byte
  uint64_t offset = 0;  // file offset of `start`
  bool executable = false;
  uint64_t inode = 0;  // of the mapped file (0: anonymous)
  // The mapped file's path; "" for an anonymous mapping, "[heap]"-style names for the
  // kernel's. A file deleted (or replaced) since it was mapped has deleted = true.
  std::string path;
  bool deleted = false;
};

// One line of a maps file ("start-end perms offset dev inode path"), or nullopt if it is not
// one.
std::optional<Mapping> ParseMapsLine(std::string_view line);

// Process `pid`'s mappings now, in address order; empty if it is gone.
std::vector<Mapping> ReadProcessMaps(int pid);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_PROCESS_MAPS_H_
