// ctrace-load: drives any of the servers with C concurrent connections for R requests in
// total and reports throughput and latency percentiles. It is its own program, so a trace
// can include it or leave it out.
//   ctrace-load --port P [--host 127.0.0.1] [-c CONNECTIONS] [-n REQUESTS] [--path /x]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "workloads/cli_args.h"
#include "workloads/http_fetch.h"
#include "workloads/latency_stats.h"

namespace ctrace::workloads {
namespace {

constexpr char kProgram[] = "ctrace-load";

constexpr char kUsage[] =
    "usage: ctrace-load --port P [--host ADDR] [-c CONNECTIONS] [-n REQUESTS] [--path PATH]\n"
    "                   [--timeout SECONDS]\n"
    "Sends REQUESTS HTTP/1.1 GETs for PATH, CONNECTIONS at a time (one connection per\n"
    "request, as the servers close after each response), and prints throughput and latency\n"
    "percentiles. Exits 1 if any request failed.\n"
    "  --port P          server port (required)\n"
    "  --host ADDR       IPv4 address, default 127.0.0.1\n"
    "  -c, --connections concurrent connections, 1-1024, default 8\n"
    "  -n, --requests    total requests, default 1000\n"
    "  --path PATH       request target, default /index.html\n"
    "  --timeout S       per-step timeout in seconds, default 10\n";

struct LoadOptions {
  sockaddr_in server{};
  std::string host = "127.0.0.1";
  int port = 0;  // 0: not given (it is required)
  int connections = 8;
  int64_t requests = 1000;
  std::string path = "/index.html";
  int timeout_seconds = 10;
};

// Checks the options once all are read, and resolves the server's address.
absl::Status CheckLoadOptions(LoadOptions& o) {
  if (o.port == 0) return absl::InvalidArgumentError("--port P is required");
  o.server.sin_family = AF_INET;
  o.server.sin_port = htons(static_cast<uint16_t>(o.port));
  if (inet_pton(AF_INET, o.host.c_str(), &o.server.sin_addr) != 1) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--host must be an IPv4 address like 127.0.0.1, not '%s'", o.host));
  }
  // The path goes into the request line verbatim, so it must be one valid target.
  bool valid_path = !o.path.empty() && o.path[0] == '/';
  for (char c : o.path) valid_path = valid_path && c > 0x20 && c < 0x7f;
  if (!valid_path) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--path must start with / and contain no spaces or control characters, not '%s'", o.path));
  }
  return absl::OkStatus();
}

struct Tally {
  std::mutex mu;
  std::vector<int64_t> latencies_ns;  // successful requests only
  int64_t ok = 0;
  int64_t by_outcome[5] = {};
  uint64_t body_bytes = 0;
  std::string first_error;
};

void Driver(int index, const LoadOptions& o, const std::string& request, std::atomic<int64_t>& next,
            Tally& tally) {
  pthread_setname_np(pthread_self(), absl::StrFormat("load-%d", index).c_str());
  std::vector<int64_t> latencies;
  int64_t by_outcome[5] = {};
  uint64_t bytes = 0;
  std::string first_error;
  // Each connection claims the next request until all are claimed, so the total is exact
  // whatever the split, and C requests are in flight at any moment.
  while (next.fetch_add(1) < o.requests) {
    auto start = std::chrono::steady_clock::now();
    FetchResult r = FetchOnce(o.server, request, o.timeout_seconds);
    auto end = std::chrono::steady_clock::now();
    ++by_outcome[static_cast<int>(r.outcome)];
    if (r.outcome == FetchOutcome::kOk) {
      latencies.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
      bytes += r.body_bytes;
    } else if (first_error.empty()) {
      first_error = r.error;
    }
  }
  std::lock_guard lock(tally.mu);
  tally.latencies_ns.insert(tally.latencies_ns.end(), latencies.begin(), latencies.end());
  for (int i = 0; i < 5; ++i) tally.by_outcome[i] += by_outcome[i];
  tally.body_bytes += bytes;
  if (tally.first_error.empty()) tally.first_error = first_error;
}

absl::StatusOr<int> Run(LoadOptions& o) {
  if (absl::Status s = CheckLoadOptions(o); !s.ok()) return s;
  signal(SIGPIPE, SIG_IGN);  // a server closing early must only fail one send
  const std::string request = absl::StrFormat(
      "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: ctrace-load\r\nConnection: close\r\n\r\n",
      o.path, o.host, o.port);

  std::atomic<int64_t> next{0};
  Tally tally;
  tally.latencies_ns.reserve(static_cast<size_t>(std::min<int64_t>(o.requests, 10'000'000)));
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> drivers;
  const int threads = static_cast<int>(std::min<int64_t>(o.connections, o.requests));
  for (int i = 0; i < threads; ++i) {
    drivers.emplace_back(Driver, i, std::cref(o), std::cref(request), std::ref(next),
                         std::ref(tally));
  }
  for (std::thread& t : drivers) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const int64_t ok = tally.by_outcome[static_cast<int>(FetchOutcome::kOk)];
  const int64_t errors = o.requests - ok;
  LatencySummary lat = SummarizeLatencies(std::move(tally.latencies_ns));
  std::printf("target: http://%s:%d%s, %d connections\n", o.host.c_str(), o.port, o.path.c_str(),
              threads);
  std::printf("requests: %lld\n", static_cast<long long>(o.requests));
  std::printf("ok: %lld\n", static_cast<long long>(ok));
  std::printf(
      "errors: %lld (connect %lld, io %lld, bad response %lld, status %lld)\n",
      static_cast<long long>(errors),
      static_cast<long long>(tally.by_outcome[static_cast<int>(FetchOutcome::kConnect)]),
      static_cast<long long>(tally.by_outcome[static_cast<int>(FetchOutcome::kIo)]),
      static_cast<long long>(tally.by_outcome[static_cast<int>(FetchOutcome::kBadResponse)]),
      static_cast<long long>(tally.by_outcome[static_cast<int>(FetchOutcome::kStatus)]));
  std::printf("elapsed: %.3f s\n", seconds);
  std::printf("throughput: %.1f requests/s, %.2f MB/s\n", static_cast<double>(ok) / seconds,
              static_cast<double>(tally.body_bytes) / seconds / 1e6);
  std::printf("latency: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms\n", lat.p50_ms,
              lat.p90_ms, lat.p99_ms, lat.max_ms);
  std::fflush(stdout);
  if (errors > 0) {
    std::fprintf(stderr, "%s: %lld of %lld requests failed (first: %s)\n", kProgram,
                 static_cast<long long>(errors), static_cast<long long>(o.requests),
                 tally.first_error.c_str());
    return 1;
  }
  return 0;
}

int Main(int argc, char** argv) {
  LoadOptions o;
  const Option options[] = {IntOption({"--port", "-p"}, 1, 65535, &o.port),
                            StringOption({"--host"}, &o.host),
                            IntOption({"-c", "--connections"}, 1, 1024, &o.connections),
                            IntOption({"-n", "--requests"}, 1, 100'000'000, &o.requests),
                            StringOption({"--path"}, &o.path),
                            IntOption({"--timeout"}, 1, 3600, &o.timeout_seconds)};
  return RunProgram(kProgram, kUsage, argc, argv, options, [&o] { return Run(o); });
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) { return ctrace::workloads::Main(argc, argv); }
