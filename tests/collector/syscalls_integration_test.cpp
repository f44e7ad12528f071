// Loads the real probes with and without --syscalls: with it, every call of the traced threads
// is a span in the model with its arguments and result (a read on a pipe, a clock_nanosleep
// covering the time the thread slept); without it, only the creation, exec and epoll calls.
// Needs root; without it every test here is reported skipped.
#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/event.h"
#include "format/trace_file.h"
#include "gtest/gtest.h"
#include "model/load_model.h"
#include "model/metrics.h"
#include "model/thread_state.h"
#include "tests/support/command_runner.h"
#include "tests/support/trace_queries.h"

namespace ctrace::testing {
namespace {

namespace sc = syscall_nr;
const std::string kCtrace = CTRACE_BIN;
const std::string kActivity = ACTIVITY_BIN;

class SyscallsIntegration : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
  // Records `command` (with --syscalls if `all`) and loads the model; the recording must
  // have lost nothing and the program must exit `exit_code`.
  // `syscall_probes` is CTRACE_SYSCALL_PROBES for the recorder ("generic": the sys_enter/
  // sys_exit filter instead of the per-syscall tracepoints).
  Model Record(bool all, const std::vector<std::string>& command, int exit_code,
               const std::string& syscall_probes = "") {
    const std::string out =
        dir_.File(absl::StrCat(all ? "all" : "default", syscall_probes, ".ctrace"));
    std::vector<std::string> argv = {"/usr/bin/env", "CTRACE_SYSCALL_PROBES=" + syscall_probes,
                                     kCtrace,        "run",
                                     "--probes",     GetParam(),
                                     "-o",           out};
    if (all) argv.push_back("--syscalls");
    argv.push_back("--");
    argv.insert(argv.end(), command.begin(), command.end());
    CommandResult r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    absl::StatusOr<Model> m = LoadModel(out);
    EXPECT_TRUE(m.ok()) << m.status();
    if (!m.ok()) return Model();
    EXPECT_EQ(m->LostEvents(), 0u);
    return *std::move(m);
  }
  const Thread* Named(const Model& m, const std::string& name) {
    for (const Thread& t : m.threads) {
      if (m.String(t.comm) == name) return &t;
    }
    return nullptr;
  }
  static std::vector<SyscallSpan> Calls(const Thread& t, int32_t nr) {
    std::vector<SyscallSpan> out;
    for (const SyscallSpan& s : t.syscalls) {
      if (s.nr == nr) out.push_back(s);
    }
    return out;
  }
  TempDir dir_;
};

TEST_P(SyscallsIntegration, EveryCallIsASpanWithItsArgumentsAndResult) {
  Model m = Record(true, {kActivity, "syscalls"}, 0);
  ASSERT_FALSE(m.threads.empty());
  EXPECT_NE(m.header.flags & kHeaderFlagAllSyscalls, 0u);
  const Thread* reader = Named(m, "reader");
  ASSERT_NE(reader, nullptr);
  const Thread* main_thread = nullptr;
  for (const Thread& t : m.threads) {
    if (t.tid == reader->pid) main_thread = &t;
  }
  ASSERT_NE(main_thread, nullptr);

  // The reader: read(pipe's read end, buf, 64) returned the 5 bytes the main thread wrote.
  std::vector<SyscallSpan> writes = Calls(*main_thread, sc::kWrite);
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0].args[2], 5);
  EXPECT_EQ(writes[0].ret, 5);
  const int64_t write_fd = writes[0].args[0];
  std::vector<SyscallSpan> reads = Calls(*reader, sc::kRead);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].args[0], write_fd - 1);  // pipe() gives the read end, then the write end
  EXPECT_EQ(reads[0].args[2], 64);
  EXPECT_EQ(reads[0].ret, 5);
  EXPECT_NE(reads[0].exit_ns, 0u);
  EXPECT_GE(reads[0].exit_ns, writes[0].enter_ns);  // it returned once the bytes were there

  // The main thread: clock_nanosleep(CLOCK_MONOTONIC, 0, 20 ms) returned 0 after >= 20 ms,
  // and the thread slept inside it: a blocked (sleep) interval within the span.
  std::vector<SyscallSpan> sleeps = Calls(*main_thread, sc::kClockNanosleep);
  ASSERT_EQ(sleeps.size(), 1u);
  const SyscallSpan& sleep = sleeps[0];
  EXPECT_EQ(sleep.args[0], 1);  // CLOCK_MONOTONIC
  EXPECT_EQ(sleep.args[1], 0);
  EXPECT_EQ(sleep.ret, 0);
  EXPECT_GE(sleep.exit_ns - sleep.enter_ns, 20'000'000u);
  bool slept_inside = false;
  for (const StateInterval& iv : main_thread->intervals) {
    if (iv.state() == ThreadState::kBlockedSleep && iv.syscall() == sc::kClockNanosleep) {
      const uint64_t start = iv.start_ns;  // a copy: EXPECT_* binds references, the field is packed
      EXPECT_GE(start, sleep.enter_ns);
      EXPECT_LT(start, sleep.exit_ns);
      slept_inside = true;
    }
  }
  EXPECT_TRUE(slept_inside);

  // Every blocked interval of every thread, once its first call was recorded, lies in a
  // recorded call of the syscall it is blocked in (nothing recorded is missing).
  int blocked = 0;
  for (const Thread& t : m.threads) {
    if (t.syscalls.empty()) continue;
    for (const StateInterval& iv : t.intervals) {
      const uint64_t start = iv.start_ns;  // a copy: the field is packed
      if (!IsBlocked(iv.state()) || iv.syscall() < 0 || start < t.syscalls[0].enter_ns) {
        continue;
      }
      ++blocked;
      auto covering = std::find_if(t.syscalls.begin(), t.syscalls.end(), [&](const SyscallSpan& s) {
        return s.enter_ns <= start && (s.exit_ns == 0 || start < s.exit_ns);
      });
      ASSERT_NE(covering, t.syscalls.end()) << "tid " << t.tid << " blocked at " << start;
      EXPECT_EQ(covering->nr, iv.syscall()) << "tid " << t.tid;
    }
  }
  EXPECT_GE(blocked, 1);
}

