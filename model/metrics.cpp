#include "model/metrics.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <queue>
#include <span>
#include <thread>
#include <vector>

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
  const PodVector<StateInterval>& iv = th.intervals;
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
struct Peaks {
  uint32_t running_threads = 0;
  uint64_t running_at_ns = 0;
  std::vector<uint32_t> process_running_threads;  // per process
};

// A tile's edge, in the sweep's order: time, then ends before starts, then CPU.
struct Edge {
  uint64_t ts;
  uint32_t is_start;  // 0: the end of a traced thread's tile, 1: its start
  uint32_t cpu;
  bool operator>(const Edge& o) const {
    if (ts != o.ts) return ts > o.ts;
    if (is_start != o.is_start) return is_start > o.is_start;
    return cpu > o.cpu;
  }
};

// The pending edges, one per CPU at most (a lane's next edge is known once its last one is
// taken), the first of them found by looking at each: for a few CPUs, much cheaper than a
// heap's pushes and pops (a 2-CPU trace of 100M events: the heap's sweep was 1.4 s of
// `ctrace report`'s CPU).
class ScannedEdges {
 public:
  explicit ScannedEdges(size_t cpus) : edges_(cpus), pending_(cpus, 0) {}
  void Push(const Edge& e) {
    edges_[e.cpu] = e;
    pending_[e.cpu] = 1;
    ++count_;
  }
  bool empty() const { return count_ == 0; }
  Edge Pop() {
    size_t first = edges_.size();
    for (size_t c = 0; c < edges_.size(); ++c) {
      if (pending_[c] && (first == edges_.size() || edges_[first] > edges_[c])) first = c;
    }
    pending_[first] = 0;
    --count_;
    return edges_[first];
  }

 private:
  std::vector<Edge> edges_;
  std::vector<uint8_t> pending_;
  size_t count_ = 0;
};

