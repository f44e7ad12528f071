// ctrace-mutex-contention: N threads take turns on one mutex. With a short critical section
// and many threads, most lock attempts find it held; a trace shows threads blocking in
// futex and waking each other, and the context-switch counts printed here show the cost.
//   ctrace-mutex-contention [--workers N] [--iterations M] [--critical WORK]
#include <pthread.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "workloads/cli_args.h"

namespace ctrace::workloads {
namespace {

constexpr char kProgram[] = "ctrace-mutex-contention";
constexpr char kUsage[] =
    "usage: ctrace-mutex-contention [--workers N] [--iterations M] [--critical WORK]\n"
    "N threads each lock and unlock one shared mutex M times, doing WORK steps of\n"
    "arithmetic while holding it and as many between locks.\n"
    "  --workers N     threads, 1-256, default 4\n"
    "  --iterations M  lock/unlock pairs per thread, default 100000\n"
    "  --critical W    arithmetic steps inside the lock, 0-1000000, default 100\n";

struct Options {
  int workers = 4;
  int64_t iterations = 100'000;
  int64_t critical = 100;
};

// Arithmetic the compiler cannot drop: the result feeds the shared state.
uint64_t Spin(uint64_t x, int64_t steps) {
  for (int64_t i = 0; i < steps; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
  return x;
}

// A global, as a process-wide lock usually is: a trace's locks list names it by its symbol.
std::mutex shared_mutex;

absl::StatusOr<int> Run(const Options& o) {
  std::mutex& mu = shared_mutex;
  int64_t counter = 0;  // guarded by mu
  uint64_t state = 1;   // guarded by mu
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < o.workers; ++w) {
    threads.emplace_back([&, w] {
      pthread_setname_np(pthread_self(), absl::StrFormat("contend-%d", w).c_str());
      uint64_t local = static_cast<uint64_t>(w);
      for (int64_t i = 0; i < o.iterations; ++i) {
        {
          std::lock_guard lock(mu);
          state = Spin(state, o.critical);
          ++counter;
        }
        local = Spin(local, o.critical);  // the same work outside, so the lock is let go
      }
      std::lock_guard lock(mu);
      state ^= local;
    });
  }
  for (std::thread& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage after{};
  getrusage(RUSAGE_SELF, &after);

  const int64_t expected = o.iterations * o.workers;
  std::printf("%d threads x %lld lock/unlock: %.3f s, %.0f acquisitions/s, counter %lld%s\n",
              o.workers, static_cast<long long>(o.iterations), seconds,
              static_cast<double>(counter) / seconds, static_cast<long long>(counter),
              counter == expected ? "" : " (WRONG)");
  std::printf("context switches: %ld voluntary, %ld involuntary (state %llx)\n",
              after.ru_nvcsw - before.ru_nvcsw, after.ru_nivcsw - before.ru_nivcsw,
              static_cast<unsigned long long>(state));
  return counter == expected ? 0 : 1;
}

int Main(int argc, char** argv) {
  Options o;
  const Option options[] = {IntOption({"--workers", "-w"}, 1, 256, &o.workers),
                            IntOption({"--iterations"}, 1, 1'000'000'000, &o.iterations),
                            IntOption({"--critical"}, 0, 1'000'000, &o.critical)};
  return RunProgram(kProgram, kUsage, argc, argv, options, [&o] { return Run(o); });
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) { return ctrace::workloads::Main(argc, argv); }
