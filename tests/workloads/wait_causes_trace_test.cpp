// Why threads waited, from real recordings: futex sleeps grouped by the lock they slept on.
// Needs root to load the probes; without it every test here is reported skipped.
#include <algorithm>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "model/load_model.h"
#include "model/locks.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/workloads/workload_programs.h"

namespace ctrace::testing {
namespace {

// Four threads taking turns on one mutex on two CPUs: the mutex is one lock, slept on by
// all four, and released by them (the main thread only joins them). A million turns each:
// with 200,000 the workers once ran almost one after another (7 sleeps on the mutex, by 2 of
// them, in a sanitizer build under CI) and the test failed on a trace that was right.
TEST(LockContentionTrace, FourThreadsOnOneMutexAreOneLockWithFourWaiters) {
  if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  TempDir dir;
  const std::string trace = dir.File("mutex.ctrace");
  CommandResult run =
      RunCommand({CTRACE_BIN, "run", "-o", trace, "--", WorkloadBin("ctrace-mutex-contention"),
                  "--workers", "4", "--iterations", "1000000", "--critical", "200"},
                 WithTimeout(120));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  absl::StatusOr<Model> loaded = LoadModel(trace);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Model& m = *loaded;
  ASSERT_EQ(m.processes.size(), 1u);
  ASSERT_EQ(m.threads.size(), 5u);
  const uint32_t main_thread = m.processes[0].threads[0];

  std::vector<Lock> locks = ComputeLocks(m);
  // The mutex is the lock slept on most (every turn lost to another worker is a sleep); the
  // joins are locks too (the main thread sleeps on each worker's tid word). A sanitizer's
  // runtime has futexes of its own, which a worker may sleep on once: no other lock is
  // assumed to be one of these two.
  auto mutex = std::max_element(locks.begin(), locks.end(),
                                [](const Lock& a, const Lock& b) { return a.waits < b.waits; });
  ASSERT_NE(mutex, locks.end());
  EXPECT_EQ(mutex->pid, m.processes[0].pid);
  ASSERT_EQ(mutex->waiters.size(), 4u);
  for (uint32_t t : mutex->waiters) EXPECT_NE(t, main_thread) << m.threads[t].tid;
  EXPECT_GE(mutex->waits, 4u);
  ASSERT_FALSE(mutex->wakers.empty());
  for (uint32_t t : mutex->wakers) {
    EXPECT_TRUE(std::binary_search(mutex->waiters.begin(), mutex->waiters.end(), t))
        << "woken by " << m.threads[t].tid << ", not one of the workers";
  }
  EXPECT_LE(mutex->max_wait_ns, mutex->wait_ns);
  // The workload's mutex is a global: the recorder named it from the program's symbols.
  EXPECT_EQ(LockName(m, *mutex), "ctrace::workloads::(anonymous namespace)::shared_mutex");
  EXPECT_EQ(m.String(mutex->object),
            std::filesystem::canonical(WorkloadBin("ctrace-mutex-contention")).string());
  for (const Lock& l : locks) {
    if (&l == &*mutex || !std::binary_search(l.waiters.begin(), l.waiters.end(), main_thread)) {
      continue;
    }
    EXPECT_EQ(l.waiters.size(), 1u);  // a join: only the main thread waits for a worker's exit
  }
}

}  // namespace
}  // namespace ctrace::testing
