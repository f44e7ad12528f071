// Why threads waited, in a real window under Xvfb: the critical path of a thread drawn over
// the lanes (a stripe along the bottom of each segment's lane, red where the chain ends
// unexplained) and the waits of a lock chosen in the Locks panel (a stripe along the top of
// each waiter's lane), checked against the model at the pixels the state file places them.
// Skipped loudly without root or xvfb-run.
#include <algorithm>
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "model/critical_path.h"
#include "model/locks.h"
#include "tests/viewer/rendering_test.h"
#include "viewer/core/colors.h"

namespace ctrace::viewer::testing {
namespace {

std::string Describe(Rgb c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
}

uint32_t Named(const Model& m, const std::string& name) {
  for (uint32_t t = 0; t < m.threads.size(); ++t) {
    if (m.String(m.threads[t].comm) == name) return t;
  }
  return kNoThread;
}

// a waits on a condition variable that b signals after reading what c writes after 50 ms.
class CriticalPathScreenshot : public RenderingTest<CriticalPathScreenshot> {
 protected:
  static void SetUpTestSuite() { Record("chain.ctrace", {WAITS_BIN, "chain"}, 0); }
};

TEST_F(CriticalPathScreenshot, TheChainIsAStripeOnEachLaneItCrosses) {
  const uint32_t a = Named(*model_, "a"), c = Named(*model_, "c");
  ASSERT_NE(a, kNoThread);
  ASSERT_NE(c, kNoThread);
  const Thread& ta = model_->threads[a];
  ASSERT_TRUE(ta.exit.has_value());
  // The same chain the viewer computes for a's life.
  CriticalPath p = ComputeCriticalPath(*model_, a, ta.first_ns, ta.exit->ts_ns);
  const PathSegment* sleep = nullptr;
  for (const PathSegment& s : p.segments) {
    if (s.thread == c && s.gap != PathGap::kNone) sleep = &s;
  }
  ASSERT_NE(sleep, nullptr) << "the chain does not end at c's sleep";
  Render("chain", {"--select", std::to_string(ta.tid), "--critical-path"});
  const ViewState::RowRect* row_c = RowOf('t', model_->threads[c].tid);
  const ViewState::RowRect* row_a = RowOf('t', ta.tid);
  ASSERT_NE(row_c, nullptr);
  ASSERT_NE(row_a, nullptr);
  const int x = static_cast<int>(std::floor((X(sleep->start_ns) + X(sleep->end_ns)) / 2));
  ASSERT_GT(X(sleep->end_ns) - X(sleep->start_ns), 20) << "the sleep is too narrow to see";
  // Along the bottom of c's lane, red: the chain ends there, explained by no thread.
  const Rgb on_c = image_.At(x, static_cast<int>(row_c->y + row_c->height - 2));
  EXPECT_TRUE(Near(on_c, kCriticalPathEnd)) << Describe(on_c);
  // a's own lane has no stripe then: its sleep was replaced by what c did.
  const Rgb on_a = image_.At(x, static_cast<int>(row_a->y + row_a->height - 2));
  EXPECT_FALSE(Near(on_a, kCriticalPathEnd)) << Describe(on_a);
  EXPECT_FALSE(Near(on_a, kCriticalPath)) << Describe(on_a);
}

TEST_F(CriticalPathScreenshot, WithoutTheOptionNothingIsDrawn) {
  const uint32_t a = Named(*model_, "a"), c = Named(*model_, "c");
  ASSERT_NE(a, kNoThread);
  ASSERT_NE(c, kNoThread);
  Render("no-chain", {"--select", std::to_string(model_->threads[a].tid)});
  const ViewState::RowRect* row_c = RowOf('t', model_->threads[c].tid);
  ASSERT_NE(row_c, nullptr);
  const Thread& tc = model_->threads[c];
  int checked = 0;
  for (size_t i = 0; i + 1 < tc.intervals.size(); ++i) {
    if (tc.intervals[i].state() != ThreadState::kBlockedSleep) continue;
    const int x =
        static_cast<int>((X(tc.intervals[i].start_ns) + X(tc.intervals[i + 1].start_ns)) / 2);
    const Rgb got = image_.At(x, static_cast<int>(row_c->y + row_c->height - 2));
    EXPECT_FALSE(Near(got, kCriticalPathEnd)) << Describe(got);
    ++checked;
  }
  EXPECT_EQ(checked, 1);
}

// Four threads taking turns on one mutex.
class LockScreenshot : public RenderingTest<LockScreenshot> {
 protected:
  static void SetUpTestSuite() {
    Record("mutex.ctrace",
           {MUTEX_BIN, "--workers", "4", "--iterations", "100000", "--critical", "200"}, 0);
  }
};

TEST_F(LockScreenshot, TheChosenLocksWaitsAreAStripeOnTheirWaitersLanes) {
  std::vector<Lock> locks = ComputeLocks(*model_);
  auto mutex =
      std::find_if(locks.begin(), locks.end(), [](const Lock& l) { return l.waiters.size() > 1; });
  ASSERT_NE(mutex, locks.end()) << "no lock with several waiters";
  std::vector<LockWait> waits = WaitsOn(*model_, *mutex);
  ASSERT_FALSE(waits.empty());
  const LockWait longest =
      *std::max_element(waits.begin(), waits.end(), [](const LockWait& x, const LockWait& y) {
        return x.end_ns - x.start_ns < y.end_ns - y.start_ns;
      });
  const std::string index = std::to_string(mutex - locks.begin());
  // Zoomed so the wait is a third of the view.
  const uint64_t d = longest.end_ns - longest.start_ns;
  const uint64_t from =
      longest.start_ns > model_->start_ns + d ? longest.start_ns - d - model_->start_ns : 0;
  const std::string range =
      std::to_string(from) + ":" + std::to_string(longest.end_ns + d - model_->start_ns);
  Render("lock", {"--panel", "locks", "--lock", index, "--range", range});
  ASSERT_GT(X(longest.end_ns) - X(longest.start_ns), 4) << "the longest wait is too narrow";
  const ViewState::RowRect* row = RowOf('t', model_->threads[longest.thread].tid);
  ASSERT_NE(row, nullptr);
  const int x = static_cast<int>(std::floor((X(longest.start_ns) + X(longest.end_ns)) / 2));
  const Rgb top = image_.At(x, static_cast<int>(row->y + 1));
  EXPECT_TRUE(Near(top, kLockWait)) << Describe(top);
  // Without the choice, the same place is the lane's own colour.
  Render("no-lock", {"--panel", "locks", "--range", range});
  const Rgb plain = image_.At(x, static_cast<int>(row->y + 1));
  EXPECT_FALSE(Near(plain, kLockWait)) << Describe(plain);
}

}  // namespace
}  // namespace ctrace::viewer::testing
