// Loads the real probes with the task probes (docs/tasks.md): records programs whose tasks
// are known and checks that the trace holds exactly those, that probes are attached where a
// program and its libraries have them (and only there), in binaries it execs, and the
// command line a process leaves at its exit. Needs root; skipped loudly without it.
#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "collector/elf_file.h"
#include "collector/usdt_notes.h"
#include "gtest/gtest.h"
#include "model/load_model.h"
#include "model/task_metrics.h"
#include "tests/support/child_processes.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"

namespace ctrace::testing {
namespace {

const std::string kCtrace = CTRACE_BIN;
const std::string kTaskProbes = TASK_PROBES_BIN;
const std::string kTaskLib = TASK_LIB;

// perf events the process holds open: a USDT probe libbpf attaches is one each (the
// scheduler probes are BPF links, not perf events).
int PerfEventFds(pid_t pid) {
  int n = 0;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return -1;
  while (dirent* e = readdir(d)) {
    char target[256];
    ssize_t len = readlink((dir + "/" + e->d_name).c_str(), target, sizeof(target) - 1);
    if (len <= 0) continue;
    target[len] = '\0';
    if (std::string(target) == "anon_inode:[perf_event]") ++n;
  }
  closedir(d);
  return n;
}

// The ctrace:* probe sites (USDT notes) in `path`.
int ProbeSites(const std::string& path) {
  auto file = ElfFile::Open(path);
  if (!file.ok()) return -1;
  auto probes = ReadUsdtProbes(**file);
  return probes.ok() ? static_cast<int>(probes->size()) : -1;
}

class TaskRecording : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
  Model Load(const std::string& path) {
    absl::StatusOr<Model> m = LoadModel(path);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *std::move(m) : Model();
  }
  // The perf events ctrace holds for a program without task probes under --no-tasks: its
  // per-syscall tracepoints (docs/recording.md), none of them uprobes. Uprobes are counted
  // above this.
  int PerfFdsWithoutTasks() {
    int fds = -1;
    CommandResult r =
        Record(dir_.File("baseline.ctrace"), {"/bin/sleep", "0.3"}, &fds, {"--no-tasks"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return fds;
  }

  // Runs `command` under ctrace; *perf_fds, if given, is how many perf events ctrace held
  // while the program ran: sampled once the program has exec'd, since ctrace attaches a
  // program's probes before it lets the child exec.
  CommandResult Record(const std::string& out, std::vector<std::string> command,
                       int* perf_fds = nullptr, std::vector<std::string> options = {}) {
    std::vector<std::string> argv = {kCtrace, "run", "-o", out};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back("--");
    argv.insert(argv.end(), command.begin(), command.end());
    CommandOptions run;
    std::thread sampler;
    if (perf_fds != nullptr) {
      run.on_start = [&sampler, perf_fds, program = command[0]](pid_t ctrace) {
        sampler = std::thread([ctrace, perf_fds, program] {
          if (WaitForChild(ctrace, [&](pid_t c) { return RunsProgram(c, program); }) != 0) {
            *perf_fds = PerfEventFds(ctrace);
          }
        });
      };
    }
    CommandResult r = RunCommand(argv, run);
    if (sampler.joinable()) sampler.join();
    return r;
  }
  TempDir dir_;
};

TEST_F(TaskRecording, TheProgramsAndItsLibrarysTasksAreAllInTheTrace) {
  const std::string out = dir_.File("tasks.ctrace");
  CommandResult r = Record(out, {kTaskProbes});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("in 2 files"), std::string::npos) << r.err;  // program and library
  Model m = Load(out);
  ASSERT_EQ(m.tasks.size(), 3u);
  std::map<std::string, const Task*> by_name;
  for (const Task& t : m.tasks) by_name[std::string(m.String(t.name))] = &t;
  ASSERT_EQ(by_name.count("alpha"), 1u);
  ASSERT_EQ(by_name.count("beta"), 1u);
  ASSERT_EQ(by_name.count("gamma"), 1u);  // created in libtask_lib.so
  EXPECT_EQ(by_name["alpha"]->id, 1u);
  EXPECT_EQ(by_name["beta"]->parent_id, 1u);
  EXPECT_EQ(by_name["beta"]->parent, static_cast<uint32_t>(by_name["alpha"] - m.tasks.data()));
  for (const Task& t : m.tasks) {
    EXPECT_TRUE(t.created_in_trace);
    EXPECT_EQ(t.runs.size(), 4u) << m.String(t.name);  // four rounds
    EXPECT_TRUE(t.ended_ns.has_value());
    for (uint32_t run : t.runs) EXPECT_EQ(m.task_runs[run].end, TaskRunEnd::kSuspended);
  }
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
  EXPECT_EQ(m.stats.tasks_first_seen, 0u);
}

TEST_F(TaskRecording, ABinaryTheProgramExecsHasItsProbesAttached) {
  const std::string out = dir_.File("exec.ctrace");
  // sh has no probes; the program it execs waits until its probes are attached (their
  // semaphores say so), then runs its tasks. A copy of its own, and of its library: the
  // semaphores count the uprobes of every recorder on the file, and a test running beside
  // this one (ctest -j2) that records the same binary made them say "attached" before this
  // recording's probes were (the clean-clone CI of 8d27d5c, and once locally since).
  const std::string program = dir_.File("task_probes");
  const std::string library = dir_.File(std::filesystem::path(kTaskLib).filename().string());
  std::filesystem::copy_file(kTaskProbes, program);
  std::filesystem::copy_file(kTaskLib, library);
  std::filesystem::permissions(program, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  CommandResult r = Record(out, {"/bin/sh", "-c", "exec " + program + " wait"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Model m = Load(out);
  EXPECT_EQ(m.tasks.size(), 3u) << r.err;
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

TEST_F(TaskRecording, AProgramWithoutProbesGetsNoUprobe) {
  const std::string out = dir_.File("sleep.ctrace");
  const int baseline = PerfFdsWithoutTasks();
  ASSERT_GE(baseline, 0);
  int perf_fds = -1;
  CommandResult r = Record(out, {"/bin/sleep", "0.5"}, &perf_fds);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(perf_fds, baseline);
  EXPECT_NE(r.err.find("tasks        none"), std::string::npos) << r.err;
  // The same count sees the probes of a program that has them, one uprobe per probe site
  // (the notes of the program and its library: how many depends on the compiler's
  // unrolling).
  const int sites = ProbeSites(kTaskProbes) + ProbeSites(kTaskLib);
  ASSERT_GE(sites, 12);  // at least one per site in the source
  int with_probes = -1;
  r = Record(dir_.File("probes.ctrace"), {kTaskProbes, "500"}, &with_probes);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(with_probes, baseline + sites);
}

TEST_F(TaskRecording, NoTasksAttachesNothingAndRecordsNoTaskEvents) {
  const std::string out = dir_.File("notasks.ctrace");
  const int baseline = PerfFdsWithoutTasks();
  ASSERT_GE(baseline, 0);
  int perf_fds = -1;
  CommandResult r = Record(out, {kTaskProbes, "300"}, &perf_fds, {"--no-tasks"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(perf_fds, baseline);  // the program's probes got no uprobe
  EXPECT_NE(r.err.find("not recorded (--no-tasks)"), std::string::npos) << r.err;
  Model m = Load(out);
  EXPECT_TRUE(m.tasks.empty());
  EXPECT_EQ(m.header.flags & kHeaderFlagTasks, 0u);
}

// A task's name is read from the program's memory, which it may get wrong: a name that
// cannot be read gives a task without a name, one cut by an unmapped page what could be read.
TEST_F(TaskRecording, NamesThatCannotBeReadGiveTasksWithoutNames) {
  const std::string out = dir_.File("badnames.ctrace");
  CommandResult r = Record(out, {kTaskProbes, "0", "badnames"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Model m = Load(out);
  std::map<uint64_t, const Task*> by_id;
  for (const Task& t : m.tasks) by_id[t.id] = &t;
  ASSERT_EQ(by_id.size(), 6u);
  ASSERT_EQ(by_id.count(10), 1u);
  ASSERT_EQ(by_id.count(11), 1u);
  ASSERT_EQ(by_id.count(12), 1u);
  EXPECT_EQ(m.String(by_id[10]->name), "");  // an unmapped pointer
  EXPECT_EQ(m.String(by_id[11]->name), "");  // NULL
  EXPECT_EQ(m.String(by_id[12]->name), "edge-of-page");
  for (uint64_t id : {10, 11, 12}) EXPECT_TRUE(by_id[id]->ended_ns.has_value()) << id;
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

// A server that titles itself by rewriting its argv ("nginx: worker process") is known by
// that title: the command line it left at its exit.
TEST_F(TaskRecording, AProcessThatRewroteItsArgvIsKnownByItsTitle) {
  const std::string out = dir_.File("title.ctrace");
  CommandResult r = Record(out, {kTaskProbes, "0", "retitle"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Model m = Load(out);
  ASSERT_FALSE(m.processes.empty());
  EXPECT_EQ(m.TitleOf(m.processes[0]), "task-probes: retitled");
  // One that did not rewrite it has no title beyond its exec.
  r = Record(dir_.File("plain.ctrace"), {kTaskProbes});
  Model plain = Load(dir_.File("plain.ctrace"));
  ASSERT_FALSE(plain.processes.empty());
  EXPECT_EQ(plain.TitleOf(plain.processes[0]), "");
}

}  // namespace
}  // namespace ctrace::testing
