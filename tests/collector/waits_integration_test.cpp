// Why threads waited, recorded for real (tests/collector/programs/waits.c): who woke whom.
// Needs root to load the probes; without it every test here is reported skipped.
#include <string>
#include <vector>

#include "gtest/gtest.h"
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

INSTANTIATE_TEST_SUITE_P(ProbeKinds, WaitsIntegration, ::testing::Values("tp_btf", "raw_tp"));

}  // namespace
}  // namespace ctrace::testing
