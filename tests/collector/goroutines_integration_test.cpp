// Goroutines recorded for real, with no change to the program (docs/goroutines.md): the Go
// test program tests/collector/programs/goworkers, whose goroutines are known, under
// `ctrace run`. Needs root to load the probes and a Go toolchain to build the program;
// skipped loudly without either.
#include <algorithm>
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
#else
constexpr const char* kGoWorkers = nullptr;
#endif

class GoroutinesIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kGoWorkers == nullptr) {
      GTEST_SKIP() << "no Go toolchain when this was configured (apt-get install golang-go)";
    }
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
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

// A stripped binary: one line saying why, and the threads recorded without goroutines.
TEST_F(GoroutinesIntegration, AStrippedBinaryIsRecordedWithoutGoroutinesAndSaysWhy) {
  Model m = Record(std::string(kGoWorkers) + "-stripped");
  EXPECT_TRUE(Goroutines(m).empty());
  EXPECT_GE(m.threads.size(), 2u);
  EXPECT_NE(err_.find("a stripped Go binary (no symbol table); its goroutines are not recorded"),
            std::string::npos)
      << err_;
}

// Without DWARF the offsets come from the version table: the same goroutines.
TEST_F(GoroutinesIntegration, ABinaryWithoutDwarfHasTheSameGoroutines) {
  Model m = Record(std::string(kGoWorkers) + "-nodwarf");
  EXPECT_EQ(Named(m, "main.worker").size(), 4u);
  EXPECT_EQ(Named(m, "main.ping").size(), 1u);
}

}  // namespace
}  // namespace ctrace::testing
