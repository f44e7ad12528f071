#include "model/metrics.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "format/syscall_table.h"
#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Fork;
using ::ctrace::testing::Switch;
using ::ctrace::testing::SyscallEnter;
using ::ctrace::testing::SyscallExit;
using ::ctrace::testing::Wake;

uint32_t IndexOf(const Model& m, int32_t tid) {
  for (uint32_t i = 0; i < m.threads.size(); ++i) {
    if (m.threads[i].tid == tid) return i;
  }
  return kNoThread;
}

TEST(SummarizeTest, NearestRankPercentiles) {
  std::vector<uint64_t> samples;
  for (uint64_t i = 100; i >= 1; --i) samples.push_back(i * 10);  // 10..1000, unsorted
  LatencySummary s = Summarize(samples);
  EXPECT_EQ(s.count, 100u);
  EXPECT_EQ(s.p50, 500u);
  EXPECT_EQ(s.p90, 900u);
  EXPECT_EQ(s.p99, 990u);
  EXPECT_EQ(s.max, 1000u);
}

TEST(SummarizeTest, SameRanksAsASortedCopy) {
  std::mt19937_64 rng(7);
  for (size_t n : {1u, 2u, 7u, 100u, 101u, 9999u}) {
    std::vector<uint64_t> samples(n);
    for (uint64_t& v : samples) v = rng() % 5000;  // with repeats
    std::vector<uint64_t> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    auto rank = [&](uint64_t percent) {
      return sorted[std::max<uint64_t>((percent * n + 99) / 100, 1) - 1];
    };
    LatencySummary s = Summarize(samples);
    EXPECT_EQ(s.count, n);
    EXPECT_EQ(s.p50, rank(50)) << n;
    EXPECT_EQ(s.p90, rank(90)) << n;
    EXPECT_EQ(s.p99, rank(99)) << n;
    EXPECT_EQ(s.max, sorted.back()) << n;
  }
}

// Big sets (65,536 samples and more) are summarised by a radix selection: the same ranks,
// whatever the spread: repeats, all equal, a few huge outliers, the whole 64-bit range,
// ranks that fall in one bucket.
TEST(SummarizeTest, BigSetsHaveTheSameRanksAsASortedCopy) {
  std::mt19937_64 rng(11);
  const size_t n = 200'003;
  std::vector<std::vector<uint64_t>> sets;
  std::vector<uint64_t> v(n);
  for (uint64_t& x : v) x = 100'000 + rng() % 400'000;  // a run queue's spread of waits
  sets.push_back(v);
  for (uint64_t& x : v) x = rng() % 7;  // few distinct values
  sets.push_back(v);
  sets.push_back(std::vector<uint64_t>(n, 42));  // all equal
  for (uint64_t& x : v) x = rng() % 1000;
  for (size_t i = 0; i < 1000; ++i) v[rng() % n] = UINT64_MAX - rng() % 10;  // outliers
  sets.push_back(v);
  for (uint64_t& x : v) x = rng();  // anywhere in 64 bits
  sets.push_back(v);
  for (uint64_t& x : v) x = rng() % 2 == 0 ? 5 : 5 + (rng() % 3);  // p50 to p99 in one bucket
  sets.push_back(v);
  for (size_t k = 0; k < sets.size(); ++k) {
    std::vector<uint64_t> samples = sets[k];
    std::vector<uint64_t> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    auto rank = [&](uint64_t percent) {
      return sorted[std::max<uint64_t>((percent * n + 99) / 100, 1) - 1];
    };
    LatencySummary s = Summarize(samples);
    EXPECT_EQ(s.count, n) << "set " << k;
    EXPECT_EQ(s.p50, rank(50)) << "set " << k;
    EXPECT_EQ(s.p90, rank(90)) << "set " << k;
    EXPECT_EQ(s.p99, rank(99)) << "set " << k;
    EXPECT_EQ(s.max, sorted.back()) << "set " << k;
  }
}

TEST(SummarizeTest, SmallSetsUseTheNextRankUp) {
  std::vector<uint64_t> samples = {30, 10, 20};
  LatencySummary s = Summarize(samples);
  EXPECT_EQ(s.p50, 20u);  // ceil(1.5) = 2nd
  EXPECT_EQ(s.p90, 30u);
  EXPECT_EQ(s.p99, 30u);
  EXPECT_EQ(s.max, 30u);
  std::vector<uint64_t> none;
  EXPECT_EQ(Summarize(none).count, 0u);
  EXPECT_EQ(Summarize(none).max, 0u);
}

