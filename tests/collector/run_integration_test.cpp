// Loads the real probes: records programs whose actions are known and checks that the trace
// holds exactly those actions. Needs root; without it every test here is reported skipped.
#include <dirent.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "format/syscall_table.h"
#include "gtest/gtest.h"
#include "model/load_model.h"
#include "tests/support/child_processes.h"
#include "tests/support/command_runner.h"
#include "tests/support/trace_queries.h"

namespace ctrace::testing {
namespace {

const std::string kCtrace = CTRACE_BIN;
const std::string kActivity = ACTIVITY_BIN;
const std::string kPingPong = PINGPONG_BIN;

class RecorderIntegration : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
  // Records `command` with the probe mode under test; returns the ctrace result.
  CommandResult Record(const std::string& out, const std::vector<std::string>& command,
                       const CommandOptions& options = {}) {
    std::vector<std::string> argv = {kCtrace, "run", "--probes", GetParam(), "-o", out, "--"};
    argv.insert(argv.end(), command.begin(), command.end());
    return RunCommand(argv, options);
  }
  // Starts `activity MODE SECONDS`, lets it run `settle`, records it with `ctrace record -p`
  // for `duration` into `out`, then kills it. *target: its pid.
  CommandResult RecordAttached(const char* mode, std::chrono::milliseconds settle,
                               const std::string& duration, const std::string& out, pid_t* target) {
    *target = fork();
    if (*target == 0) {
      execl(kActivity.c_str(), kActivity.c_str(), mode, "4", (char*)nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(settle);
    CommandResult r = RunCommand({kCtrace, "record", "--probes", GetParam(), "-p",
                                  std::to_string(*target), "--duration", duration, "-o", out});
    kill(*target, SIGKILL);
    waitpid(*target, nullptr, 0);
    return r;
  }
  TempDir dir_;
};

TEST_P(RecorderIntegration, RecordsExactlyWhatTheProgramDid) {
  const std::string out = dir_.File("activity.ctrace");
  CommandResult r = Record(out, {kActivity});
  ASSERT_EQ(r.exit_code, 3) << r.err;  // the program's own exit code
  EXPECT_NE(r.err.find("trace written to " + out), std::string::npos) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_FALSE(trace->truncated);
  ASSERT_TRUE(trace->trailer.has_value());
  for (uint64_t lost : trace->trailer->lost_per_cpu) EXPECT_EQ(lost, 0u);
  EXPECT_EQ(trace->header.command, std::vector<std::string>{kActivity});

  // The root process: snapshot before it runs, then its exec of the program.
  auto snapshots = EventsOfKind(*trace, EventKind::kThreadSnapshot);
  ASSERT_EQ(snapshots.size(), 1u);
  const int32_t root = snapshots[0].pid;
  auto execs = EventsOfKind(*trace, EventKind::kProcessExec);
  ASSERT_EQ(execs.size(), 2u);
  EXPECT_EQ(execs[0].pid, root);
  EXPECT_EQ(trace->String(execs[0].exec.filename), kActivity);
  EXPECT_EQ(trace->String(execs[0].exec.comm), "activity");

  // Two threads and one process created, all by the root's main thread.
  auto forks = EventsOfKind(*trace, EventKind::kProcessFork);
  ASSERT_EQ(forks.size(), 3u);
  std::vector<int32_t> thread_tids;
  int32_t child = 0;
  for (const Event& f : forks) {
    EXPECT_EQ(f.fork.parent_tid, root);
    if (f.tid != f.pid) {
      EXPECT_EQ(f.pid, root);
      thread_tids.push_back(f.tid);
    } else {
      child = f.pid;
    }
  }
  ASSERT_EQ(thread_tids.size(), 2u);
  ASSERT_NE(child, 0);

  // The child exec'd /proc/self/exe with argv "... child" and exited 7.
  EXPECT_EQ(execs[1].pid, child);
  EXPECT_EQ(trace->String(execs[1].exec.filename), "/proc/self/exe");
  EXPECT_EQ(trace->String(execs[1].exec.argv), kActivity + std::string("\0child", 6));
  EXPECT_EQ(trace->String(execs[0].exec.argv), kActivity);
  // One execve call each. The path at entry is read from the caller's memory, which BPF can
  // only do if it is paged in: it is for the root (ctrace's own child), while the forked
  // child's string literal may not be yet (the exec event above always has the path).
  for (int32_t pid : {root, child}) {
    auto exec_calls = EventsWhere(*trace, [&](const Event& e) {
      return e.kind == EventKind::kSyscallEnter && e.syscall_enter.nr == syscall_nr::kExecve &&
             e.pid == pid;
    });
    ASSERT_EQ(exec_calls.size(), 1u) << "pid " << pid;
    if (pid == root) {
      EXPECT_EQ(trace->String(exec_calls[0].syscall_enter.str), kActivity);
    }
  }

  // Thread names arrive as renames (exec renames too: to the program's base name).
  std::map<int32_t, std::string> names;
  for (const Event& e : EventsOfKind(*trace, EventKind::kTaskRename)) {
    names[e.tid] = trace->String(e.rename.comm);
  }
  std::set<std::string> worker_names = {names[thread_tids[0]], names[thread_tids[1]]};
  EXPECT_EQ(worker_names, (std::set<std::string>{"worker-a", "worker-b"}));

  // Each worker: one epoll_wait(maxevents 8, timeout 30 ms) that returned 0 after >= 30 ms,
  // and at least one switch-out while blocked in it.
  for (int32_t tid : thread_tids) {
    auto enters = EventsWhere(*trace, [&](const Event& e) {
      return e.kind == EventKind::kSyscallEnter && e.tid == tid &&
             e.syscall_enter.nr == syscall_nr::kEpollWait;
    });
    auto exits = EventsWhere(*trace, [&](const Event& e) {
      return e.kind == EventKind::kSyscallExit && e.tid == tid &&
             e.syscall_exit.nr == syscall_nr::kEpollWait;
    });
    ASSERT_EQ(enters.size(), 1u) << "tid " << tid;
    ASSERT_EQ(exits.size(), 1u) << "tid " << tid;
    EXPECT_EQ(enters[0].syscall_enter.args[1], 8);
    EXPECT_EQ(enters[0].syscall_enter.args[2], 30'000'000);
    EXPECT_EQ(exits[0].syscall_exit.ret, 0);
    // The kernel never ends a 30 ms epoll timeout early.
    EXPECT_GE(exits[0].ts_ns - enters[0].ts_ns, 30'000'000u);
    auto blocked = EventsWhere(*trace, [&](const Event& e) {
      return e.kind == EventKind::kSchedSwitch && e.tid == tid &&
             e.sched_switch.prev_syscall == syscall_nr::kEpollWait &&
             e.sched_switch.prev_state == kTaskInterruptible;
    });
    EXPECT_GE(blocked.size(), 1u) << "tid " << tid;
  }

  // Exit codes as wait(2) encodes them; the kernel's switch counters at exit equal the
  // switches the trace holds for threads born in it (nothing missed, nothing invented).
  std::map<int32_t, Event> exits;
  for (const Event& e : EventsOfKind(*trace, EventKind::kProcessExit)) exits[e.tid] = e;
  ASSERT_TRUE(exits.count(root));
  ASSERT_TRUE(exits.count(child));
  EXPECT_EQ(exits[root].exit.exit_code, 3 << 8);
  EXPECT_EQ(exits[child].exit.exit_code, 7 << 8);
  EXPECT_TRUE(exits[child].exit.group_dead);
  for (int32_t tid : {thread_tids[0], thread_tids[1], child}) {
    ASSERT_TRUE(exits.count(tid)) << tid;
    const Event& exit = exits[tid];
    uint64_t voluntary = 0;
    uint64_t involuntary = 0;
    for (const Event& e : trace->events) {
      if (e.kind != EventKind::kSchedSwitch || e.tid != tid || e.ts_ns > exit.ts_ns) continue;
      const bool is_voluntary = !e.sched_switch.preempt && e.sched_switch.prev_state != 0;
      (is_voluntary ? voluntary : involuntary)++;
    }
    EXPECT_EQ(voluntary, exit.exit.voluntary_switches) << "tid " << tid;
    EXPECT_EQ(involuntary, exit.exit.involuntary_switches) << "tid " << tid;
  }
}

TEST_P(RecorderIntegration, ProgramKilledBySignalGives128PlusSignal) {
  const std::string out = dir_.File("killed.ctrace");
  CommandResult r = Record(out, {"/bin/sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(r.exit_code, 128 + SIGTERM) << r.err;
  EXPECT_NE(r.err.find("killed by signal 15"), std::string::npos) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  auto exits = EventsOfKind(*trace, EventKind::kProcessExit);
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0].exit.exit_code & 0x7f, SIGTERM);
}

TEST_P(RecorderIntegration, SigtermToCtraceGoesToTheProgram) {
  const std::string out = dir_.File("sleep.ctrace");
  CommandOptions options;
  std::thread killer;
  options.on_start = [&killer](pid_t ctrace_pid) {
    killer = std::thread([ctrace_pid] {
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      kill(ctrace_pid, SIGTERM);
    });
  };
  CommandResult r = Record(out, {"/bin/sleep", "30"}, options);
  killer.join();
  EXPECT_EQ(r.exit_code, 128 + SIGTERM) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->trailer.has_value());
  auto exits = EventsOfKind(*trace, EventKind::kProcessExit);
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0].exit.exit_code & 0x7f, SIGTERM);
}

