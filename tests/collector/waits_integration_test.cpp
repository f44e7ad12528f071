// Why threads waited, recorded for real (tests/collector/programs/waits.c): who woke whom,
// and the wait chain through them.
// Needs root to load the probes; without it every test here is reported skipped.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "model/critical_path.h"
#include "model/load_model.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"

namespace ctrace::testing {
namespace {

class WaitsIntegration : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (std::string why = WhyCannotRecord(); !why.empty()) GTEST_SKIP() << why;
  }
  Model Record(const std::string& mode) {
    const std::string out = dir_.File(mode + ".ctrace");
    CommandResult r =
        RunCommand({CTRACE_BIN, "run", "--probes", GetParam(), "-o", out, "--", WAITS_BIN, mode});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    absl::StatusOr<Model> m = LoadModel(out);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *std::move(m) : Model();
  }
  static uint32_t Named(const Model& m, const std::string& name) {
    for (uint32_t t = 0; t < m.threads.size(); ++t) {
      if (m.String(m.threads[t].comm) == name) return t;
    }
    return kNoThread;
  }
  TempDir dir_;
};

// A sleep's timer fires in interrupt context on top of whichever thread runs there: here
// always the spinner, sharing the sleeper's CPU. The wakeups must not name it.
TEST_P(WaitsIntegration, AWakeupFromATimerHasNoWaker) {
  Model m = Record("timer");
  const uint32_t sleeper = Named(m, "sleeper");
  const uint32_t spinner = Named(m, "spinner");
  ASSERT_NE(sleeper, kNoThread);
  ASSERT_NE(spinner, kNoThread);
  const Thread& th = m.threads[sleeper];
  int from_sleep = 0;
  for (const WakeFlow& w : th.wakes) {
    if (w.interval == 0 || th.intervals[w.interval - 1].state() != ThreadState::kBlockedSleep) {
      continue;
    }
    ++from_sleep;
    EXPECT_NE(w.waker, spinner) << "wakeup at " << th.intervals[w.interval].start_ns;
  }
  EXPECT_GE(from_sleep, 30);  // 40 sleeps; a few may end before the thread is switched out
}

// a waits on a condition variable that b signals after reading a byte that c writes after a
// 50 ms sleep: a's chain goes through b to c, and ends at c's sleep, which its timer ended.
TEST_P(WaitsIntegration, AChainNamesTheWakerOfTheWakerAndEndsAtTheSleep) {
  Model m = Record("chain");
  const uint32_t a = Named(m, "a");
  const uint32_t b = Named(m, "b");
  const uint32_t c = Named(m, "c");
  ASSERT_NE(a, kNoThread);
  ASSERT_NE(b, kNoThread);
  ASSERT_NE(c, kNoThread);
  const Thread& ta = m.threads[a];
  ASSERT_TRUE(ta.exit.has_value());
  CriticalPath p = ComputeCriticalPath(m, a, ta.first_ns, ta.exit->ts_ns);
  bool b_at_1 = false;
  bool c_at_2 = false;
  uint64_t c_sleep = 0;
  for (const PathSegment& s : p.segments) {
    EXPECT_FALSE(s.thread == a && IsBlocked(s.state)) << "a's sleep was not replaced";
    b_at_1 |= s.thread == b && s.depth == 1;
    c_at_2 |= s.thread == c && s.depth == 2;
    if (s.thread == c && s.state == ThreadState::kBlockedSleep) {
      EXPECT_EQ(s.gap, PathGap::kNoTracedWaker);
      c_sleep += s.end_ns - s.start_ns;
    }
  }
  EXPECT_TRUE(b_at_1);
  EXPECT_TRUE(c_at_2);
  // The 50 ms sleep, within 10%.
  EXPECT_GE(c_sleep, 45'000'000u);
  EXPECT_LE(c_sleep, 55'000'000u);
  EXPECT_EQ(p.unexplained_by_gap[static_cast<size_t>(PathGap::kNoTracedWaker)], c_sleep);
  uint64_t sum = p.own_running_ns + p.waiting_for_cpu_ns + p.unexplained_ns;
  for (const PathThreadTime& t : p.by_thread) sum += t.ns;
  EXPECT_EQ(sum, p.end_ns - p.start_ns);
}

INSTANTIATE_TEST_SUITE_P(ProbeKinds, WaitsIntegration, ::testing::Values("tp_btf", "raw_tp"));

}  // namespace
}  // namespace ctrace::testing