// The same for many CPUs, where looking at each one per edge would cost more than a heap.
class HeapEdges {
 public:
  explicit HeapEdges(size_t /*cpus*/) {}
  void Push(const Edge& e) { heap_.push(e); }
  bool empty() const { return heap_.empty(); }
  Edge Pop() {
    const Edge e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  std::priority_queue<Edge, std::vector<Edge>, std::greater<>> heap_;
};

// Up to this many CPUs, ScannedEdges; beyond, HeapEdges.
constexpr size_t kScannedCpus = 16;

template <typename Edges>
void SweepPeaks(const Model& model, const CpuTiles& tiles, Peaks* peaks) {
  // The first tile at or after `i` of `cpu` that a traced thread holds; a thread's tile ends
  // where the next one starts (the last tile is the lane's end).
  auto next_running = [&tiles](size_t cpu, size_t i) {
    const PodVector<CpuTile>& lane = tiles[cpu];
    while (i + 1 < lane.size() && lane[i].key >= kLaneNone) ++i;
    return i;
  };
  // A copy: a packed tile's start may be misaligned.
  auto start_of = [](const CpuTile& t) -> uint64_t { return t.start_ns; };
  Edges edges(tiles.size());
  std::vector<size_t> cursor(tiles.size(), 0);
  for (size_t cpu = 0; cpu < tiles.size(); ++cpu) {
    cursor[cpu] = next_running(cpu, 0);
    if (cursor[cpu] + 1 < tiles[cpu].size()) {
      edges.Push({start_of(tiles[cpu][cursor[cpu]]), 1, static_cast<uint32_t>(cpu)});
    }
  }
  // One more slot than processes: a thread in none (only a hand-made model has one) counts
  // in the trace's peak and its own slot, no process's.
  std::vector<uint32_t> running(model.processes.size() + 1, 0);
  uint32_t total = 0;
  while (!edges.empty()) {
    const Edge edge = edges.Pop();
    const uint32_t cpu = edge.cpu;
    const PodVector<CpuTile>& lane = tiles[cpu];
    const size_t i = cursor[cpu];
    const uint32_t p = std::min<uint32_t>(model.threads[lane[i].key].process,
                                          static_cast<uint32_t>(model.processes.size()));
    if (edge.is_start) {
      ++total;
      ++running[p];
      if (total > peaks->running_threads) {
        peaks->running_threads = total;
        peaks->running_at_ns = edge.ts;
      }
      if (p < model.processes.size()) {
        uint32_t& process_peak = peaks->process_running_threads[p];
        process_peak = std::max(process_peak, running[p]);
      }
      edges.Push({start_of(lane[i + 1]), 0, cpu});
    } else {
      --total;
      --running[p];
      cursor[cpu] = next_running(cpu, i + 1);
      if (cursor[cpu] + 1 < lane.size()) edges.Push({start_of(lane[cursor[cpu]]), 1, cpu});
    }
  }
}

Peaks MeasurePeaks(const Model& model) {
  Peaks peaks;
  peaks.process_running_threads.assign(model.processes.size(), 0);
  CpuTiles derived;
  const CpuTiles& tiles =
      model.cpu_tiles.empty() ? (derived = DeriveCpuTiles(model)) : model.cpu_tiles;
  if (tiles.size() <= kScannedCpus) {
    SweepPeaks<ScannedEdges>(model, tiles, &peaks);
  } else {
    SweepPeaks<HeapEdges>(model, tiles, &peaks);
  }
  return peaks;
}

// At least this many samples: the radix selection below; fewer, nth_element.
constexpr size_t kRadixSelectSamples = size_t{1} << 16;

// The values at the 0-based `ranks` (ascending) of `samples` in sorted order, without
// reordering them: a histogram of the top 16 bits of each sample's distance from the least,
// which names the bucket each rank falls in and its rank there, then a selection among the
// samples of those buckets only. Three passes that only read, against nth_element's
// partitioning of the whole set for each rank: for the 39 million run-queue waits of a
// 100M-event trace, summarised per thread, per process and whole, nth_element was 4.5% of
// `ctrace report`'s CPU (perf record).
template <size_t kRanks>
std::array<uint64_t, kRanks> SelectRanks(std::span<const uint64_t> samples,
                                         const std::array<size_t, kRanks>& ranks, uint64_t least,
                                         uint64_t most) {
  std::array<uint64_t, kRanks> values;
  if (least == most) {
    values.fill(least);
    return values;
  }
  constexpr int kBucketBits = 16;
  const int shift = std::max(0, static_cast<int>(std::bit_width(most - least)) - kBucketBits);
  std::vector<uint32_t> counts(size_t{1} << kBucketBits, 0);
  for (uint64_t v : samples) ++counts[(v - least) >> shift];
  std::array<uint32_t, kRanks> bucket;
  std::array<size_t, kRanks> rank_in_bucket;
  size_t below = 0;  // samples in the buckets before b
  size_t k = 0;
  for (uint32_t b = 0; b < counts.size() && k < kRanks; ++b) {
    while (k < kRanks && ranks[k] < below + counts[b]) {
      bucket[k] = b;
      rank_in_bucket[k] = ranks[k] - below;
      ++k;
    }
    below += counts[b];
  }
  // Each distinct bucket's samples once: ranks in ascending order fall in buckets in
  // ascending order, so a rank shares its bucket only with the ranks beside it.
  std::array<std::vector<uint64_t>, kRanks> in_bucket;
  std::array<size_t, kRanks> holder;  // which in_bucket holds rank r's bucket
  for (size_t r = 0; r < kRanks; ++r) {
    holder[r] = r > 0 && bucket[r] == bucket[r - 1] ? holder[r - 1] : r;
    if (holder[r] == r) in_bucket[r].reserve(counts[bucket[r]]);
  }
  for (uint64_t v : samples) {
    const uint64_t b = (v - least) >> shift;
    for (size_t r = 0; r < kRanks; ++r) {
      if (b == bucket[r] && holder[r] == r) in_bucket[r].push_back(v);
    }
  }
  for (size_t r = 0; r < kRanks; ++r) {
    std::vector<uint64_t>& v = in_bucket[holder[r]];
    std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(rank_in_bucket[r]), v.end());
    values[r] = v[rank_in_bucket[r]];
  }
  return values;
}

}  // namespace