TEST_P(RecorderIntegration, SecondInterruptStopsRecordingAtOnce) {
  // The program ignores SIGINT, so the first Ctrl-C (forwarded) does not end it; the second
  // must make ctrace finish the trace and exit without waiting for the program.
  const std::string out = dir_.File("interrupted.ctrace");
  CommandOptions options;
  std::thread interrupter;
  pid_t recorder = 0;
  options.on_start = [&interrupter, &recorder](pid_t ctrace_pid) {
    recorder = ctrace_pid;
    interrupter = std::thread([ctrace_pid] {
      // Once the program ignores SIGINT (its trap has run): a SIGINT before then would end it,
      // and on a loaded machine the program may take longer than any fixed wait to start.
      WaitForChild(ctrace_pid, [](pid_t c) { return IgnoresSignal(c, SIGINT); });
      kill(ctrace_pid, SIGINT);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      kill(ctrace_pid, SIGINT);
    });
  };
  options.timeout_seconds = 20;
  CommandResult r = Record(out, {"/bin/sh", "-c", "trap '' INT; sleep 30"}, options);
  interrupter.join();
  kill(-recorder, SIGKILL);  // the ignoring program is still running: end it
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("stopping now"), std::string::npos) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  ASSERT_TRUE(trace->trailer.has_value());
  EXPECT_EQ(trace->trailer->end_reason, "interrupted");
}

