#include "model/metrics.h"

#include <algorithm>
#include <queue>
#include <tuple>

#include "model/cpu_lanes.h"

namespace ctrace {
namespace {

// Adds the counters of `from` into `into` (not the latency summaries).
void AddCounters(const ActivityMetrics& from, ActivityMetrics* into) {
  into->running_ns += from.running_ns;
  into->runnable_ns += from.runnable_ns;
  for (int r = 0; r < kBlockReasonCount; ++r) into->blocked_ns[r] += from.blocked_ns[r];
  into->unknown_ns += from.unknown_ns;
  into->voluntary_switches += from.voluntary_switches;
  into->involuntary_switches += from.involuntary_switches;
  into->migrations += from.migrations;
  into->wakeups_received += from.wakeups_received;
  into->wakeups_given += from.wakeups_given;
  into->epoll.calls += from.epoll.calls;
  into->epoll.wait_ns += from.epoll.wait_ns;
  into->epoll.events_returned += from.epoll.events_returned;
  into->epoll.empty_returns += from.epoll.empty_returns;
  into->threads_created += from.threads_created;
  into->processes_created += from.processes_created;
}

// Fills the time, switch and epoll figures of one thread; appends its run-queue waits.
void MeasureThread(const Model& model, const Thread& th, ThreadMetrics* m,
                   std::vector<uint64_t>* runqueue_waits) {
  const std::vector<StateInterval>& iv = th.intervals;
  for (size_t i = 0; i < iv.size(); ++i) {
    uint64_t ns = model.IntervalEnd(th, i) - iv[i].start_ns;
    ThreadState s = iv[i].state();
    if (s == ThreadState::kRunning) {
      m->running_ns += ns;
    } else if (s == ThreadState::kRunnable) {
      m->runnable_ns += ns;
      // A wait counts once it ends in a run; one cut by the trace's end has no length yet.
      if (i + 1 < iv.size() && iv[i + 1].state() == ThreadState::kRunning) {
        runqueue_waits->push_back(ns);
      }
    } else if (IsBlocked(s)) {
      m->blocked_ns[static_cast<int>(ReasonOf(s))] += ns;
    } else if (s == ThreadState::kUnknown) {
      m->unknown_ns += ns;
    }
  }
  m->voluntary_switches = th.voluntary_switches;
  m->involuntary_switches = th.involuntary_switches;
  m->migrations = th.migrations;
  m->wakeups_received = th.wakeups_received;
  m->wakeups_given = th.wakeups_given;
  m->threads_created = th.threads_created;
  m->processes_created = th.processes_created;
  for (const SyscallSpan& call : th.syscalls) {
    if (BlockReasonForSyscall(call.nr) != BlockReason::kEpoll || call.exit_ns == 0) continue;
    ++m->epoll.calls;
    m->epoll.wait_ns += call.exit_ns - call.enter_ns;
    if (call.ret > 0) m->epoll.events_returned += static_cast<uint64_t>(call.ret);
    if (call.ret == 0) ++m->epoll.empty_returns;
  }
  if (th.origin == ThreadOrigin::kCreated) {
    for (const StateInterval& s : iv) {
      if (s.state() == ThreadState::kRunning) {
        const uint64_t start = s.start_ns;  // a copy: packed members may be misaligned
        m->creation_latency_ns = start - std::min(start, th.creation_start_ns);
        break;
      }
    }
  }
}

// Peak concurrency from the CPU lanes: a sweep over the starts and ends of the threads' tiles
// on all CPUs in time order (ends first at equal times, so a switch between two threads is
// not a peak). The lanes are the model's CPU tiles (built while loading, if asked for), else
// derived from the threads.
void MeasurePeaks(const Model& model, TraceMetrics* metrics) {
  CpuTiles derived;
  const CpuTiles& tiles =
      model.cpu_tiles.empty() ? (derived = DeriveCpuTiles(model)) : model.cpu_tiles;
  // The first tile at or after `i` of `cpu` that a traced thread holds; a thread's tile ends
  // where the next one starts (the last tile is the lane's end).
  auto next_running = [&tiles](size_t cpu, size_t i) {
    const std::vector<CpuTile>& lane = tiles[cpu];
    while (i + 1 < lane.size() && lane[i].key >= kLaneNone) ++i;
    return i;
  };
  // (time, 0 = end / 1 = start, cpu)
  using Edge = std::tuple<uint64_t, int, size_t>;
  // A copy: emplace binds a reference, and a packed tile's start may be misaligned.
  auto start_of = [](const CpuTile& t) -> uint64_t { return t.start_ns; };
  std::priority_queue<Edge, std::vector<Edge>, std::greater<>> edges;
  std::vector<size_t> cursor(tiles.size(), 0);
  for (size_t cpu = 0; cpu < tiles.size(); ++cpu) {
    cursor[cpu] = next_running(cpu, 0);
    if (cursor[cpu] + 1 < tiles[cpu].size())
      edges.emplace(start_of(tiles[cpu][cursor[cpu]]), 1, cpu);
  }
  std::vector<uint32_t> running(model.processes.size(), 0);
  uint32_t total = 0;
  while (!edges.empty()) {
    auto [ts, is_start, cpu] = edges.top();
    edges.pop();
    const std::vector<CpuTile>& lane = tiles[cpu];
    const size_t i = cursor[cpu];
    uint32_t p = model.threads[lane[i].key].process;
    if (is_start) {
      ++total;
      ++running[p];
      if (total > metrics->peak_running_threads) {
        metrics->peak_running_threads = total;
        metrics->peak_running_at_ns = ts;
      }
      ProcessMetrics& pm = metrics->processes[p];
      pm.peak_running_threads = std::max(pm.peak_running_threads, running[p]);
      edges.emplace(start_of(lane[i + 1]), 0, cpu);
    } else {
      --total;
      --running[p];
      cursor[cpu] = next_running(cpu, i + 1);
      if (cursor[cpu] + 1 < lane.size()) edges.emplace(start_of(lane[cursor[cpu]]), 1, cpu);
    }
  }
}

}  // namespace

LatencySummary Summarize(std::vector<uint64_t>& samples) {
  LatencySummary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  // Selects each rank in what is above the previous one (linear time) rather than sorting:
  // a trace's run-queue waits are millions of samples, summarised per thread, per process
  // and for the whole trace.
  size_t from = 0;
  auto rank = [&](uint64_t percent) {
    // ceil(percent/100 * n), 1-based
    const size_t i = static_cast<size_t>(std::max<uint64_t>((percent * s.count + 99) / 100, 1) - 1);
    std::nth_element(samples.begin() + static_cast<ptrdiff_t>(from),
                     samples.begin() + static_cast<ptrdiff_t>(i), samples.end());
    from = i;
    return samples[i];
  };
  s.p50 = rank(50);
  s.p90 = rank(90);
  s.p99 = rank(99);
  s.max = *std::max_element(samples.begin() + static_cast<ptrdiff_t>(from), samples.end());
  return s;
}

TraceMetrics ComputeMetrics(const Model& model) {
  TraceMetrics metrics;
  size_t n = model.threads.size();
  metrics.threads.resize(n);
  metrics.processes.resize(model.processes.size());
  std::vector<std::vector<uint64_t>> waits(n);
  std::vector<std::vector<uint64_t>> created(n);  // creation latencies of each creator's children
  for (uint32_t t = 0; t < n; ++t) {
    MeasureThread(model, model.threads[t], &metrics.threads[t], &waits[t]);
  }
  std::vector<uint64_t> all_created;  // every thread created in the trace, traced creator or not
  for (uint32_t t = 0; t < n; ++t) {
    const std::optional<uint64_t>& latency = metrics.threads[t].creation_latency_ns;
    if (!latency) continue;
    all_created.push_back(*latency);
    uint32_t creator = model.threads[t].created_by;
    if (creator != kNoThread) created[creator].push_back(*latency);
  }

  std::vector<uint64_t> all_waits;
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    ProcessMetrics& pm = metrics.processes[p];
    std::vector<uint64_t> process_waits;
    std::vector<uint64_t> process_created;
    for (uint32_t t : model.processes[p].threads) {
      AddCounters(metrics.threads[t], &pm);
      process_waits.insert(process_waits.end(), waits[t].begin(), waits[t].end());
      process_created.insert(process_created.end(), created[t].begin(), created[t].end());
    }
    AddCounters(pm, &metrics.total);
    all_waits.insert(all_waits.end(), process_waits.begin(), process_waits.end());
    pm.runqueue_latency = Summarize(process_waits);
    pm.creation_latency = Summarize(process_created);
  }
  for (uint32_t t = 0; t < n; ++t) {
    metrics.threads[t].runqueue_latency = Summarize(waits[t]);
    metrics.threads[t].creation_latency = Summarize(created[t]);
  }
  // The trace counts every creation in it, including those by creators outside the traced
  // set (the traced command's own process).
  metrics.total.threads_created = 0;
  metrics.total.processes_created = 0;
  for (const Thread& th : model.threads) {
    if (th.origin != ThreadOrigin::kCreated) continue;
    ++(th.created_as_process ? metrics.total.processes_created : metrics.total.threads_created);
  }
  metrics.total.runqueue_latency = Summarize(all_waits);
  metrics.total.creation_latency = Summarize(all_created);
  MeasurePeaks(model, &metrics);
  return metrics;
}

}  // namespace ctrace
