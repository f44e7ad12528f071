// How a switch-out decides the state a thread leaves the CPU in, and the names of states and
// reasons (they are the report's JSON keys).
#include "model/thread_state.h"

#include <set>
#include <string>

#include "format/event.h"
#include "format/syscall_table.h"
#include "gtest/gtest.h"

namespace ctrace {
namespace {

using S = ThreadState;

TEST(ThreadState, APreemptedThreadStaysRunnableWhateverItsState) {
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, /*preempt=*/true, syscall_nr::kFutex),
            S::kRunnable);
  EXPECT_EQ(StateAfterSwitchOut(0, false, kNoSyscall), S::kRunnable);  // TASK_RUNNING: yield
}

TEST(ThreadState, AnInterruptibleSleepIsBlockedInItsSyscall) {
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, syscall_nr::kEpollPwait),
            S::kBlockedEpoll);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, syscall_nr::kFutex), S::kBlockedFutex);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, syscall_nr::kRecvfrom), S::kBlockedIo);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, syscall_nr::kPpoll), S::kBlockedPoll);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, syscall_nr::kNanosleep),
            S::kBlockedSleep);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, syscall_nr::kWaitid), S::kBlockedWait);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, 7777), S::kBlockedOther);
  EXPECT_EQ(StateAfterSwitchOut(kTaskInterruptible, false, kNoSyscall), S::kBlockedOther);
}

TEST(ThreadState, TheKernelsOwnStatesComeBeforeTheSyscall) {
  // A disk read sleeps in D inside read(): the D is what the thread waits for.
  EXPECT_EQ(StateAfterSwitchOut(kTaskUninterruptible, false, syscall_nr::kRead),
            S::kUninterruptible);
  EXPECT_EQ(StateAfterSwitchOut(kTaskStopped, false, kNoSyscall), S::kStopped);
  EXPECT_EQ(StateAfterSwitchOut(kTaskTraced, false, kNoSyscall), S::kStopped);
  for (uint32_t dead : {kTaskDead, 0x10u, 0x20u}) {  // TASK_DEAD, EXIT_DEAD, EXIT_ZOMBIE
    EXPECT_EQ(StateAfterSwitchOut(dead, false, kNoSyscall), S::kExited) << dead;
  }
}

TEST(ThreadState, VoluntaryIsTheKernelsRule) {
  EXPECT_TRUE(IsVoluntarySwitch(kTaskInterruptible, false));
  EXPECT_FALSE(IsVoluntarySwitch(kTaskInterruptible, true));  // preempted while going to sleep
  EXPECT_FALSE(IsVoluntarySwitch(0, false));
}

TEST(ThreadState, EveryBlockedStateIsItsReasonAndBack) {
  int blocked = 0;
  for (int s = 0; s < kThreadStateCount; ++s) {
    ThreadState state = static_cast<ThreadState>(s);
    if (!IsBlocked(state)) continue;
    ++blocked;
    EXPECT_EQ(BlockedState(ReasonOf(state)), state);
  }
  EXPECT_EQ(blocked, kBlockReasonCount);
  EXPECT_FALSE(IsBlocked(S::kRunning));
  EXPECT_FALSE(IsBlocked(S::kRunnable));
  EXPECT_FALSE(IsBlocked(S::kExited));
}

TEST(ThreadState, NamesAreDistinct) {
  std::set<std::string> states, reasons;
  for (int s = 0; s < kThreadStateCount; ++s) {
    states.insert(std::string(ThreadStateName(static_cast<ThreadState>(s))));
  }
  for (int r = 0; r < kBlockReasonCount; ++r) {
    reasons.insert(std::string(BlockReasonName(static_cast<BlockReason>(r))));
  }
  EXPECT_EQ(states.size(), static_cast<size_t>(kThreadStateCount));
  EXPECT_EQ(reasons.size(), static_cast<size_t>(kBlockReasonCount));
  EXPECT_EQ(ThreadStateName(S::kBlockedFutex), "blocked: futex");
  EXPECT_EQ(BlockReasonName(BlockReason::kUninterruptible), "uninterruptible");
}

}  // namespace
}  // namespace ctrace