TEST_P(RecorderIntegration, UnderSudoTheProgramRunsAsTheInvokingUser) {
  const std::string out = dir_.File("sudo.ctrace");
  CommandOptions options;
  options.env = {"SUDO_UID=65534", "SUDO_GID=65534", "SUDO_USER=nobody"};
  CommandResult r = Record(out, {kActivity}, options);
  ASSERT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("uid=65534"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("home=/nonexistent"), std::string::npos) << r.out;  // nobody's HOME
  struct stat st;
  ASSERT_EQ(stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 65534u);
  EXPECT_EQ(st.st_gid, 65534u);
  EXPECT_EQ(st.st_mode & S_IWOTH, 0u);
}

TEST_P(RecorderIntegration, ExecArgumentsCanBeLeftOut) {
  const std::string out = dir_.File("noargs.ctrace");
  std::vector<std::string> argv = {kCtrace, "run", "--probes", GetParam(), "--no-args",
                                   "-o",    out,   "--",       kActivity};
  CommandResult r = RunCommand(argv);
  ASSERT_EQ(r.exit_code, 3) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->header.flags & kHeaderFlagExecArgs, 0u);
  auto execs = EventsOfKind(*trace, EventKind::kProcessExec);
  ASSERT_EQ(execs.size(), 2u);  // the root program's and its child's
  for (const Event& e : execs) {
    EXPECT_EQ(trace->String(e.exec.argv), "");
    EXPECT_NE(trace->String(e.exec.filename), "");  // only the arguments are left out
  }
}

TEST_P(RecorderIntegration, RecordAttachesToARunningProcess) {
  pid_t target;
  const std::string out = dir_.File("attached.ctrace");
  CommandResult r = RecordAttached("spin", std::chrono::milliseconds(200), "1s", out, &target);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("duration elapsed"), std::string::npos) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  auto snapshots = EventsOfKind(*trace, EventKind::kThreadSnapshot);
  ASSERT_GE(snapshots.size(), 1u);
  EXPECT_EQ(snapshots[0].pid, target);
  EXPECT_EQ(trace->String(snapshots[0].snapshot.comm), "activity");
  // The program makes a thread every ~6 ms: a second of tracing sees many of them.
  auto forks = EventsOfKind(*trace, EventKind::kProcessFork);
  EXPECT_GE(forks.size(), 20u);
  for (const Event& f : forks) EXPECT_EQ(f.pid, target);
}