// Thread 100: runnable 1000..2000, running 2000..3000, futex 3000..4000, runnable
// 4000..4300 (woken by 101), running 4300..5000, preempted 5000..5050, running 5050..6000
// (end of trace).
Model Busy() {
  return Build(
      {
          Fork(1000, 0, 100, 100, 1, 1),
          Switch(2000, 0, 0, 0, 0, 100, 100),
          Fork(2500, 1, 101, 100, 100, 100),
          Switch(2600, 1, 0, 0, 0, 101, 100),
          Switch(3000, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex),
          Wake(4000, 1, 100, 100, 101, 100),
          Switch(4300, 0, 0, 0, 0, 100, 100),
          Switch(5000, 0, 100, 100, 0, 0, 0, true),
          Switch(5050, 0, 0, 0, 0, 100, 100),
      },
      6000);
}

TEST(MetricsTest, TimeIsSplitByState) {
  Model m = Busy();
  TraceMetrics metrics = ComputeMetrics(m);
  const ThreadMetrics& t = metrics.threads[IndexOf(m, 100)];
  EXPECT_EQ(t.running_ns, 1000u + 700u + 950u);
  EXPECT_EQ(t.runnable_ns, 1000u + 300u + 50u);
  EXPECT_EQ(t.blocked_ns[static_cast<int>(BlockReason::kFutex)], 1000u);
  EXPECT_EQ(t.blocked_total_ns(), 1000u);
  EXPECT_EQ(t.voluntary_switches, 1u);
  EXPECT_EQ(t.involuntary_switches, 1u);
  EXPECT_EQ(t.wakeups_received, 1u);
  EXPECT_EQ(metrics.threads[IndexOf(m, 101)].wakeups_given, 1u);
}

TEST(MetricsTest, RunQueueLatencyCountsEachWaitThatEndsInARun) {
  Model m = Busy();
  TraceMetrics metrics = ComputeMetrics(m);
  const LatencySummary& rq = metrics.threads[IndexOf(m, 100)].runqueue_latency;
  EXPECT_EQ(rq.count, 3u);  // 1000 (new), 300 (woken), 50 (preempted)
  EXPECT_EQ(rq.p50, 300u);
  EXPECT_EQ(rq.max, 1000u);
  // The process pools its threads' waits: 101 waited 100 for its first run.
  const ProcessMetrics& p = metrics.processes[m.threads[IndexOf(m, 100)].process];
  EXPECT_EQ(p.runqueue_latency.count, 4u);
  EXPECT_EQ(p.runqueue_latency.p50, 100u);
  EXPECT_EQ(p.runqueue_latency.max, 1000u);
  EXPECT_EQ(metrics.total.runqueue_latency.count, 4u);
}

TEST(MetricsTest, ProcessAndTraceSumTheirThreads) {
  Model m = Busy();
  TraceMetrics metrics = ComputeMetrics(m);
  const ProcessMetrics& p = metrics.processes[m.threads[IndexOf(m, 100)].process];
  EXPECT_EQ(p.running_ns, 2650u + (6000u - 2600u));
  EXPECT_EQ(p.threads_created, 1u);
  EXPECT_EQ(metrics.total.running_ns, p.running_ns);  // the only traced process
  EXPECT_EQ(metrics.total.processes_created, 1u);
}

TEST(MetricsTest, CreationLatencyRunsFromTheCloneEntryToTheFirstRun) {
  Model m = Build(
      {Fork(1000, 0, 100, 100, 1, 1), Switch(2000, 0, 0, 0, 0, 100, 100),
       SyscallEnter(2100, 0, 100, 100, syscall_nr::kClone3), Fork(2400, 0, 101, 100, 100, 100),
       SyscallExit(2500, 0, 100, 100, syscall_nr::kClone3, 101), Switch(2900, 1, 0, 0, 0, 101, 100),
       Fork(3000, 0, 102, 100, 100, 100), Switch(3500, 1, 101, 100, 0, 102, 100, true)},
      6000);
  TraceMetrics metrics = ComputeMetrics(m);
  EXPECT_EQ(metrics.threads[IndexOf(m, 101)].creation_latency_ns, 800u);
  EXPECT_EQ(metrics.threads[IndexOf(m, 102)].creation_latency_ns, 500u);
  const ThreadMetrics& creator = metrics.threads[IndexOf(m, 100)];
  EXPECT_EQ(creator.threads_created, 2u);
  EXPECT_EQ(creator.creation_latency.count, 2u);
  EXPECT_EQ(creator.creation_latency.max, 800u);
  EXPECT_EQ(creator.creation_latency.p50, 500u);
  // 100's creator is not traced: its latency runs from the fork event.
  EXPECT_EQ(metrics.threads[IndexOf(m, 100)].creation_latency_ns, 1000u);
  EXPECT_EQ(metrics.total.creation_latency.count, 3u);
  EXPECT_EQ(metrics.total.creation_latency.max, 1000u);
}

