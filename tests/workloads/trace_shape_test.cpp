// Each server model recorded with `ctrace run` under the same load, and its trace read back
// through the timeline model: the trace must have the model's shape (a process per request
// for fork, N threads created once for pool, one thread sleeping in epoll for epoll, ...).
// Needs root to load the probes; without it every test here is reported skipped.
#include <time.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/load_model.h"
#include "model/metrics.h"
#include "model/task_metrics.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/workloads/server_process.h"
#include "tests/workloads/workload_programs.h"

namespace ctrace::testing {
namespace {

constexpr int kRequests = 200;
constexpr int kConnections = 8;
constexpr int kWorkers = 4;

uint64_t MonotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000 + static_cast<uint64_t>(ts.tv_nsec);
}

struct Recording {
  Model model;
  TraceMetrics metrics;
  TaskMetricsSet tasks;
  uint32_t root = kNoProcess;  // the server's first process
  uint64_t load_start_ns = 0;  // CLOCK_MONOTONIC, as trace times are, before the first request
  std::string load_out;
};

class ServerTraceShape : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
    std::filesystem::create_directory(dir_.File("site"));
    std::ofstream(dir_.File("site/index.html")) << "<html><body>hello from ctrace</body></html>\n";
    // A file large enough that sending it takes several turns (the coroutine servers send
    // 256 KiB at a time, and yield between).
    std::ofstream big(dir_.File("site/big.bin"), std::ios::binary);
    const std::string mib(1 << 20, 'x');
    for (int i = 0; i < 2; ++i) big << mib;
  }

  // Records `model` serving `requests` requests from kConnections connections at a time.
  // Fails the test (and leaves `out` unset) if any step fails.
  void Record(const std::string& model, Recording* out, int requests = kRequests,
              const std::string& path = "/index.html") {
    const std::string trace = dir_.File(model + "-" + std::to_string(requests) + ".ctrace");
    std::string error;
    std::unique_ptr<ServerProcess> server =
        ServerProcess::Start({CTRACE_BIN, "run", "-o", trace, "--", ServerBin(model), "--port", "0",
                              "--root", dir_.File("site"), "--requests", std::to_string(requests),
                              "--workers", std::to_string(kWorkers)},
                             &error);
    ASSERT_NE(server, nullptr) << error;
    out->load_start_ns = MonotonicNs();
    CommandResult load =
        RunCommand({WorkloadBin("ctrace-load"), "--port", std::to_string(server->port()), "-c",
                    std::to_string(kConnections), "-n", std::to_string(requests), "--path", path},
                   WithTimeout(60));
    ASSERT_EQ(load.exit_code, 0) << load.out << load.err;
    out->load_out = load.out;
    // The server exits after kRequests responses; ctrace then writes the trace and exits
    // with the server's code.
    ASSERT_EQ(server->WaitForExit(60), 0) << server->out();
    EXPECT_NE(server->out().find("responses served: " + std::to_string(requests)),
              std::string::npos)
        << server->out();

    absl::StatusOr<Model> loaded = LoadModel(trace);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    out->model = *std::move(loaded);
    const Model& m = out->model;
    ASSERT_FALSE(m.truncated) << m.truncation_reason;
    ASSERT_EQ(m.LostEvents(), 0u) << "the kernel dropped events: counts would be wrong";
    out->metrics = ComputeMetrics(m);
    out->tasks = ComputeTaskMetrics(m);
    for (uint32_t p = 0; p < m.processes.size(); ++p) {
      if (m.processes[p].parent == kNoProcess) {
        ASSERT_EQ(out->root, kNoProcess) << "more than one root process";
        out->root = p;
      }
    }
    ASSERT_NE(out->root, kNoProcess);
    ASSERT_FALSE(m.processes[out->root].execs.empty());
    EXPECT_EQ(m.String(m.processes[out->root].execs.back().filename), ServerBin(model));
  }

  TempDir dir_;
};

// What the thread slept in while it served the load: every blocked interval from the load's
// start, by state. The epoll and coroutine models guarantee that every sleep in a syscall is
// in epoll_wait (their sockets are non-blocking); how many sleeps there are is timing (a fast
// machine may find sockets ready at every epoll_wait and never sleep), and an uninterruptible
// wait (a page fault reading from disk) is the kernel's, not the model's.
struct WaitsWhileServing {
  int in_epoll = 0;
  int in_other_syscalls = 0;
  std::string breakdown;
};
WaitsWhileServing CountWaitsWhileServing(const Thread& t, uint64_t from_ns) {
  std::array<int, kThreadStateCount> count{};
  for (const StateInterval& iv : t.intervals) {
    if (iv.start_ns < from_ns || !IsBlocked(iv.state())) continue;
    ++count[static_cast<int>(iv.state())];
  }
  WaitsWhileServing w;
  for (int s = 0; s < kThreadStateCount; ++s) {
    const ThreadState state = static_cast<ThreadState>(s);
    if (count[s] == 0) continue;
    if (state == ThreadState::kBlockedEpoll) {
      w.in_epoll += count[s];
    } else if (state != ThreadState::kUninterruptible) {
      w.in_other_syscalls += count[s];
    }
    w.breakdown += std::string(ThreadStateName(state)) + " " + std::to_string(count[s]) + ", ";
  }
  if (w.breakdown.empty()) w.breakdown = "(none)";
  return w;
}