// A process the recorder attaches to while it switches every few microseconds: its leader's
// snapshot still comes before every event of the process, so the model knows the process from
// its first event (a first switch with another program's thread would otherwise be a switch
// between two unknown threads, and the model would take that program into the trace too).
// A sched_wakeup that repeats its sched_waking (the waking found the thread off its CPU) is
// left out by the probes (bpf/ctrace.bpf.c, on_wakeup). A pipe ping-pong on one CPU is nearly
// all such wakeups: the file has far fewer sched_wakeup records than with every one kept. On
// two CPUs many wakings find the wakee still on its CPU, and their sched_wakeup is what makes
// it runnable: there, and on one CPU, every sleep of the two threads still ends in a wakeup
// in the model.
TEST_P(RecorderIntegration, RepeatedWakeupRecordsAreLeftOutAndEverySleepStillEndsInAWakeup) {
  const auto record = [&](const std::string& name, bool pinned, bool keep_all) {
    SCOPED_TRACE(name);
    const std::string out = dir_.File(name + ".ctrace");
    CommandOptions options;
    if (keep_all) options.env.push_back("CTRACE_KEEP_ALL_WAKEUPS=1");
    std::vector<std::string> command = {kActivity, "pingpong", "0.3"};
    if (pinned) command.insert(command.begin(), {"/usr/bin/taskset", "-c", "0"});
    CommandResult r = Record(out, command, options);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto trace = ReadTrace(out);
    EXPECT_TRUE(trace.ok()) << trace.status();
    absl::StatusOr<Model> m = LoadModel(out);
    EXPECT_TRUE(m.ok()) << m.status();
    if (!trace.ok() || !m.ok()) return std::pair<size_t, size_t>{0, 0};
    EXPECT_EQ(m->LostEvents(), 0u);
    EXPECT_EQ((trace->header.flags & kHeaderFlagRepeatedWakeupsOmitted) != 0, !keep_all);
    int players = 0;
    for (const Thread& t : m->threads) {
      if (t.voluntary_switches < 1000) continue;
      ++players;
      EXPECT_NEAR(static_cast<double>(t.wakeups_received),
                  static_cast<double>(t.voluntary_switches), 2.0)
          << "tid " << t.tid;
    }
    EXPECT_EQ(players, 2);
    return std::pair{EventsOfKind(*trace, EventKind::kSchedWaking).size(),
                     EventsOfKind(*trace, EventKind::kSchedWakeup).size()};
  };
  const auto [wakings, wakeups] = record("one-cpu", true, false);
  ASSERT_GT(wakings, 1000u);
  EXPECT_LT(wakeups, wakings / 10);
  const auto [wakings_all, wakeups_all] = record("one-cpu-all-kept", true, true);
  ASSERT_GT(wakings_all, 1000u);
  EXPECT_GT(wakeups_all, wakings_all * 9 / 10);
  record("two-cpus", false, false);
}

TEST_P(RecorderIntegration, AttachingToABusyProcessSnapshotsItBeforeItsFirstEvent) {
  pid_t target;
  const std::string out = dir_.File("busy.ctrace");
  CommandResult r =
      RecordAttached("pingpong", std::chrono::milliseconds(100), "300ms", out, &target);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  std::optional<uint64_t> leader_snapshot_ns;
  for (const Event& e : EventsOfKind(*trace, EventKind::kThreadSnapshot)) {
    if (e.tid == target) leader_snapshot_ns = e.ts_ns;
  }
  ASSERT_TRUE(leader_snapshot_ns.has_value());
  size_t events_of_target = 0;
  size_t before_snapshot = 0;
  for (const Event& e : trace->events) {
    if (e.kind == EventKind::kThreadSnapshot) continue;
    const bool of_target =
        e.pid == target || (e.kind == EventKind::kSchedSwitch && e.sched_switch.next_pid == target);
    if (!of_target) continue;
    ++events_of_target;
    if (e.ts_ns < *leader_snapshot_ns) ++before_snapshot;
  }
  EXPECT_EQ(before_snapshot, 0u) << "of " << events_of_target << " events of the process";
  EXPECT_GT(events_of_target, 1000u);  // it was busy: the test could have failed
}