TEST(MetricsTest, EpollCallsWaitTimeEventsAndEmptyReturns) {
  using syscall_nr::kEpollWait;
  Model m = Build({Fork(1000, 0, 100, 100, 1, 1), Switch(1500, 0, 0, 0, 0, 100, 100),
                   SyscallEnter(2000, 0, 100, 100, kEpollWait, 3, 16, 5'000'000),
                   SyscallExit(2600, 0, 100, 100, kEpollWait, 4),
                   SyscallEnter(3000, 0, 100, 100, kEpollWait, 3, 16, 5'000'000),
                   SyscallExit(3100, 0, 100, 100, kEpollWait, 0),
                   SyscallEnter(3200, 0, 100, 100, kEpollWait, 3, 16, 5'000'000),
                   SyscallExit(3250, 0, 100, 100, kEpollWait, -4),  // EINTR
                   SyscallEnter(3300, 0, 100, 100, syscall_nr::kEpollPwait2, 3, 16, 0),
                   SyscallExit(3400, 0, 100, 100, syscall_nr::kEpollPwait2, 1),
                   SyscallEnter(3500, 0, 100, 100, kEpollWait, 3, 16, -1)},  // never returns
                  6000);
  TraceMetrics metrics = ComputeMetrics(m);
  const EpollStats& e = metrics.threads[IndexOf(m, 100)].epoll;
  EXPECT_EQ(e.calls, 4u);
  EXPECT_EQ(e.wait_ns, 600u + 100u + 50u + 100u);
  EXPECT_EQ(e.events_returned, 5u);
  EXPECT_EQ(e.empty_returns, 1u);
  EXPECT_EQ(metrics.total.epoll.calls, 4u);
}

TEST(MetricsTest, PeakConcurrencyCountsThreadsOnCpusAtOnce) {
  // 100 on CPU 0 2000..5000; 101 on CPU 1 2500..3000 and 3000..4000 (a switch between two
  // runs of the same process at 3000 is not a peak of 3); 200 (another process) on CPU 1
  // 4000..4500.
  Model m = Build({Fork(1000, 0, 100, 100, 1, 1), Switch(2000, 0, 0, 0, 0, 100, 100),
                   Fork(2100, 0, 101, 100, 100, 100), Fork(2200, 0, 102, 100, 100, 100),
                   Fork(2300, 0, 200, 200, 100, 100), Switch(2500, 1, 0, 0, 0, 101, 100),
                   Switch(3000, 1, 101, 100, 0, 102, 100, true),
                   Switch(4000, 1, 102, 100, kTaskInterruptible, 200, 200),
                   Switch(4500, 1, 200, 200, kTaskInterruptible, 0, 0),
                   Switch(5000, 0, 100, 100, kTaskInterruptible, 0, 0)},
                  6000);
  TraceMetrics metrics = ComputeMetrics(m);
  EXPECT_EQ(metrics.peak_running_threads, 2u);
  EXPECT_EQ(metrics.peak_running_at_ns, 2500u);
  EXPECT_EQ(metrics.processes[m.threads[IndexOf(m, 100)].process].peak_running_threads, 2u);
  EXPECT_EQ(metrics.processes[m.threads[IndexOf(m, 200)].process].peak_running_threads, 1u);
}

