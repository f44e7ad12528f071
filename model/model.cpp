#include "model/model.h"

#include <algorithm>

namespace ctrace {
namespace {

template <typename T>
size_t VectorBytes(const T& v) {
  return v.capacity() * sizeof(typename T::value_type);
}

}  // namespace

uint64_t Model::LostEvents() const {
  uint64_t from_trailer = 0;
  if (trailer) {
    for (uint64_t n : trailer->lost_per_cpu) from_trailer += n;
  }
  // Both count the same drops; a cut-off recording has only the events.
  return std::max(from_trailer, stats.lost_events);
}

std::string_view Model::TitleOf(const Process& p) const {
  std::string_view cmdline = String(p.title);
  if (cmdline.empty()) return {};
  if (!p.execs.empty()) {
    std::string_view argv = String(p.execs.back().argv);
    if (argv.substr(0, cmdline.size()) == cmdline) return {};
  }
  // A rewritten title is usually one string padded with NULs (or spaces) over the old argv.
  std::string_view first = cmdline.substr(0, cmdline.find('\0'));
  while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
  return first;
}

size_t Model::MemoryBytes() const {
  size_t bytes = sizeof(Model) + VectorBytes(threads) + VectorBytes(processes) + VectorBytes(gaps) +
                 VectorBytes(strings) + VectorBytes(cpu_tiles) + VectorBytes(tasks) +
                 VectorBytes(task_runs);
  for (const Task& t : tasks) bytes += VectorBytes(t.runs) + VectorBytes(t.wakes);
  for (const std::string& s : strings) bytes += s.capacity() > 15 ? s.capacity() + 1 : 0;
  for (const Thread& t : threads) {
    bytes += VectorBytes(t.intervals) + VectorBytes(t.wakes) + VectorBytes(t.syscalls) +
             VectorBytes(t.futex_waits) + VectorBytes(t.renames) + VectorBytes(t.task_runs);
  }
  for (const PodVector<CpuTile>& lane : cpu_tiles) bytes += VectorBytes(lane);
  for (const Process& p : processes) {
    bytes += VectorBytes(p.execs) + VectorBytes(p.threads) + VectorBytes(p.children) +
             VectorBytes(p.tasks) + VectorBytes(p.address_names);
  }
  return bytes;
}

}  // namespace ctrace
