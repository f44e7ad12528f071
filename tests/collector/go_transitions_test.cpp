// Which goroutine status changes become which task events (bpf/go_transitions.h, the rules
// the casgstatus probe runs).
#include "bpf/go_transitions.h"

#include <cstdint>

#include "gtest/gtest.h"

namespace ctrace {
namespace {

struct Expected {
  uint32_t from, to, kind, reason;
};

TEST(GoTransitions, EachStatusChangeIsTheEventOfTheRules) {
  const Expected table[] = {
      {1, 2, CTRACE_REC_TASK_RESUME, 0},  // scheduled on this thread
      {4, 2, CTRACE_REC_TASK_RESUME, 0},  // the GC's wait ends on its thread
      {9, 2, CTRACE_REC_TASK_RESUME, 0},  // preempted, running again
      {2, 1, CTRACE_REC_TASK_SUSPEND, CTRACE_GO_REASON_RUNNABLE},
      {3, 1, CTRACE_REC_TASK_SUSPEND, CTRACE_GO_REASON_SYSCALL},
      {2, 4, CTRACE_REC_TASK_SUSPEND, 0},  // 0: read g.waitreason
      {4, 1, CTRACE_REC_TASK_WAKE, 0},
      {2, 6, CTRACE_REC_TASK_END, 0},
  };
  for (const Expected& e : table) {
    uint32_t reason = 12345;
    EXPECT_EQ(ctrace_go_transition(e.from, e.to, &reason), e.kind) << e.from << "->" << e.to;
    EXPECT_EQ(reason, e.reason) << e.from << "->" << e.to;
  }
}

// Only 2 -> 4 reads the wait reason: a goroutine that yields or is preempted after a wait
// still has the old one in its g, and must not be said to wait for it again.
TEST(GoTransitions, OnlyAWaitTakesTheWaitReason) {
  for (uint32_t from = 0; from < 16; ++from) {
    for (uint32_t to = 0; to < 16; ++to) {
      uint32_t reason;
      const uint32_t kind = ctrace_go_transition(from, to, &reason);
      if (kind == CTRACE_REC_TASK_SUSPEND && reason == 0) {
        EXPECT_EQ(from, 2u);
        EXPECT_EQ(to, 4u);
      }
    }
  }
}

TEST(GoTransitions, SyscallsCreationAndTheGcsBookkeepingAreNotEvents) {
  const uint32_t none[][2] = {{2, 3},      {3, 2},      {6, 1},      {0, 6},      {6, 4},
                              {2, 0x1002}, {0x1002, 2}, {4, 0x1004}, {0x1004, 4}, {2, 8},
                              {8, 2},      {1, 6},      {4, 6}};
  for (const auto& [from, to] : none) {
    uint32_t reason;
    EXPECT_EQ(ctrace_go_transition(from, to, &reason), 0u) << from << "->" << to;
  }
}

}  // namespace
}  // namespace ctrace
