// Goroutines recorded for real, with no change to the program (docs/goroutines.md): the Go
// test program tests/collector/programs/goworkers, whose goroutines are known, under
// `ctrace run`. Needs root to load the probes and a Go toolchain to build the program;
// skipped loudly without either.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "model/load_model.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"

namespace ctrace::testing {
namespace {

#ifdef GOWORKERS_BIN
constexpr const char* kGoWorkers = GOWORKERS_BIN;
constexpr const char* kGoCgo = GOCGO_BIN;
#else
constexpr const char* kGoWorkers = nullptr;
constexpr const char* kGoCgo = nullptr;
#endif

class GoroutinesIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kGoWorkers == nullptr) {
      GTEST_SKIP() << "no Go toolchain when this was configured (apt-get install golang-go)";
    }
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
  Model Load(const std::string& path) {
    absl::StatusOr<Model> m = LoadModel(path);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *std::move(m) : Model();
  }
  // Records `binary` with `options` before the command; the model, and the run's stderr.
  Model Record(const std::string& binary, std::vector<std::string> options = {}) {
    const std::string out = dir_.File("go.ctrace");
    std::vector<std::string> argv = {CTRACE_BIN, "run", "-o", out};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.push_back(binary);
    CommandResult r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    err_ = r.err;
    // What the recorder said (probes attached, warnings), with any failure that follows.
    trace_.emplace(__FILE__, __LINE__, "ctrace run's stderr:\n" + r.err);
    absl::StatusOr<Model> m = LoadModel(out);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *std::move(m) : Model();
  }
  static std::vector<uint32_t> Goroutines(const Model& m) {
    std::vector<uint32_t> out;
    for (uint32_t t = 0; t < m.tasks.size(); ++t) {
      if (m.tasks[t].source == TaskSource::kGoRuntime) out.push_back(t);
    }
    return out;
  }
  static std::vector<uint32_t> Named(const Model& m, const std::string& name) {
    std::vector<uint32_t> out;
    for (uint32_t t : Goroutines(m)) {
      if (m.String(m.tasks[t].name) == name) out.push_back(t);
    }
    return out;
  }
  // How many of task t's runs ended suspended with each reason.
  static std::map<std::string, int> SuspendReasons(const Model& m, uint32_t t) {
    std::map<std::string, int> out;
    for (uint32_t r : m.tasks[t].runs) {
      const TaskRun& run = m.task_runs[r];
      if (run.end == TaskRunEnd::kSuspended) ++out[std::string(m.String(run.reason))];
    }
    return out;
  }
  // Starts `binary hold`, attaches `ctrace record -p` to it for a second, and checks that the
  // goroutines it had are named, with their reasons, though no probe saw them made.
  void ExpectAttachNamesExistingGoroutines(const std::string& binary) {
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    const pid_t target = fork();
    if (target == 0) {
      dup2(ready[1], STDOUT_FILENO);
      execl(binary.c_str(), binary.c_str(), "hold", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(ready[1]);
    char line[16] = {};
    ASSERT_GT(read(ready[0], line, sizeof(line) - 1), 0) << binary << " hold did not start";
    ASSERT_EQ(std::string(line), "ready\n");
    const std::string out = dir_.File("attached.ctrace");
    CommandResult r = RunCommand(
        {CTRACE_BIN, "record", "-p", std::to_string(target), "--duration", "1s", "-o", out});
    kill(target, SIGTERM);
    int status = 0;
    waitpid(target, &status, 0);
    close(ready[0]);
    trace_.emplace(__FILE__, __LINE__, "ctrace record's stderr:\n" + r.err);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << binary << " hold: " << status;
    Model m = Load(out);
    const std::pair<const char*, const char*> expected[] = {
        {"runtime.main", "chan receive"},      // main waits for SIGTERM on a channel
        {"main.holder", "select (no cases)"},  // select {}
    };
    for (const auto& [name, reason] : expected) {
      const std::vector<uint32_t> found = Named(m, name);
      ASSERT_EQ(found.size(), 1u) << name;
      const Task& task = m.tasks[found[0]];
      EXPECT_TRUE(task.in_snapshot) << name;
      EXPECT_FALSE(task.created_in_trace) << name;
      EXPECT_EQ(m.String(task.first_reason), reason) << name;
    }
    EXPECT_EQ(m.tasks[Named(m, "runtime.main")[0]].id, 1u);
    // The ticker, asleep or running when attached, then seen sleeping again and again.
    const std::vector<uint32_t> ticker = Named(m, "main.ticker");
    ASSERT_EQ(ticker.size(), 1u);
    EXPECT_TRUE(m.tasks[ticker[0]].in_snapshot);
    EXPECT_GE(SuspendReasons(m, ticker[0])["sleep"], 20);  // 5 ms sleeps for a second
    EXPECT_GE(m.stats.tasks_in_snapshot, 3u);
  }
  TempDir dir_;
  std::string err_;
  std::optional<::testing::ScopedTrace> trace_;
};

// main (runtime.main) creates four workers, ping, pong and the sleeper: each is a goroutine
// named by its function and created by main's goroutine.
TEST_F(GoroutinesIntegration, TheProgramsGoroutinesAreTasksWithTheirNamesAndCreator) {
  Model m = Record(kGoWorkers);
  const std::vector<uint32_t> main = Named(m, "runtime.main");
  ASSERT_EQ(main.size(), 1u);
  EXPECT_EQ(m.tasks[main[0]].id, 1u);  // main's goroutine is goroutine 1
  EXPECT_STREQ(TaskKindName(m.tasks[main[0]].source), "goroutine");
  const std::pair<const char*, size_t> expected[] = {
      {"main.worker", 4}, {"main.ping", 1}, {"main.pong", 1}, {"main.sleeper", 1}};
  for (const auto& [name, count] : expected) {
    const std::vector<uint32_t> found = Named(m, name);
    ASSERT_EQ(found.size(), count) << name;
    for (uint32_t t : found) {
      const Task& task = m.tasks[t];
      EXPECT_TRUE(task.created_in_trace) << name;
      EXPECT_EQ(task.parent, main[0]) << name << " was created by goroutine " << task.parent_id;
      EXPECT_TRUE(task.ended_ns.has_value()) << name << " did not end";
      EXPECT_FALSE(task.runs.empty()) << name << " never ran";
    }
  }
  // Nothing else of the program's own: the rest are the runtime's (GC workers and the like).
  for (uint32_t t : Goroutines(m)) {
    const std::string name(m.String(m.tasks[t].name));
    if (!name.starts_with("runtime.")) {
      EXPECT_TRUE(name == "main.worker" || name == "main.ping" || name == "main.pong" ||
                  name == "main.sleeper")
          << "an unexpected goroutine " << name;
    }
  }
  EXPECT_NE(err_.find("tasks"), std::string::npos) << err_;
}

// The ping-pong blocks on its channels: a thousand round trips, each side suspended in chan
// send or chan receive, and woken by the other side.
TEST_F(GoroutinesIntegration, ThePingPongBlocksOnChannelsAndEachSideWakesTheOther) {
  Model m = Record(kGoWorkers);
  const std::vector<uint32_t> ping = Named(m, "main.ping"), pong = Named(m, "main.pong");
  ASSERT_EQ(ping.size(), 1u);
  ASSERT_EQ(pong.size(), 1u);
  for (uint32_t t : {ping[0], pong[0]}) {
    std::map<std::string, int> reasons = SuspendReasons(m, t);
    const int on_channels = reasons["chan send"] + reasons["chan receive"];
    EXPECT_GE(on_channels, 900) << m.String(m.tasks[t].name);
    EXPECT_EQ(reasons["sleep"], 0);
  }
  int ping_woken_by_pong = 0;
  for (const TaskWake& w : m.tasks[ping[0]].wakes) ping_woken_by_pong += w.waker == pong[0];
  EXPECT_GE(ping_woken_by_pong, 900);
}

TEST_F(GoroutinesIntegration, TheSleeperSleepsAndSomeGoroutineRunsOnTwoThreads) {
  Model m = Record(kGoWorkers);
  const std::vector<uint32_t> sleeper = Named(m, "main.sleeper");
  ASSERT_EQ(sleeper.size(), 1u);
  EXPECT_GE(SuspendReasons(m, sleeper[0])["sleep"], 4);  // five 20 ms sleeps
  bool moved = false;
  for (uint32_t t : Goroutines(m)) {
    std::set<uint32_t> threads;
    for (uint32_t r : m.tasks[t].runs) threads.insert(m.task_runs[r].thread);
    moved |= threads.size() >= 2;
  }
  EXPECT_TRUE(moved) << "no goroutine ran on two threads (GOMAXPROCS is 2)";
}

TEST_F(GoroutinesIntegration, NoTasksRecordsNoGoroutines) {
  Model m = Record(kGoWorkers, {"--no-tasks"});
  EXPECT_TRUE(Goroutines(m).empty());
  EXPECT_GE(m.threads.size(), 2u);  // the threads are recorded as ever
}

// A stripped binary (no symbols, no DWARF): the functions come from the runtime's function
// table, the offsets from the version table, the wait reasons from the data: the same
// goroutines, names and reasons.
TEST_F(GoroutinesIntegration, AStrippedBinaryHasTheSameGoroutines) {
  Model m = Record(std::string(kGoWorkers) + "-stripped");
  EXPECT_EQ(Named(m, "main.worker").size(), 4u);
  const std::vector<uint32_t> ping = Named(m, "main.ping");
  ASSERT_EQ(ping.size(), 1u);
  std::map<std::string, int> reasons = SuspendReasons(m, ping[0]);
  EXPECT_GE(reasons["chan send"] + reasons["chan receive"], 900);
  const std::vector<uint32_t> sleeper = Named(m, "main.sleeper");
  ASSERT_EQ(sleeper.size(), 1u);
  EXPECT_GE(SuspendReasons(m, sleeper[0])["sleep"], 4);
}

// A stripped binary whose function table ctrace cannot read (its header's function count,
// which the runtime itself never reads, set to 0): one line saying why, and the threads
// recorded without goroutines.
TEST_F(GoroutinesIntegration, AnUnreadableFunctionTableIsRecordedWithoutGoroutinesAndSaysWhy) {
  std::ifstream in(std::string(kGoWorkers) + "-stripped", std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  size_t at = std::string::npos;
  for (const char* magic : {"\xf0\xff\xff\xff", "\xf1\xff\xff\xff"}) {
    const std::string header = std::string(magic, 4) + std::string("\0\0\x01\x08", 4);
    if (size_t found = bytes.find(header); found != std::string::npos) at = found;
  }
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at + 8, 8, std::string(8, '\0'));
  const std::string binary = dir_.File("goworkers-bad-table");
  std::ofstream(binary, std::ios::binary) << bytes;
  ASSERT_EQ(chmod(binary.c_str(), 0755), 0);
  Model m = Record(binary);
  EXPECT_TRUE(Goroutines(m).empty());
  EXPECT_GE(m.threads.size(), 2u);
  EXPECT_NE(err_.find(binary + ": .gopclntab has an impossible function count; its goroutines "
                               "are not recorded"),
            std::string::npos)
      << err_;
}

// Without DWARF the offsets come from the version table: the same goroutines.
TEST_F(GoroutinesIntegration, ABinaryWithoutDwarfHasTheSameGoroutines) {
  Model m = Record(std::string(kGoWorkers) + "-nodwarf");
  EXPECT_EQ(Named(m, "main.worker").size(), 4u);
  EXPECT_EQ(Named(m, "main.ping").size(), 1u);
}

// A Go program with cgo (linked by the C toolchain, C functions in its symbol table): the
// same goroutines and reasons.
TEST_F(GoroutinesIntegration, ACgoProgramHasItsGoroutines) {
  Model m = Record(kGoCgo);
  EXPECT_EQ(err_.find("warning"), std::string::npos) << err_;
  const std::vector<uint32_t> napper = Named(m, "main.napper");
  ASSERT_EQ(napper.size(), 1u);
  EXPECT_FALSE(m.tasks[napper[0]].runs.empty());
  const std::vector<uint32_t> ping = Named(m, "main.ping");
  ASSERT_EQ(ping.size(), 1u);
  std::map<std::string, int> reasons = SuspendReasons(m, ping[0]);
  EXPECT_GE(reasons["chan send"] + reasons["chan receive"], 450);  // 500 round trips
  EXPECT_EQ(Named(m, "main.pong").size(), 1u);
}

// Attached to a running Go program (`ctrace record -p`): the goroutines it made before are
// read from its memory, named and with what they were waiting for, though no probe saw them
// being created.
TEST_F(GoroutinesIntegration, AnAttachNamesTheGoroutinesThatAlreadyExisted) {
  ExpectAttachNamesExistingGoroutines(kGoWorkers);
}

// The same of a position-independent build, loaded elsewhere in each process: its list is
// found, and its addresses named, with the load bias taken off.
TEST_F(GoroutinesIntegration, AnAttachToAPositionIndependentProgramNamesItsGoroutines) {
  ExpectAttachNamesExistingGoroutines(std::string(kGoWorkers) + "-pie");
}

// A position-independent build (-buildmode=pie): the creation probe takes the load bias off
// the start functions' addresses, so the goroutines have the same names and creators.
TEST_F(GoroutinesIntegration, APositionIndependentBinaryHasTheSameGoroutines) {
  Model m = Record(std::string(kGoWorkers) + "-pie");
  EXPECT_EQ(err_.find("warning"), std::string::npos) << err_;
  const std::vector<uint32_t> main = Named(m, "runtime.main");
  ASSERT_EQ(main.size(), 1u);
  const std::pair<const char*, size_t> expected[] = {
      {"main.worker", 4}, {"main.ping", 1}, {"main.pong", 1}, {"main.sleeper", 1}};
  for (const auto& [name, count] : expected) {
    const std::vector<uint32_t> found = Named(m, name);
    ASSERT_EQ(found.size(), count) << name;
    for (uint32_t t : found) EXPECT_EQ(m.tasks[t].parent, main[0]) << name;
  }
  const std::vector<uint32_t> ping = Named(m, "main.ping");
  std::map<std::string, int> reasons = SuspendReasons(m, ping[0]);
  EXPECT_GE(reasons["chan send"] + reasons["chan receive"], 900);
}

}  // namespace
}  // namespace ctrace::testing