LatencySummary Summarize(std::span<uint64_t> samples) {
  LatencySummary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  // ceil(percent/100 * n), 1-based, as a 0-based index.
  auto index = [&](uint64_t percent) {
    return static_cast<size_t>(std::max<uint64_t>((percent * s.count + 99) / 100, 1) - 1);
  };
  if (samples.size() >= kRadixSelectSamples) {
    const auto [least, most] = std::minmax_element(samples.begin(), samples.end());
    const std::array<uint64_t, 3> p =
        SelectRanks<3>(samples, {index(50), index(90), index(99)}, *least, *most);
    s.p50 = p[0];
    s.p90 = p[1];
    s.p99 = p[2];
    s.max = *most;
    return s;
  }
  // Selects each rank in what is above the previous one (linear time) rather than sorting.
  size_t from = 0;
  auto rank = [&](uint64_t percent) {
    const size_t i = index(percent);
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
  // The peaks sweep the CPU lanes, the rest the threads' intervals: the two take about as
  // long on a big trace (1.5 s each for 100 million events), so they run side by side.
  Peaks peaks;
  std::jthread peaks_thread([&model, &peaks] { peaks = MeasurePeaks(model); });
  TraceMetrics metrics;
  size_t n = model.threads.size();
  metrics.threads.resize(n);
  metrics.processes.resize(model.processes.size());

  // Every run-queue wait, in one buffer laid out process by process and, within a process,
  // thread by thread: a thread's, a process's and the trace's waits are each one range of
  // it, summarised in place (from the smallest ranges out, as a summary only reorders its
  // own range). A 100-million-event trace has ~40 million waits: copying them into a buffer
  // per process and one for the trace cost 600 MB of fresh pages and a second of
  // `ctrace report` (perf: memmove into page faults).
  struct Range {
    size_t begin = 0, end = 0;
  };
  std::vector<uint64_t> waits;
  // At most one wait per interval: reserved once, so the buffer is never copied as it grows
  // (pages of the reservation that no wait reaches are never touched, so cost no memory).
  size_t intervals = 0;
  for (const Thread& th : model.threads) intervals += th.intervals.size();
  waits.reserve(intervals);
  std::vector<Range> thread_waits(n);
  std::vector<Range> process_waits(model.processes.size());
  std::vector<bool> measured(n, false);
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    process_waits[p].begin = waits.size();
    for (uint32_t t : model.processes[p].threads) {
      if (!measured[t]) {
        measured[t] = true;
        thread_waits[t].begin = waits.size();
        MeasureThread(model, model.threads[t], &metrics.threads[t], &waits);
        thread_waits[t].end = waits.size();
      } else {  // listed twice (a bad model): counted twice, as listed
        const Range r = thread_waits[t];
        const std::vector<uint64_t> again(waits.begin() + static_cast<ptrdiff_t>(r.begin),
                                          waits.begin() + static_cast<ptrdiff_t>(r.end));
        waits.insert(waits.end(), again.begin(), again.end());
      }
    }
    process_waits[p].end = waits.size();
  }
  const size_t trace_waits_end = waits.size();
  for (uint32_t t = 0; t < n; ++t) {  // in no process: their own figures only
    if (measured[t]) continue;
    thread_waits[t].begin = waits.size();
    MeasureThread(model, model.threads[t], &metrics.threads[t], &waits);
    thread_waits[t].end = waits.size();
  }
  auto summarize = [&waits](Range r) {
    return Summarize(std::span<uint64_t>(waits).subspan(r.begin, r.end - r.begin));
  };

  std::vector<std::vector<uint64_t>> created(n);  // creation latencies of each creator's children
  std::vector<uint64_t> all_created;  // every thread created in the trace, traced creator or not
  for (uint32_t t = 0; t < n; ++t) {
    const std::optional<uint64_t>& latency = metrics.threads[t].creation_latency_ns;
    if (!latency) continue;
    all_created.push_back(*latency);
    uint32_t creator = model.threads[t].created_by;
    if (creator != kNoThread) created[creator].push_back(*latency);
  }
  for (uint32_t t = 0; t < n; ++t) {
    metrics.threads[t].runqueue_latency = summarize(thread_waits[t]);
    metrics.threads[t].creation_latency = Summarize(created[t]);
  }
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    ProcessMetrics& pm = metrics.processes[p];
    std::vector<uint64_t> process_created;
    for (uint32_t t : model.processes[p].threads) {
      AddCounters(metrics.threads[t], &pm);
      process_created.insert(process_created.end(), created[t].begin(), created[t].end());
    }
    AddCounters(pm, &metrics.total);
    pm.runqueue_latency = summarize(process_waits[p]);
    pm.creation_latency = Summarize(process_created);
  }
  // The trace counts every creation in it, including those by creators outside the traced
  // set (the traced command's own process).
  metrics.total.threads_created = 0;
  metrics.total.processes_created = 0;
  for (const Thread& th : model.threads) {
    if (th.origin != ThreadOrigin::kCreated) continue;
    ++(th.created_as_process ? metrics.total.processes_created : metrics.total.threads_created);
  }
  metrics.total.runqueue_latency = summarize({0, trace_waits_end});
  metrics.total.creation_latency = Summarize(all_created);
  peaks_thread.join();
  metrics.peak_running_threads = peaks.running_threads;
  metrics.peak_running_at_ns = peaks.running_at_ns;
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    metrics.processes[p].peak_running_threads = peaks.process_running_threads[p];
  }
  return metrics;
}

}  // namespace ctrace