TEST_P(SyscallsIntegration, WithoutTheOptionOnlyTheTracedSetIsRecorded) {
  Model m = Record(false, {kActivity, "syscalls"}, 0);
  ASSERT_FALSE(m.threads.empty());
  EXPECT_EQ(m.header.flags & kHeaderFlagAllSyscalls, 0u);
  const std::set<int32_t> traced = {sc::kClone,     sc::kClone3,     sc::kFork,
                                    sc::kVfork,     sc::kExecve,     sc::kExecveat,
                                    sc::kEpollWait, sc::kEpollPwait, sc::kEpollPwait2};
  size_t spans = 0;
  for (const Thread& t : m.threads) {
    for (const SyscallSpan& s : t.syscalls) {
      EXPECT_TRUE(traced.count(s.nr)) << "tid " << t.tid << " has a span of syscall " << s.nr;
      ++spans;
    }
  }
  EXPECT_GE(spans, 2u);  // the root's execve and the clone of the reader
  // The main thread still shows where it slept, from the switch-out alone.
  const Thread* reader = Named(m, "reader");
  ASSERT_NE(reader, nullptr);
  bool slept = false;
  for (const Thread& t : m.threads) {
    if (t.tid != reader->pid) continue;
    for (const StateInterval& iv : t.intervals) {
      slept |= iv.state() == ThreadState::kBlockedSleep && iv.syscall() == sc::kClockNanosleep;
    }
  }
  EXPECT_TRUE(slept);
}

// Without --syscalls the recorded calls come from their own tracepoints (syscalls/sys_enter_
// NAME), or from the generic sys_enter/sys_exit filter where those are missing: both give the
// same calls with the same arguments.
TEST_P(SyscallsIntegration, TheRecordedCallsAreTheSameFromEitherKindOfSyscallProbe) {
  using Call = std::tuple<std::string, int32_t, int64_t, int64_t, int64_t, bool>;
  const auto calls = [this](const Model& m) {
    std::multiset<Call> out;
    for (const Thread& t : m.threads) {
      for (const SyscallSpan& s : t.syscalls) {
        // Which worker's epoll fd is 3 and which 4 is a race of the program's own.
        const bool epoll = s.nr == sc::kEpollWait;
        out.insert({std::string(m.String(t.comm)), s.nr, epoll ? s.args[0] >= 0 : s.args[0],
                    s.args[1], s.args[2], s.ret >= 0});
      }
    }
    return out;
  };
  const std::multiset<Call> per_syscall = calls(Record(false, {kActivity}, 3));
  const std::multiset<Call> generic = calls(Record(false, {kActivity}, 3, "generic"));
  EXPECT_EQ(per_syscall, generic);
  // And they are the calls the program made: the reader thread's clone, with CLONE_THREAD
  // among its flags, the workers' epoll_waits on a real epoll fd (1: >= 0).
  bool thread_clone = false, epoll = false;
  for (const Call& c : per_syscall) {
    const int32_t nr = std::get<1>(c);
    thread_clone |= (nr == sc::kClone || nr == sc::kClone3) &&
                    (std::get<2>(c) & 0x10000 /* CLONE_THREAD */) != 0;
    epoll |= nr == sc::kEpollWait && std::get<2>(c) == 1 && std::get<3>(c) > 0;
  }
  EXPECT_TRUE(thread_clone);
  EXPECT_TRUE(epoll);
}

