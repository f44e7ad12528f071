#include "model/model.h"

#include <algorithm>

namespace ctrace {
namespace {

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
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

size_t Model::MemoryBytes() const {
  size_t bytes = sizeof(Model) + VectorBytes(threads) + VectorBytes(processes) + VectorBytes(gaps) +
                 VectorBytes(strings) + VectorBytes(cpu_tiles);
  for (const std::string& s : strings) bytes += s.capacity() > 15 ? s.capacity() + 1 : 0;
  for (const Thread& t : threads) {
    bytes += VectorBytes(t.intervals) + VectorBytes(t.wakes) + VectorBytes(t.syscalls) +
             VectorBytes(t.renames);
  }
  for (const std::vector<CpuTile>& lane : cpu_tiles) bytes += VectorBytes(lane);
  for (const Process& p : processes) {
    bytes += VectorBytes(p.execs) + VectorBytes(p.threads) + VectorBytes(p.children);
  }
  return bytes;
}

}  // namespace ctrace
