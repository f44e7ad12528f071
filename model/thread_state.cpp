#include "model/thread_state.h"

#include "format/event.h"

namespace ctrace {
namespace {

// x86-64 numbers not named in format/event.h (arch/x86/entry/syscalls/syscall_64.tbl).
constexpr int32_t kSendfile = 40;
constexpr int32_t kSplice = 275;
constexpr int32_t kPreadv = 295;
constexpr int32_t kPwritev = 296;
constexpr int32_t kRecvmmsg = 299;
constexpr int32_t kSendmmsg = 307;
constexpr int32_t kPreadv2 = 327;
constexpr int32_t kPwritev2 = 328;
constexpr int32_t kIoUringEnter = 426;
constexpr int32_t kFutexWaitv = 449;

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

BlockReason BlockReasonForSyscall(int32_t nr) {
  namespace sc = syscall_nr;
  switch (nr) {
    case sc::kEpollWait:
    case sc::kEpollPwait:
    case sc::kEpollPwait2:
      return BlockReason::kEpoll;
    case sc::kFutex:
    case kFutexWaitv:
      return BlockReason::kFutex;
    case sc::kRead:
    case sc::kWrite:
    case sc::kPread64:
    case sc::kPwrite64:
    case sc::kReadv:
    case sc::kWritev:
    case kSendfile:
    case sc::kAccept:
    case sc::kAccept4:
    case sc::kConnect:
    case sc::kRecvfrom:
    case sc::kSendto:
    case sc::kSendmsg:
    case sc::kRecvmsg:
    case kSplice:
    case kPreadv:
    case kPwritev:
    case kRecvmmsg:
    case kSendmmsg:
    case kPreadv2:
    case kPwritev2:
    case kIoUringEnter:
      return BlockReason::kIo;
    case sc::kPoll:
    case sc::kSelect:
    case sc::kPselect6:
    case sc::kPpoll:
      return BlockReason::kPoll;
    case sc::kNanosleep:
    case sc::kClockNanosleep:
      return BlockReason::kSleep;
    case sc::kWait4:
    case sc::kWaitid:
      return BlockReason::kWait;
    default:
      return BlockReason::kOther;
  }
}

ThreadState StateAfterSwitchOut(uint32_t prev_state, bool preempt, int32_t prev_syscall) {
  if (preempt || prev_state == 0) return ThreadState::kRunnable;
  if (prev_state & kDeadStates) return ThreadState::kExited;
  if (prev_state & (kTaskStopped | kTaskTraced)) return ThreadState::kStopped;
  if (prev_state & kTaskUninterruptible) return ThreadState::kUninterruptible;
  return BlockedState(BlockReasonForSyscall(prev_syscall));
}

}  // namespace ctrace