TEST_P(SyscallsIntegration, EpollMetricsCountOnlyEpollCalls) {
  // The activity's two workers each make one epoll_wait; the extra spans --syscalls adds
  // (epoll_create1, close, futex, ...) must not count as epoll calls or epoll wait time.
  Model m = Record(true, {kActivity}, 3);
  ASSERT_FALSE(m.threads.empty());
  TraceMetrics metrics = ComputeMetrics(m);
  EXPECT_EQ(metrics.total.epoll.calls, 2u);
  EXPECT_EQ(metrics.total.epoll.empty_returns, 2u);
  uint64_t spans = 0;
  for (const Thread& t : m.threads) spans += t.syscalls.size();
  EXPECT_GT(spans, 20u);  // many more calls than the two epoll_waits were recorded
  for (size_t i = 0; i < m.threads.size(); ++i) {
    const Thread& t = m.threads[i];
    const std::string name(m.String(t.comm));
    if (name != "worker-a" && name != "worker-b") continue;
    std::vector<SyscallSpan> epoll = Calls(t, sc::kEpollWait);
    ASSERT_EQ(epoll.size(), 1u) << name;
    EXPECT_GT(t.syscalls.size(), 1u) << name;  // epoll_create1 and close at least
    EXPECT_EQ(metrics.threads[i].epoll.calls, 1u) << name;
    // Exactly that call's time: no other call of the thread is counted.
    EXPECT_EQ(metrics.threads[i].epoll.wait_ns, epoll[0].exit_ns - epoll[0].enter_ns) << name;
  }
}

// A machine booted without systemd has no tracefs mounted, and without it libbpf finds no
// per-syscall tracepoint: the recorder mounts it at its standard place, says so, and records
// the calls through them. Run in a mount namespace of its own, where tracefs is unmounted first,
// so the machine's own mounts are not touched.
TEST(SyscallsIntegrationTracefs, TheRecorderMountsTracefsWhereItIsMissing) {
  if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  TempDir dir;
  const std::string out = dir.File("tracefs.ctrace");
  const std::string script = absl::StrCat(
      "for m in /sys/kernel/tracing /sys/kernel/debug/tracing /sys/kernel/debug; do "
      "umount \"$m\" 2>/dev/null; done; "
      "if [ -e /sys/kernel/tracing/events ] || [ -e /sys/kernel/debug/tracing/events ]; then "
      "echo 'tracefs stays mounted'; exit 77; fi; ",
      kCtrace, " run -o ", out, " -- ", kActivity, "; rc=$?; ",
      "[ -d /sys/kernel/tracing/events/syscalls ] && echo 'mounted after'; exit $rc");
  CommandResult r = RunCommand(
      {"/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script});
  if (r.exit_code == 77) GTEST_SKIP() << "tracefs could not be unmounted here: " << r.out;
  ASSERT_EQ(r.exit_code, 3) << r.err;  // the activity's own exit code
  EXPECT_NE(r.err.find("ctrace: mounted tracefs on /sys/kernel/tracing"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("mounted after"), std::string::npos) << r.out;
  absl::StatusOr<Model> m = LoadModel(out);
  ASSERT_TRUE(m.ok()) << m.status();
  uint64_t epoll_calls = 0;
  for (const Thread& t : m->threads) {
    for (const SyscallSpan& span : t.syscalls) epoll_calls += span.nr == sc::kEpollWait;
  }
  EXPECT_EQ(epoll_calls, 2u);  // the two workers' epoll_waits, through the tracepoints
}

INSTANTIATE_TEST_SUITE_P(ProbeKinds, SyscallsIntegration, ::testing::Values("tp_btf", "raw_tp"));

}  // namespace
}  // namespace ctrace::testing
