#include "model/task_concurrency.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace ctrace {
namespace {

// Calls f(slice, ns) for each slice [a, b) overlaps, with the length of the overlap.
template <typename F>
void ForEachOverlap(uint64_t start, uint64_t width, size_t count, uint64_t a, uint64_t b, F f) {
  if (b <= a || width == 0) return;
  const uint64_t end = start + width * count;
  a = std::max(a, start);
  b = std::min(b, end);
  for (uint64_t at = a; at < b;) {
    const size_t s = std::min<size_t>((at - start) / width, count - 1);
    const uint64_t slice_end = s + 1 == count ? end : start + width * (s + 1);
    const uint64_t to = std::min(b, slice_end);
    f(s, to - at);
    at = to;
  }
}

uint64_t PeakIn(std::vector<std::pair<uint64_t, int>>& edges, int64_t live_at_start) {
  std::sort(edges.begin(), edges.end());  // ends (-1) before starts at one time
  int64_t live = live_at_start, peak = live_at_start;
  for (const auto& [ts, d] : edges) {
    live += d;
    peak = std::max(peak, live);
  }
  return static_cast<uint64_t>(std::max<int64_t>(peak, 0));
}

}  // namespace

std::vector<ProcessTaskConcurrency> ComputeTaskConcurrency(const Model& model, uint32_t slices) {
  std::vector<ProcessTaskConcurrency> out;
  if (slices == 0) return out;
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    const Process& proc = model.processes[p];
    if (proc.tasks.empty()) continue;
    // The span of the process's tasks: from the first one's appearance to the last one's end
    // (the trace's end for one still alive), so a long start-up does not empty the slices.
    uint64_t start = UINT64_MAX, end = 0;
    for (uint32_t t : proc.tasks) {
      const Task& task = model.tasks[t];
      start = std::min(start, task.first_ns);
      end = std::max(end, task.gone_ns != 0 ? task.gone_ns : std::max(model.end_ns, task.first_ns));
    }
    if (end <= start) continue;
    const uint64_t span = end - start;
    const size_t count = std::min<uint64_t>(slices, span);
    const uint64_t width = span / count;
    ProcessTaskConcurrency& pc = out.emplace_back();
    pc.process = p;
    pc.slices.resize(count);
    const auto slice_start = [&](size_t s) { return start + width * s; };
    const auto slice_end = [&](size_t s) { return s + 1 == count ? end : start + width * (s + 1); };
    std::vector<uint64_t> live_ns(count, 0), current_ns(count, 0);
    std::vector<std::vector<uint32_t>> threads(count);
    // A slice's peak: the tasks alive at its start, then its appearances and ends.
    std::vector<std::vector<std::pair<uint64_t, int>>> edges(count);
    std::vector<int64_t> live_at_start(count, 0);
    for (uint32_t t : proc.tasks) {
      const Task& task = model.tasks[t];
      const uint64_t gone = task.gone_ns != 0 ? task.gone_ns : end;
      ForEachOverlap(start, width, count, task.first_ns, gone,
                     [&](size_t s, uint64_t ns) { live_ns[s] += ns; });
      for (size_t s = 0; s < count; ++s) {
        const uint64_t from = slice_start(s), to = slice_end(s);
        if (task.first_ns < from && gone > from) {
          ++live_at_start[s];
        } else if (task.first_ns >= from && task.first_ns < to) {
          edges[s].push_back({task.first_ns, 1});
        }
        if (gone > from && gone < to && task.first_ns < gone) edges[s].push_back({gone, -1});
      }
      for (uint32_t r : task.runs) {
        const TaskRun& run = model.task_runs[r];
        ForEachOverlap(start, width, count, run.start_ns, run.end_ns, [&](size_t s, uint64_t ns) {
          current_ns[s] += ns;
          threads[s].push_back(run.thread);
        });
      }
    }
    for (size_t s = 0; s < count; ++s) {
      TaskConcurrencySlice& slice = pc.slices[s];
      slice.start_ns = slice_start(s);
      slice.end_ns = slice_end(s);
      const double length = static_cast<double>(slice.end_ns - slice.start_ns);
      slice.live_tasks = static_cast<double>(live_ns[s]) / length;
      slice.current_tasks = static_cast<double>(current_ns[s]) / length;
      slice.peak_live_tasks = PeakIn(edges[s], live_at_start[s]);
      std::sort(threads[s].begin(), threads[s].end());
      slice.threads = static_cast<uint32_t>(std::unique(threads[s].begin(), threads[s].end()) -
                                            threads[s].begin());
    }
  }
  return out;
}

}  // namespace ctrace
