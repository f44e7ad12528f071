// What the trace writer costs an event, on one CPU: ordering (Commit), sorting, encoding,
// compressing and writing (to /dev/null), for events shaped and ordered as the recorder hands
// them over in the event storm (tests/bench/event_storm: a thread per CPU calling epoll_wait
// with a zero timeout, an enter and an exit a call). Measured in that storm on a Zen 4 VM
// (2026-12-04): 8.5% of the events came up to 64 places early (the other CPU's record overtook
// them) and about 5 in a million 65-1,024 places (an interrupt between a record's timestamp and
// its place in the ring buffer). The recorder's own figure is its CPU time in the storm
// (tests/bench/recording_overhead.sh); this one moves only with the writer's code, not with
// the speed of the VM's syscalls that minute.
//
// Run pinned: taskset -c 1 build/tests/format/writer_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "format/event.h"
#include "format/syscall_table.h"
#include "format/trace_writer.h"
#include "tests/format/trace_test_util.h"

namespace ctrace {
namespace {

constexpr size_t kEvents = 4 << 20;

// Two CPUs' epoll_wait enters and exits, each CPU's in time order, in the order they arrive.
std::vector<Event> StormArrivals() {
  std::mt19937_64 rng(14);
  struct Arrival {
    uint64_t at;  // when the record reaches the ring buffer
    Event event;
  };
  std::vector<Arrival> arrivals;
  arrivals.reserve(kEvents);
  uint64_t now[2] = {1'000'000'000, 1'000'000'137};
  uint64_t calls[2] = {0, 0};
  for (size_t i = 0; i < kEvents; ++i) {
    const uint16_t cpu = static_cast<uint16_t>(rng() % 2);
    now[cpu] += 330 + rng() % 40;  // 2 events a call, ~1.4 M calls/s a CPU
    Event e;
    e.ts_ns = now[cpu];
    e.cpu = cpu;
    e.pid = 48'211;
    e.tid = e.pid + 1 + cpu;  // one thread a CPU
    if (calls[cpu]++ % 2 == 0) {
      e.kind = EventKind::kSyscallEnter;
      e.syscall_enter.nr = syscall_nr::kEpollWait;
      e.syscall_enter.args[0] = 3;  // epfd
      e.syscall_enter.args[1] = 1;  // maxevents
      e.syscall_enter.args[2] = 0;  // timeout
    } else {
      e.kind = EventKind::kSyscallExit;
      e.syscall_exit.nr = syscall_nr::kEpollWait;
      e.syscall_exit.ret = 0;
    }
    uint64_t delay = 0;  // in ns; 64 places are ~11 us at 5.7 M events/s
    const uint64_t r = rng() % 1'000'000;
    if (r < 85'000) delay = rng() % 8'000;
    if (r < 5) delay = 16'000 + rng() % 160'000;
    arrivals.push_back({e.ts_ns + delay, e});
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Arrival& a, const Arrival& b) { return a.at < b.at; });
  std::vector<Event> events;
  events.reserve(arrivals.size());
  for (const Arrival& a : arrivals) events.push_back(a.event);
  return events;
}

void BM_WriteStorm(benchmark::State& state) {
  static const std::vector<Event> events = StormArrivals();
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto writer = TraceWriter::Create("/dev/null", testing::SampleHeader());
    if (!writer.ok()) {
      state.SkipWithError(std::string(writer.status().message()).c_str());
      return;
    }
    for (const Event& e : events) {
      *(*writer)->Append() = e;
      if (!(*writer)->Commit().ok()) {
        state.SkipWithError("an event was refused");
        return;
      }
    }
    if (!(*writer)->Finish({}).ok()) state.SkipWithError("finishing failed");
    bytes = (*writer)->bytes_written();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * events.size()));
  state.counters["ns_per_event"] =
      benchmark::Counter(static_cast<double>(state.iterations() * events.size()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_event"] =
      static_cast<double>(bytes) / static_cast<double>(events.size());
}
BENCHMARK(BM_WriteStorm)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace ctrace

BENCHMARK_MAIN();
