// Exports a synthetic 10-million-event trace (tests/export/synthetic_trace.h, written with
// TraceWriter) to each format. Every export runs in a forked child so its peak RSS
// (getrusage/wait4 ru_maxrss) is the export's own; the time is the child's wall time.
// Reports events/s, peak RSS and output size.
//
// Run pinned: taskset -c 1 build-export/tests/export/export_benchmark
// The trace is kept at $CTRACE_EXPORT_BENCH_TRACE (default
// /tmp/ctrace-export-bench-10M.ctrace) and made on first use; outputs go beside it and are
// deleted after each run.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "export/export_trace.h"
#include "tests/export/synthetic_trace.h"

namespace ctrace {
namespace {

constexpr uint64_t kEvents = 10'000'000;

std::string TracePath() {
  const char* env = std::getenv("CTRACE_EXPORT_BENCH_TRACE");
  return env != nullptr ? env : "/tmp/ctrace-export-bench-10M.ctrace";
}

struct ChildResult {
  bool ok = false;
  uint64_t events = 0;
  uint64_t output_bytes = 0;
  double seconds = 0;
  long max_rss_kb = 0;
};

// Runs `work` in a forked child, which reports two numbers back through a pipe.
template <typename Work>
ChildResult InChild(Work work) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    uint64_t out[2] = {0, 0};
    bool ok = work(&out[0], &out[1]);
    ssize_t n = write(fds[1], out, sizeof(out));
    _exit(ok && n == sizeof(out) ? 0 : 1);
  }
  close(fds[1]);
  ChildResult r;
  uint64_t in[2] = {0, 0};
  ssize_t n = read(fds[0], in, sizeof(in));
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.ok = n == sizeof(in) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  r.events = in[0];
  r.output_bytes = in[1];
  r.max_rss_kb = usage.ru_maxrss;
  return r;
}

bool EnsureTrace() {
  std::string path = TracePath();
  if (access(path.c_str(), R_OK) == 0) return true;
  std::fprintf(stderr, "writing %s (%llu events)...\n", path.c_str(),
               static_cast<unsigned long long>(kEvents));
  // In a child: the parent stays small, so the exports' children start small too.
  ChildResult r = InChild([&](uint64_t* events, uint64_t*) {
    *events = kEvents;
    return testing::WriteSyntheticTrace(path, kEvents).ok();
  });
  return r.ok;
}

void BM_Export(benchmark::State& state, ExportFormat format) {
  if (!EnsureTrace()) {
    state.SkipWithError("cannot write the benchmark trace");
    return;
  }
  std::string out = TracePath() + (format == ExportFormat::kPerfetto ? ".pftrace" : ".json");
  ChildResult last;
  long peak_kb = 0;
  for (auto _ : state) {
    last = InChild([&](uint64_t* events, uint64_t* bytes) {
      ExportOptions options;
      options.format = format;
      absl::StatusOr<ExportResult> r = ExportTrace(TracePath(), out, options);
      if (!r.ok()) return false;
      *events = r->events;
      *bytes = r->output_bytes;
      return true;
    });
    std::remove(out.c_str());
    if (!last.ok) {
      state.SkipWithError("export failed");
      return;
    }
    state.SetIterationTime(last.seconds);
    peak_kb = std::max(peak_kb, last.max_rss_kb);
  }
  state.counters["events"] = static_cast<double>(last.events);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(last.events) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["peak_rss_MB"] = static_cast<double>(peak_kb) / 1024.0;
  state.counters["output_MB"] = static_cast<double>(last.output_bytes) / 1e6;
  state.counters["bytes_per_event"] =
      static_cast<double>(last.output_bytes) / static_cast<double>(last.events);
}

BENCHMARK_CAPTURE(BM_Export, perfetto, ExportFormat::kPerfetto)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Export, chrome_json, ExportFormat::kChromeJson)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ctrace

BENCHMARK_MAIN();
