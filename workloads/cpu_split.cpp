// ctrace-cpu-split: the same CPU-bound work split over N threads or N processes. The result
// (a checksum) is identical either way; the trace shows the difference in how the work is
// carried: clones sharing one address space versus forked processes with their own.
//   ctrace-cpu-split [--mode threads|processes] [--workers N] [--work UNITS]
#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "workloads/cli_args.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

constexpr char kProgram[] = "ctrace-cpu-split";
constexpr char kUsage[] =
    "usage: ctrace-cpu-split [--mode threads|processes] [--workers N] [--work UNITS]\n"
    "Splits UNITS of CPU-bound work (about 1 ms each) over N threads or N processes and\n"
    "prints the time taken and a checksum that does not depend on the split.\n"
    "  --mode      threads (default) or processes\n"
    "  --workers N 1-256, default 4\n"
    "  --work U    units of work, 1-1000000, default 1000\n";

struct Options {
  std::string mode = "threads";  // or "processes"
  int workers = 4;
  int64_t work = 1000;
};

// One unit: about a millisecond of xorshift arithmetic, seeded by the unit's index so every
// unit's result is fixed whichever worker computes it.
uint64_t WorkUnit(int64_t unit) {
  uint64_t x = 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(unit + 1);
  for (int i = 0; i < 1'000'000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

// Worker w takes units w, w+N, w+2N...; XOR makes the combined checksum order-free.
uint64_t WorkerShare(int worker, int workers, int64_t units) {
  uint64_t sum = 0;
  for (int64_t u = worker; u < units; u += workers) sum ^= WorkUnit(u);
  return sum;
}

absl::StatusOr<uint64_t> RunThreads(const Options& o) {
  std::vector<uint64_t> results(static_cast<size_t>(o.workers));
  std::vector<std::thread> threads;
  for (int w = 0; w < o.workers; ++w) {
    threads.emplace_back([&results, &o, w] {
      pthread_setname_np(pthread_self(), absl::StrFormat("split-%d", w).c_str());
      results[static_cast<size_t>(w)] = WorkerShare(w, o.workers, o.work);
    });
  }
  uint64_t sum = 0;
  for (int w = 0; w < o.workers; ++w) {
    threads[static_cast<size_t>(w)].join();
    sum ^= results[static_cast<size_t>(w)];
  }
  return sum;
}

absl::StatusOr<uint64_t> RunProcesses(const Options& o) {
  // Processes share no memory, so each sends its 8-byte result back through a pipe (writes
  // up to PIPE_BUF are atomic, so results never interleave).
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrFormat("pipe: %s", std::strerror(errno)));
  }
  UniqueFd read_end(fds[0]);
  UniqueFd write_end(fds[1]);
  std::fflush(stdout);
  std::vector<pid_t> children;
  for (int w = 0; w < o.workers; ++w) {
    pid_t pid = fork();
    if (pid == 0) {
      uint64_t share = WorkerShare(w, o.workers, o.work);
      _exit(write(write_end.get(), &share, sizeof(share)) == sizeof(share) ? 0 : 1);
    }
    if (pid < 0) {
      for (pid_t c : children) waitpid(c, nullptr, 0);
      return absl::InternalError(absl::StrFormat("fork: %s", std::strerror(errno)));
    }
    children.push_back(pid);
  }
  write_end.Reset();
  uint64_t sum = 0;
  int received = 0;
  uint64_t share;
  while (read(read_end.get(), &share, sizeof(share)) == sizeof(share)) {
    sum ^= share;
    ++received;
  }
  for (pid_t c : children) waitpid(c, nullptr, 0);
  if (received != o.workers) {
    return absl::InternalError(
        absl::StrFormat("only %d of %d worker processes reported", received, o.workers));
  }
  return sum;
}

absl::StatusOr<int> Run(const Options& o) {
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<uint64_t> sum = o.mode == "processes" ? RunProcesses(o) : RunThreads(o);
  if (!sum.ok()) return sum.status();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %d workers, %lld units in %.3f s, checksum %016" PRIx64 "\n", o.mode.c_str(),
              o.workers, static_cast<long long>(o.work), seconds, *sum);
  return 0;
}

int Main(int argc, char** argv) {
  Options o;
  const Option options[] = {ChoiceOption({"--mode"}, {"threads", "processes"}, &o.mode),
                            IntOption({"--workers", "-w"}, 1, 256, &o.workers),
                            IntOption({"--work"}, 1, 1'000'000, &o.work)};
  return RunProgram(kProgram, kUsage, argc, argv, options, [&o] { return Run(o); });
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) { return ctrace::workloads::Main(argc, argv); }
