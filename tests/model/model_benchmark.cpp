// Builds the model from a synthetic 10-million-event trace: ~100 threads in 10 processes
// on 2 CPUs that wake each other, sleep in futex/epoll_wait/read and get preempted, in the
// mix a scheduler trace has (switches, wakeup pairs, epoll spans). Reports events per
// second and the model's bytes per event (container capacity after Finish).
//
// Run pinned: taskset -c 1 build-model/tests/model/model_benchmark
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <random>
#include <vector>

#include "model/cpu_lanes.h"
#include "model/metrics.h"
#include "model/self_check.h"
#include "model/timeline_builder.h"

namespace ctrace {
namespace {

constexpr size_t kEvents = 10'000'000;
constexpr size_t kChunk = 65536;
constexpr int kThreads = 100;
constexpr int kCpus = 2;

struct SimThread {
  int32_t tid;
  int32_t pid;
  enum { kBlocked, kQueued, kOnCpu } state = kBlocked;
  bool in_epoll = false;
};

class Simulation {
 public:
  std::vector<std::vector<Event>> Run() {
    for (int i = 0; i < kThreads; ++i) {
      threads_.push_back({1000 + i, 1000 + (i / 10) * 10});
      Event e = Make(EventKind::kThreadSnapshot, 0, threads_[i].tid, threads_[i].pid);
      e.snapshot = {1, 0};
      Emit(e);
    }
    while (count_ < kEvents) Step(static_cast<uint16_t>(rng_() % kCpus));
    if (!chunk_.empty()) chunks_.push_back(std::move(chunk_));
    return std::move(chunks_);
  }

 private:
  Event Make(EventKind kind, uint16_t cpu, int32_t tid, int32_t pid) {
    Event e;
    e.ts_ns = ts_;
    e.kind = kind;
    e.cpu = cpu;
    e.tid = tid;
    e.pid = pid;
    return e;
  }
  void Emit(const Event& e) {
    chunk_.push_back(e);
    ++count_;
    if (chunk_.size() == kChunk) {
      chunks_.push_back(std::move(chunk_));
      chunk_.clear();
      chunk_.reserve(kChunk);
    }
  }
  int RandomBlocked() {
    for (int tries = 0; tries < 8; ++tries) {
      int i = static_cast<int>(rng_() % kThreads);
      if (threads_[i].state == SimThread::kBlocked) return i;
    }
    return -1;
  }
  // Puts `next` (or idle) on `cpu`, taking the CPU from `prev` (or idle).
  void SwitchTo(uint16_t cpu, int prev, uint32_t prev_state, bool preempt, int32_t syscall) {
    int next = -1;
    if (!queue_[cpu].empty()) {
      next = queue_[cpu].front();
      queue_[cpu].pop_front();
    }
    if (prev < 0 && next < 0) return;
    Event e = Make(EventKind::kSchedSwitch, cpu, prev < 0 ? 0 : threads_[prev].tid,
                   prev < 0 ? 0 : threads_[prev].pid);
    e.sched_switch = {prev_state, static_cast<uint8_t>(preempt), syscall,
                      next < 0 ? 0 : threads_[next].tid, next < 0 ? 0 : threads_[next].pid};
    Emit(e);
    current_[cpu] = next;
    if (next >= 0) {
      SimThread& n = threads_[next];
      n.state = SimThread::kOnCpu;
      if (n.in_epoll) {
        n.in_epoll = false;
        ts_ += 300;
        Event x = Make(EventKind::kSyscallExit, cpu, n.tid, n.pid);
        x.syscall_exit = {syscall_nr::kEpollWait, static_cast<int64_t>(rng_() % 4)};
        Emit(x);
      }
    }
  }
  void Wake(uint16_t cpu, int waker, int wakee) {
    SimThread& w = threads_[wakee];
    uint16_t target = static_cast<uint16_t>(rng_() % kCpus);
    Event e = Make(EventKind::kSchedWaking, cpu, w.tid, w.pid);
    int32_t waker_tid = waker < 0 ? 0 : threads_[waker].tid;
    int32_t waker_pid = waker < 0 ? 0 : threads_[waker].pid;
    e.wakeup = {waker_tid, waker_pid, target};
    Emit(e);
    ts_ += 50;
    Event e2 = Make(EventKind::kSchedWakeup, target, w.tid, w.pid);
    e2.wakeup = {waker_tid, waker_pid, target};
    Emit(e2);
    w.state = SimThread::kQueued;
    queue_[target].push_back(wakee);
  }
  void Step(uint16_t cpu) {
    ts_ += 200 + rng_() % 1800;
    int cur = current_[cpu];
    if (cur < 0) {
      if (queue_[cpu].empty()) {
        int w = RandomBlocked();
        if (w >= 0) Wake(cpu, -1, w);  // an interrupt
      } else {
        SwitchTo(cpu, -1, 0, false, kNoSyscall);
      }
      return;
    }
    uint64_t r = rng_() % 100;
    if (r < 40) {
      int w = RandomBlocked();
      if (w >= 0) Wake(cpu, cur, w);
    } else if (r < 75) {
      SimThread& t = threads_[cur];
      int32_t sc = syscall_nr::kFutex;
      uint64_t kind = rng_() % 3;
      if (kind == 1) {
        sc = syscall_nr::kEpollWait;
        Event x = Make(EventKind::kSyscallEnter, cpu, t.tid, t.pid);
        x.syscall_enter.nr = sc;
        x.syscall_enter.args[0] = 4;  // epfd, maxevents, timeout_ns
        x.syscall_enter.args[1] = 64;
        x.syscall_enter.args[2] = 1'000'000;
        Emit(x);
        t.in_epoll = true;
        ts_ += 200;
      } else if (kind == 2) {
        sc = syscall_nr::kRead;
      }
      t.state = SimThread::kBlocked;
      SwitchTo(cpu, cur, kTaskInterruptible, false, sc);
    } else if (!queue_[cpu].empty()) {
      threads_[cur].state = SimThread::kQueued;
      queue_[cpu].push_back(cur);
      SwitchTo(cpu, cur, 0, true, kNoSyscall);
    }
  }

  std::mt19937_64 rng_{42};
  uint64_t ts_ = 1'000'000'000;
  size_t count_ = 0;
  std::vector<SimThread> threads_;
  int current_[kCpus] = {-1, -1};
  std::deque<int> queue_[kCpus];
  std::vector<Event> chunk_;
  std::vector<std::vector<Event>> chunks_;
};

const std::vector<std::vector<Event>>& Trace() {
  static const std::vector<std::vector<Event>> trace = Simulation().Run();
  return trace;
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

void BM_BuildModel(benchmark::State& state) {
  const auto& trace = Trace();
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
  state.counters["lanes_bytes_per_event"] =
      static_cast<double>(lane_bytes) / static_cast<double>(events);
}
BENCHMARK(BM_BuildModel)->Unit(benchmark::kMillisecond)->Iterations(3);

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

}  // namespace
}  // namespace ctrace

BENCHMARK_MAIN();