TEST_F(ServerTraceShape, ForkCreatesOneProcessPerRequest) {
  Recording r;
  ASSERT_NO_FATAL_FAILURE(Record("fork", &r));
  const Model& m = r.model;
  EXPECT_EQ(r.metrics.total.processes_created, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(r.metrics.total.threads_created, 0u);
  ASSERT_EQ(m.processes.size(), static_cast<size_t>(kRequests + 1));
  // Every other process is a child of the server, one thread, created and exited in the trace.
  for (uint32_t p = 0; p < m.processes.size(); ++p) {
    if (p == r.root) continue;
    const Process& child = m.processes[p];
    EXPECT_EQ(child.parent, r.root) << child.pid;
    EXPECT_EQ(child.origin, ThreadOrigin::kCreated) << child.pid;
    EXPECT_EQ(child.threads.size(), 1u) << child.pid;
    EXPECT_TRUE(child.exit.has_value()) << child.pid;
    EXPECT_GE(child.first_ns, r.load_start_ns) << child.pid << " forked before any request";
  }
}

// The server announces its port before it starts its workers (connections wait in the
// listen backlog meanwhile), so "once" is shown by the count not following the load: the
// same N threads for R and for 4R requests.
TEST_F(ServerTraceShape, PoolCreatesItsWorkerThreadsOnceAndNonePerRequest) {
  for (int requests : {kRequests / 4, kRequests}) {
    SCOPED_TRACE(std::to_string(requests) + " requests");
    Recording r;
    ASSERT_NO_FATAL_FAILURE(Record("pool", &r, requests));
    const Model& m = r.model;
    EXPECT_EQ(r.metrics.total.threads_created, static_cast<uint64_t>(kWorkers));
    EXPECT_EQ(r.metrics.total.processes_created, 0u);
    ASSERT_EQ(m.processes.size(), 1u);
    ASSERT_EQ(m.threads.size(), static_cast<size_t>(kWorkers + 1));
    // Every worker was created by the accepting (main) thread and lived to the stop.
    const int32_t main_tid = m.processes[r.root].pid;
    for (const Thread& t : m.threads) {
      if (t.tid == main_tid) continue;
      EXPECT_EQ(t.origin, ThreadOrigin::kCreated) << t.tid;
      ASSERT_NE(t.created_by, kNoThread) << t.tid;
      EXPECT_EQ(m.threads[t.created_by].tid, main_tid) << t.tid;
      EXPECT_GT(r.metrics.threads[&t - m.threads.data()].running_ns, 0u) << t.tid;
    }
  }
}

TEST_F(ServerTraceShape, EpollIsOneThreadThatSleepsOnlyInEpoll) {
  Recording r;
  ASSERT_NO_FATAL_FAILURE(Record("epoll", &r));
  const Model& m = r.model;
  ASSERT_EQ(m.processes.size(), 1u);
  ASSERT_EQ(m.threads.size(), 1u);
  EXPECT_EQ(r.metrics.total.threads_created + r.metrics.total.processes_created, 0u);
  EXPECT_GT(r.metrics.total.epoll.calls, 0u);
  EXPECT_GT(r.metrics.total.epoll.events_returned, 0u);
  WaitsWhileServing w = CountWaitsWhileServing(m.threads[0], r.load_start_ns);
  EXPECT_EQ(w.in_other_syscalls, 0) << "waits while serving: " << w.breakdown;
}

TEST_F(ServerTraceShape, CoroutineServesConcurrentConnectionsWithOneThread) {
  Recording r;
  ASSERT_NO_FATAL_FAILURE(Record("coroutine", &r));
  const Model& m = r.model;
  // The load client kept kConnections connections open at a time and all were served...
  EXPECT_NE(r.load_out.find(std::to_string(kConnections) + " connections"), std::string::npos)
      << r.load_out;
  EXPECT_NE(r.load_out.find("ok: " + std::to_string(kRequests)), std::string::npos) << r.load_out;
  // ...by one thread that never created another, and that slept in no call but epoll_wait.
  ASSERT_EQ(m.processes.size(), 1u);
  ASSERT_EQ(m.threads.size(), 1u);
  EXPECT_EQ(r.metrics.total.threads_created + r.metrics.total.processes_created, 0u);
  EXPECT_GT(r.metrics.total.epoll.calls, 0u);
  WaitsWhileServing w = CountWaitsWhileServing(m.threads[0], r.load_start_ns);
  EXPECT_EQ(w.in_other_syscalls, 0) << "waits while serving: " << w.breakdown;
}

// Each connection's coroutine is a task, and all of them ran on the server's one thread.
TEST_F(ServerTraceShape, CoroutineConnectionsAreTasksAllOnOneThread) {
  Recording r;
  ASSERT_NO_FATAL_FAILURE(Record("coroutine", &r));
  const Model& m = r.model;
  ASSERT_EQ(m.threads.size(), 1u);
  ASSERT_EQ(m.tasks.size(), static_cast<size_t>(kRequests));
  for (uint32_t i = 0; i < m.tasks.size(); ++i) {
    EXPECT_EQ(m.String(m.tasks[i].name), "connection");
    EXPECT_TRUE(m.tasks[i].created_in_trace);
    EXPECT_TRUE(m.tasks[i].ended_ns.has_value());
    EXPECT_GE(r.tasks.tasks[i].resumes, 1u);
    EXPECT_LE(r.tasks.tasks[i].threads.size(), 1u);
  }
  EXPECT_EQ(r.tasks.total.tasks_created, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(r.tasks.total.migrations, 0u);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

// The M:N model: tasks on more than one worker thread, and tasks that waited on one and
// continued on another. Sending a 2 MiB file takes eight turns per task, and a task that
// yields while another worker sleeps is handed to it, so tasks move even when the machine
// gives the server one CPU (stealing alone then never happened: the yielding worker took its
// task back before the woken one ran).
TEST_F(ServerTraceShape, MnTasksRunOnSeveralThreadsAndMoveBetweenThem) {
  Recording r;
  ASSERT_NO_FATAL_FAILURE(Record("mn", &r, kRequests / 2, "/big.bin"));
  const Model& m = r.model;
  ASSERT_EQ(m.tasks.size(), static_cast<size_t>(kRequests / 2));
  std::set<uint32_t> threads_with_tasks;
  size_t on_two_or_more = 0;
  for (const TaskMetrics& tm : r.tasks.tasks) {
    threads_with_tasks.insert(tm.threads.begin(), tm.threads.end());
    if (tm.threads.size() >= 2) ++on_two_or_more;
  }
  EXPECT_GT(threads_with_tasks.size(), 1u);
  EXPECT_GT(on_two_or_more, 0u);
  EXPECT_GT(r.tasks.total.migrations, 0u);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

TEST_F(ServerTraceShape, ThreadCreatesOneThreadPerRequest) {
  Recording r;
  ASSERT_NO_FATAL_FAILURE(Record("thread", &r));
  EXPECT_EQ(r.metrics.total.threads_created, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(r.metrics.total.processes_created, 0u);
  EXPECT_EQ(r.model.processes.size(), 1u);
}

TEST_F(ServerTraceShape, PreforkCreatesItsWorkerProcessesOnce) {
  for (int requests : {kRequests / 4, kRequests}) {
    SCOPED_TRACE(std::to_string(requests) + " requests");
    Recording r;
    ASSERT_NO_FATAL_FAILURE(Record("prefork", &r, requests));
    const Model& m = r.model;
    EXPECT_EQ(r.metrics.total.processes_created, static_cast<uint64_t>(kWorkers));
    EXPECT_EQ(r.metrics.total.threads_created, 0u);
    ASSERT_EQ(m.processes.size(), static_cast<size_t>(kWorkers + 1));
    for (uint32_t p = 0; p < m.processes.size(); ++p) {
      if (p == r.root) continue;
      EXPECT_EQ(m.processes[p].parent, r.root) << m.processes[p].pid;
      EXPECT_EQ(m.processes[p].threads.size(), 1u) << m.processes[p].pid;
    }
  }
}

// Green threads on one kernel thread, one of which sleeps instead of yielding: it blocked
// its thread for the sleep, while every other task, ready to run, stayed suspended.
TEST(GreenThreadsTrace, ATaskThatSleepsBlocksItsThreadAndTheOthersWait) {
  if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  TempDir dir;
  const std::string trace = dir.File("green.ctrace");
  CommandResult run =
      RunCommand({CTRACE_BIN, "run", "-o", trace, "--", WorkloadBin("ctrace-green-threads"),
                  "--tasks", "4", "--block", "sleep", "--block-ms", "50"},
                 WithTimeout(60));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  absl::StatusOr<Model> loaded = LoadModel(trace);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const Model& m = *loaded;
  ASSERT_EQ(m.threads.size(), 1u);
  ASSERT_EQ(m.tasks.size(), 4u);
  TaskMetricsSet s = ComputeTaskMetrics(m);
  const TaskMetrics& sleeper = s.tasks[0];
  // nanosleep(50 ms) keeps the thread asleep at least that long, less the instant between
  // the sleep's start and the switch-out.
  const uint64_t slept = sleeper.thread_blocked_by_reason[static_cast<size_t>(BlockReason::kSleep)];
  EXPECT_GE(slept, 45'000'000u);
  for (size_t i = 1; i < s.tasks.size(); ++i) {
    EXPECT_EQ(s.tasks[i].thread_blocked_ns, 0u) << i;
    EXPECT_GE(s.tasks[i].suspended_ns, slept) << i;  // they waited, suspended, through it
  }
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

}  // namespace
}  // namespace ctrace::testing