// The sweep takes the next edge by looking at each CPU's for up to 16 CPUs, from a heap above:
// both give the same peaks, at the same time, with the same ties.
TEST(MetricsTest, PeakConcurrencyIsTheSameForFewAndManyCpus) {
  for (uint16_t cpus : {2, 5, 16, 17, 40}) {
    SCOPED_TRACE(::testing::Message() << cpus << " CPUs");
    // Thread k (process 1000 if k is even, 2000 if odd) runs on CPU k over [2000 + 10k,
    // 9000 - 10k): all run at once from 2000 + 10 (cpus - 1). At that moment CPU 0 switches
    // from thread 0 to another of process 1000 (an end and a start at one time: no peak of
    // cpus + 1).
    std::vector<Event> events = {Fork(100, 0, 1000, 1000, 1, 1), Fork(110, 0, 2000, 2000, 1, 1),
                                 Fork(120, 0, 1999, 1000, 1000, 1000)};
    auto tid = [](int k) { return k == 0 ? 1000 : k == 1 ? 2000 : 3000 + k; };
    auto pid = [](int k) { return k % 2 == 0 ? 1000 : 2000; };
    for (int k = 2; k < cpus; ++k)
      events.push_back(Fork(200 + k, 0, tid(k), pid(k), pid(k), pid(k)));
    const uint64_t all_at = 2000 + 10 * (cpus - 1);
    std::vector<Event> switches;
    for (int k = 0; k < cpus; ++k) {
      const uint16_t cpu = static_cast<uint16_t>(k);
      switches.push_back(Switch(2000 + 10 * k, cpu, 0, 0, 0, tid(k), pid(k)));
      if (k == 0) {
        switches.push_back(Switch(all_at, 0, tid(0), pid(0), kTaskInterruptible, 1999, 1000));
        switches.push_back(Switch(9000, 0, 1999, 1000, kTaskInterruptible, 0, 0));
      } else {
        switches.push_back(Switch(9000 - 10 * k, cpu, tid(k), pid(k), kTaskInterruptible, 0, 0));
      }
    }
    std::stable_sort(switches.begin(), switches.end(),
                     [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; });
    events.insert(events.end(), switches.begin(), switches.end());
    Model m = Build(events, 10000);
    TraceMetrics metrics = ComputeMetrics(m);
    EXPECT_EQ(metrics.peak_running_threads, cpus);
    EXPECT_EQ(metrics.peak_running_at_ns, all_at);
    EXPECT_EQ(metrics.processes[m.threads[IndexOf(m, 1000)].process].peak_running_threads,
              (cpus + 1) / 2);
    EXPECT_EQ(metrics.processes[m.threads[IndexOf(m, 2000)].process].peak_running_threads,
              cpus / 2);
  }
}

// Threads' waits are summarised per thread, per process (its threads' waits pooled) and for
// the trace (every process's), whatever the order the threads are listed in: checked
// against each set collected and summarised on its own. A thread in no process counts for
// itself only.
TEST(MetricsTest, RunQueueLatencyOfThreadsProcessesAndTheTraceEachPoolTheirOwnWaits) {
  std::mt19937_64 rng(7);
  Model m;
  m.end_ns = 1'000'000'000;
  constexpr int kThreads = 9;
  std::vector<std::vector<uint64_t>> waits(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    Thread& th = m.threads.emplace_back();
    th.tid = 100 + t;
    uint64_t ts = 1000;
    // Each thread's waits come from its own range, so pooling the wrong ones shows.
    const uint64_t scale = 100u * static_cast<uint64_t>(t + 1);
    for (int k = 0; k < 200 + 37 * t; ++k) {
      const uint64_t wait = 1 + rng() % scale;
      th.intervals.push_back(StateInterval::Make(ts, ThreadState::kRunnable, 0));
      ts += wait;
      waits[static_cast<size_t>(t)].push_back(wait);
      th.intervals.push_back(StateInterval::Make(ts, ThreadState::kRunning, 0));
      ts += 1 + rng() % 50;
    }
  }
  // Processes list their threads out of index order; thread 8 is in none.
  const std::vector<std::vector<uint32_t>> members = {{3, 0, 5}, {7}, {6, 1, 2, 4}};
  for (const std::vector<uint32_t>& threads : members) {
    Process& p = m.processes.emplace_back();
    p.threads = threads;
    for (uint32_t t : threads) m.threads[t].process = static_cast<uint32_t>(m.processes.size() - 1);
  }
  TraceMetrics metrics = ComputeMetrics(m);

  auto expect_same = [](const LatencySummary& got, std::vector<uint64_t> samples) {
    const LatencySummary want = Summarize(samples);
    EXPECT_EQ(got.count, want.count);
    EXPECT_EQ(got.p50, want.p50);
    EXPECT_EQ(got.p90, want.p90);
    EXPECT_EQ(got.p99, want.p99);
    EXPECT_EQ(got.max, want.max);
  };
  for (int t = 0; t < kThreads; ++t) {
    SCOPED_TRACE(t);
    expect_same(metrics.threads[static_cast<size_t>(t)].runqueue_latency,
                waits[static_cast<size_t>(t)]);
  }
  std::vector<uint64_t> all;
  for (size_t p = 0; p < members.size(); ++p) {
    SCOPED_TRACE(p);
    std::vector<uint64_t> pooled;
    for (uint32_t t : members[p]) pooled.insert(pooled.end(), waits[t].begin(), waits[t].end());
    all.insert(all.end(), pooled.begin(), pooled.end());
    expect_same(metrics.processes[p].runqueue_latency, pooled);
  }
  expect_same(metrics.total.runqueue_latency, all);
}

}  // namespace
}  // namespace ctrace
