// Builds the model from a synthetic 10-million-event trace: ~100 threads in 10 processes
// on 2 CPUs that wake each other, sleep in futex/epoll_wait/read and get preempted, in the
// mix a scheduler trace has (switches, wakeup pairs, epoll spans), and from the same with
// 100,000 user-level tasks switched on the threads. Reports events per
// second and the model's bytes per event (container capacity after Finish).
//
// Run pinned: taskset -c 1 build-model/tests/model/model_benchmark
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include "model/cpu_lanes.h"
#include "model/critical_path.h"
#include "model/futile_wakeups.h"
#include "model/locks.h"
#include "model/metrics.h"
#include "model/self_check.h"
#include "model/task_metrics.h"
#include "model/timeline_builder.h"
#include "tests/support/synthetic_schedule.h"

namespace ctrace {
namespace {

constexpr size_t kChunk = 65536;

using Chunks = std::vector<std::vector<Event>>;

Chunks Generate(const testing::SyntheticScheduleOptions& options) {
  Chunks chunks(1);
  uint64_t end_ns = 0;
  absl::Status s = testing::GenerateSyntheticSchedule(
      options,
      [&chunks](const Event& e) {
        if (chunks.back().size() == kChunk) chunks.emplace_back();
        chunks.back().push_back(e);
        return absl::OkStatus();
      },
      [](const std::string&) { return uint32_t{0}; }, &end_ns);
  if (!s.ok()) std::abort();
  return chunks;
}

// The synthetic schedule (tests/support/synthetic_schedule.h), 10M events, in chunks as
// LoadModel hands them to the builder; with `tasks`, 100,000 user-level tasks switched on
// its threads (about a third of the events are task events).
const Chunks& Trace(bool tasks = false) {
  static const Chunks plain = Generate({});
  if (!tasks) return plain;
  static const Chunks with_tasks = [] {
    testing::SyntheticScheduleOptions o;
    o.tasks = 100'000;
    return Generate(o);
  }();
  return with_tasks;
}

long MinorFaults() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

size_t EventCount(const std::vector<std::vector<Event>>& trace) {
  size_t n = 0;
  for (const auto& c : trace) n += c.size();
  return n;
}

// Arg 1: the trace with tasks.
void BM_BuildModel(benchmark::State& state) {
  const auto& trace = Trace(state.range(0) != 0);
  size_t events = EventCount(trace);
  Model model;
  long faults = 0;
  for (auto _ : state) {
    state.PauseTiming();
    model = Model();  // freeing the previous model is not part of building this one
    long before = MinorFaults();
    state.ResumeTiming();
    TimelineBuilder builder;
    for (const auto& chunk : trace) builder.Add(chunk);
    model = builder.Finish();
    faults += MinorFaults() - before;
  }
  size_t bytes = model.MemoryBytes();
  // CPU lanes are a view derived on demand (viewer, peak concurrency), not kept in the model.
  size_t lane_bytes = 0;
  for (const auto& lane : BuildCpuLanes(model)) {
    lane_bytes += lane.capacity() * sizeof(LaneSegment);
  }
  state.counters["events"] = static_cast<double>(events);
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(events), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["model_bytes_per_event"] =
      static_cast<double>(bytes) / static_cast<double>(events);
  // Page faults (first touch of the model's memory, and vector growth) are a large part of
  // the cost on a VM; shown so a change in them is visible.
  state.counters["page_faults_per_build"] =
      static_cast<double>(faults) / static_cast<double>(state.iterations());
  // The event mix, to compare with other traces.
  auto share = [&](std::initializer_list<EventKind> kinds) {
    uint64_t n = 0;
    for (EventKind k : kinds) n += model.stats.events_by_kind[static_cast<uint8_t>(k)];
    return static_cast<double>(n) / static_cast<double>(events);
  };
  state.counters["share_switch"] = share({EventKind::kSchedSwitch});
  state.counters["share_wakeup"] = share({EventKind::kSchedWaking, EventKind::kSchedWakeup});
  state.counters["share_syscall"] = share({EventKind::kSyscallEnter, EventKind::kSyscallExit});
  state.counters["share_task"] = share({EventKind::kTaskCreate, EventKind::kTaskResume,
                                        EventKind::kTaskSuspend, EventKind::kTaskEnd});
  state.counters["lanes_bytes_per_event"] =
      static_cast<double>(lane_bytes) / static_cast<double>(events);
  state.counters["tasks"] = static_cast<double>(model.tasks.size());
}
BENCHMARK(BM_BuildModel)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

// Percentiles of 4 million durations spread as a run queue's waits (the 100M-event trace's 39
// million are summarised per thread, per process and whole).
void BM_Summarize(benchmark::State& state) {
  std::vector<uint64_t> waits(4'000'000);
  uint64_t x = 88172645463325252ull;
  for (uint64_t& w : waits) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
    w = 20'000 + x % 400'000;
  }
  std::vector<uint64_t> work;
  for (auto _ : state) {
    state.PauseTiming();
    work = waits;  // the same order each time
    state.ResumeTiming();
    benchmark::DoNotOptimize(Summarize(work));
  }
  state.counters["samples_per_s"] = benchmark::Counter(
      static_cast<double>(waits.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Summarize)->Unit(benchmark::kMillisecond)->Iterations(10);

void BM_MetricsAndSelfCheck(benchmark::State& state) {
  const auto& trace = Trace();
  TimelineBuilder builder;
  for (const auto& chunk : trace) builder.Add(chunk);
  Model model = builder.Finish();
  for (auto _ : state) {
    TraceMetrics metrics = ComputeMetrics(model);
    SelfCheck check = RunSelfCheck(model);
    benchmark::DoNotOptimize(metrics);
    benchmark::DoNotOptimize(check);
  }
  state.counters["events_per_s"] = benchmark::Counter(
      static_cast<double>(EventCount(trace)), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_MetricsAndSelfCheck)->Unit(benchmark::kMillisecond)->Iterations(3);

// The task metrics (task_metrics.h: every task's life split into situations, per process
// and trace) on the trace with tasks.
void BM_TaskMetrics(benchmark::State& state) {
  const auto& trace = Trace(true);
  TimelineBuilder builder;
  for (const auto& chunk : trace) builder.Add(chunk);
  Model model = builder.Finish();
  for (auto _ : state) benchmark::DoNotOptimize(ComputeTaskMetrics(model));
  state.counters["tasks"] = static_cast<double>(model.tasks.size());
  state.counters["task_runs"] = static_cast<double>(model.task_runs.size());
}
BENCHMARK(BM_TaskMetrics)->Unit(benchmark::kMillisecond)->Iterations(3);

Model BuildPlain() {
  TimelineBuilder builder;
  for (const auto& chunk : Trace()) builder.Add(chunk);
  return builder.Finish();
}

// Wait chains (model/critical_path.h) on the 10M-event trace: the whole life of the thread
// with the most intervals, from its end back to its start through every waker.
void BM_CriticalPathWholeThread(benchmark::State& state) {
  static const Model model = BuildPlain();
  uint32_t busiest = 0;
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    if (model.threads[t].intervals.size() > model.threads[busiest].intervals.size()) busiest = t;
  }
  CriticalPath path;
  for (auto _ : state) {
    path = ComputeCriticalPath(model, busiest);
    benchmark::DoNotOptimize(path);
  }
  uint64_t hops = 0;
  for (const PathSegment& s : path.segments) hops = std::max<uint64_t>(hops, s.depth);
  state.counters["thread_intervals"] = static_cast<double>(model.threads[busiest].intervals.size());
  state.counters["segments"] = static_cast<double>(path.segments.size());
  state.counters["deepest_hop"] = static_cast<double>(hops);
  state.counters["segment_bytes"] =
      static_cast<double>(path.segments.capacity() * sizeof(PathSegment));
  state.counters["unexplained_share"] =
      static_cast<double>(path.unexplained_ns) / static_cast<double>(path.end_ns - path.start_ns);
}
BENCHMARK(BM_CriticalPathWholeThread)->Unit(benchmark::kMillisecond)->Iterations(5);

// Runs `analysis` on `model` once per iteration; returns its last result.
template <typename Analysis>
auto TimeAnalysis(benchmark::State& state, const Model& model, Analysis analysis) {
  decltype(analysis(model)) result;
  for (auto _ : state) {
    result = analysis(model);
    benchmark::DoNotOptimize(result);
  }
  return result;
}

// Lock grouping (model/locks.h) on the same trace: every futex sleep grouped by its word.
void BM_Locks(benchmark::State& state) {
  static const Model model = BuildPlain();
  const std::vector<Lock> locks = TimeAnalysis(state, model, ComputeLocks);
  uint64_t waits = 0;
  size_t bytes = locks.capacity() * sizeof(Lock);
  for (const Lock& l : locks) {
    waits += l.waits;
    bytes += (l.waiters.capacity() + l.wakers.capacity()) * sizeof(uint32_t);
  }
  size_t kept = 0;  // what the model keeps for them: Thread::futex_waits
  for (const Thread& t : model.threads) kept += t.futex_waits.capacity() * sizeof(FutexWait);
  state.counters["locks"] = static_cast<double>(locks.size());
  state.counters["futex_sleeps"] = static_cast<double>(waits);
  state.counters["result_bytes"] = static_cast<double>(bytes);
  state.counters["model_futex_bytes"] = static_cast<double>(kept);
}
BENCHMARK(BM_Locks)->Unit(benchmark::kMillisecond)->Iterations(5);

// Wakeups grouped by waker and the call they ended a sleep in (model/futile_wakeups.h): one
// look at each wakeup, the call it woke found among the thread's recorded ones.
void BM_WakeupGroups(benchmark::State& state) {
  static const Model model = BuildPlain();
  const std::vector<WakeupGroup> groups = TimeAnalysis(state, model, ComputeWakeupGroups);
  uint64_t grouped = 0;
  for (const WakeupGroup& g : groups) grouped += g.wakeups;
  uint64_t wakeups = 0;
  for (const Thread& t : model.threads) wakeups += t.wakes.size();
  state.counters["groups"] = static_cast<double>(groups.size());
  state.counters["grouped_wakeups"] = static_cast<double>(grouped);
  state.counters["wakeups_per_s"] = benchmark::Counter(
      static_cast<double>(wakeups), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WakeupGroups)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace
}  // namespace ctrace

BENCHMARK_MAIN();
