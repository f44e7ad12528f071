#include "model/thread_state.h"

#include "format/event.h"
#include "format/syscall_table.h"

namespace ctrace {
namespace {

// Any of these states means the task is dead: TASK_DEAD, EXIT_DEAD, EXIT_ZOMBIE.
constexpr uint32_t kDeadStates = kTaskDead | 0x10 | 0x20;

}  // namespace

std::string_view ThreadStateName(ThreadState s) {
  switch (s) {
    case ThreadState::kUnknown:
      return "unknown";
    case ThreadState::kRunning:
      return "running";
    case ThreadState::kRunnable:
      return "runnable";
    case ThreadState::kBlockedEpoll:
      return "blocked: epoll";
    case ThreadState::kBlockedFutex:
      return "blocked: futex";
    case ThreadState::kBlockedIo:
      return "blocked: io";
    case ThreadState::kBlockedPoll:
      return "blocked: poll";
    case ThreadState::kBlockedSleep:
      return "blocked: sleep";
    case ThreadState::kBlockedWait:
      return "blocked: wait";
    case ThreadState::kBlockedOther:
      return "blocked: other";
    case ThreadState::kUninterruptible:
      return "uninterruptible";
    case ThreadState::kStopped:
      return "stopped";
    case ThreadState::kExited:
      return "exited";
  }
  return "?";
}

std::string_view BlockReasonName(BlockReason r) {
  switch (r) {
    case BlockReason::kEpoll:
      return "epoll";
    case BlockReason::kFutex:
      return "futex";
    case BlockReason::kIo:
      return "io";
    case BlockReason::kPoll:
      return "poll";
    case BlockReason::kSleep:
      return "sleep";
    case BlockReason::kWait:
      return "wait";
    case BlockReason::kOther:
      return "other";
    case BlockReason::kUninterruptible:
      return "uninterruptible";
    case BlockReason::kStopped:
      return "stopped";
  }
  return "?";
}

// The syscall table's waits are the first block reasons, in the same order.
static_assert(static_cast<int>(SyscallWait::kEpoll) == static_cast<int>(BlockReason::kEpoll));
static_assert(static_cast<int>(SyscallWait::kFutex) == static_cast<int>(BlockReason::kFutex));
static_assert(static_cast<int>(SyscallWait::kIo) == static_cast<int>(BlockReason::kIo));
static_assert(static_cast<int>(SyscallWait::kPoll) == static_cast<int>(BlockReason::kPoll));
static_assert(static_cast<int>(SyscallWait::kSleep) == static_cast<int>(BlockReason::kSleep));
static_assert(static_cast<int>(SyscallWait::kWait) == static_cast<int>(BlockReason::kWait));
static_assert(static_cast<int>(SyscallWait::kOther) == static_cast<int>(BlockReason::kOther));

BlockReason BlockReasonForSyscall(int32_t nr) { return static_cast<BlockReason>(WaitOf(nr)); }

ThreadState StateAfterSwitchOut(uint32_t prev_state, bool preempt, int32_t prev_syscall) {
  if (preempt || prev_state == 0) return ThreadState::kRunnable;
  if (prev_state & kDeadStates) return ThreadState::kExited;
  if (prev_state & (kTaskStopped | kTaskTraced)) return ThreadState::kStopped;
  if (prev_state & kTaskUninterruptible) return ThreadState::kUninterruptible;
  return BlockedState(BlockReasonForSyscall(prev_syscall));
}

}  // namespace ctrace
