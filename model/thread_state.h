// The states a thread's timeline is made of, and how a sched_switch decides which one a
// thread enters when it leaves the CPU. See docs/recording.md, "From records to thread states".
#ifndef CTRACE_MODEL_THREAD_STATE_H_
#define CTRACE_MODEL_THREAD_STATE_H_

#include <cstdint>
#include <string_view>

namespace ctrace {

// Values are stored in 4 bits of StateInterval: at most 16 states.
enum class ThreadState : uint8_t {
  kUnknown = 0,  // seen (snapshot) but no event has told its state yet
  kRunning,      // on a CPU
  kRunnable,     // in a run queue: woken, preempted, or new and not yet run
  // Blocked states, in BlockReason order.
  kBlockedEpoll,     // sleeping in epoll_wait/epoll_pwait/epoll_pwait2
  kBlockedFutex,     // sleeping in futex (lock or condition variable wait)
  kBlockedIo,        // sleeping in read/write/recv/send/accept/connect and kin
  kBlockedPoll,      // sleeping in poll/select/ppoll/pselect6
  kBlockedSleep,     // nanosleep/clock_nanosleep
  kBlockedWait,      // wait4/waitid: waiting for a child
  kBlockedOther,     // sleeping in another syscall (the interval keeps its number) or none
  kUninterruptible,  // prev_state had TASK_UNINTERRUPTIBLE (D): disk or kernel wait
  kStopped,          // prev_state had __TASK_STOPPED or __TASK_TRACED
  kExited,           // after its exit (no more time is counted)
};
inline constexpr int kThreadStateCount = 13;

enum class BlockReason : uint8_t {
  kEpoll,
  kFutex,
  kIo,
  kPoll,
  kSleep,
  kWait,
  kOther,
  kUninterruptible,
  kStopped,
};
inline constexpr int kBlockReasonCount = 9;

inline bool IsBlocked(ThreadState s) {
  return s >= ThreadState::kBlockedEpoll && s <= ThreadState::kStopped;
}
// Requires IsBlocked(s).
inline BlockReason ReasonOf(ThreadState s) {
  return static_cast<BlockReason>(static_cast<int>(s) -
                                  static_cast<int>(ThreadState::kBlockedEpoll));
}
inline ThreadState BlockedState(BlockReason r) {
  return static_cast<ThreadState>(static_cast<int>(r) +
                                  static_cast<int>(ThreadState::kBlockedEpoll));
}

// "running", "runnable", "blocked: epoll", ...
std::string_view ThreadStateName(ThreadState s);
// The JSON key of a reason: "epoll", "futex", "io", "poll", "sleep", "wait", "other",
// "uninterruptible", "stopped".
std::string_view BlockReasonName(BlockReason r);

// Why a thread sleeping interruptibly inside syscall `nr` (kNoSyscall: none) sleeps.
BlockReason BlockReasonForSyscall(int32_t nr);

// The kernel's own rule (__schedule): a switch is voluntary, and counted in nvcsw, exactly
// when it was not a preemption and prev had set a non-running state; otherwise it is
// counted in nivcsw.
inline bool IsVoluntarySwitch(uint32_t prev_state, bool preempt) {
  return !preempt && prev_state != 0;
}

// The state a thread enters when sched_switch takes it off the CPU. A preempted thread,
// or one whose state is still TASK_RUNNING, stays on the run queue: runnable.
ThreadState StateAfterSwitchOut(uint32_t prev_state, bool preempt, int32_t prev_syscall);

}  // namespace ctrace

#endif  // CTRACE_MODEL_THREAD_STATE_H_