TEST_P(RecorderIntegration, FullDiskStopsRecordingAndKeepsAReadablePrefix) {
  const std::string mount_dir = dir_.File("small");
  mkdir(mount_dir.c_str(), 0755);
  ASSERT_EQ(mount("tmpfs", mount_dir.c_str(), "tmpfs", 0, "size=512k"), 0) << strerror(errno);
  const std::string out = mount_dir + "/full.ctrace";
  // Pinned, the ping-pong makes ~4 events per 7 us round trip: the 512 KiB fill in a second.
  CommandResult r = Record(out, {"/usr/bin/taskset", "-c", "0", kPingPong, "400000"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(LineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  auto trace = ReadTrace(out);
  umount2(mount_dir.c_str(), MNT_DETACH);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->truncated);
  EXPECT_GT(trace->events.size(), 1000u);
}

// Ids of loaded ctrace sched_switch programs (either kind), from `bpftool prog show`.
// The BPF programs `pid` holds: every program or link descriptor's fdinfo names its
// program. Read from the recorder itself, so recorders running in parallel do not count.
std::set<int> ProgramIdsHeldBy(pid_t pid) {
  std::set<int> ids;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fdinfo";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return ids;
  while (dirent* e = readdir(d)) {
    std::ifstream info(dir + "/" + e->d_name);
    for (std::string line; std::getline(info, line);) {
      if (line.rfind("prog_id:", 0) == 0) ids.insert(std::atoi(line.c_str() + 8));
    }
  }
  closedir(d);
  return ids;
}

// Every BPF program loaded on the machine.
std::set<int> LoadedProgramIds() {
  std::set<int> ids;
  CommandResult progs = RunCommand({"/usr/sbin/bpftool", "prog", "show"});
  std::istringstream lines(progs.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) {
      ids.insert(std::atoi(line.c_str()));  // "7962: tracing  name ..."
    }
  }
  return ids;
}

TEST_P(RecorderIntegration, KilledRecorderLeavesReadablePrefixAndNoProbes) {
  const std::string out = dir_.File("killed-recorder.ctrace");
  CommandOptions options;
  std::thread killer;
  std::set<int> attached;  // this recorder's programs, seen while it runs
  options.on_start = [&killer, &attached](pid_t ctrace_pid) {
    killer = std::thread([ctrace_pid, &attached] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      attached = ProgramIdsHeldBy(ctrace_pid);
      kill(ctrace_pid, SIGKILL);
    });
  };
  // The program outlives the recorder; it goes on and finishes by itself.
  CommandResult r = Record(out, {kActivity, "spin", "3"}, options);
  killer.join();
  EXPECT_EQ(r.exit_code, 128 + SIGKILL);
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->truncated);
  EXPECT_FALSE(trace->trailer.has_value());
  EXPECT_GT(EventsOfKind(*trace, EventKind::kProcessFork).size(), 10u);  // a chunk per 0.5 s
  // Links are file descriptors: the kernel detached and freed the recorder's programs when
  // it died. (Other recorders, e.g. tests run in parallel, may hold programs of their own.)
  ASSERT_FALSE(attached.empty()) << "the recorder's programs were never seen loaded";
  // Freeing is deferred (RCU): poll for up to 5 s before calling a program left behind.
  std::set<int> left;
  for (int i = 0; i < 50; ++i) {
    left.clear();
    for (int id : LoadedProgramIds()) {
      if (attached.count(id)) left.insert(id);
    }
    if (left.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (int id : left) ADD_FAILURE() << "program " << id << " outlived its recorder";
}

TEST_P(RecorderIntegration, OverflowingTheRingBufferIsCountedNotSilent) {
  const std::string out = dir_.File("overflow.ctrace");
  // A 4 KiB ring buffer drained every 10 ms cannot keep up with ~500k events/s.
  std::vector<std::string> argv = {kCtrace,     "run", "--probes", GetParam(), "--buffer-size",
                                   "4K",        "-o",  out,        "--",       kPingPong,
                                   "--seconds", "1",   "2"};
  CommandResult r = RunCommand(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("ring buffer full"), std::string::npos) << r.err;
  auto trace = ReadTrace(out);
  ASSERT_TRUE(trace.ok()) << trace.status();
  ASSERT_TRUE(trace->trailer.has_value());
  uint64_t trailer_lost = 0;
  for (uint64_t n : trace->trailer->lost_per_cpu) trailer_lost += n;
  uint64_t event_lost = 0;
  for (const Event& e : EventsOfKind(*trace, EventKind::kLost)) event_lost += e.lost.count;
  EXPECT_GT(trailer_lost, 0u);
  EXPECT_EQ(event_lost, trailer_lost);  // every drop is also placed in time
  // The summary says where: each CPU that lost records, with the trailer's count.
  for (size_t cpu = 0; cpu < trace->trailer->lost_per_cpu.size(); ++cpu) {
    const uint64_t n = trace->trailer->lost_per_cpu[cpu];
    if (n == 0) continue;
    EXPECT_NE(r.err.find(absl::StrCat("cpu ", cpu, ": ", n)), std::string::npos) << r.err;
  }
}

INSTANTIATE_TEST_SUITE_P(ProbeKinds, RecorderIntegration, ::testing::Values("tp_btf", "raw_tp"));

}  // namespace
}  // namespace ctrace::testing
