// One thread's life as the model keeps it: contiguous state intervals, the wakeups that
// started its runnable intervals, its syscall spans, renames, creation and exit.
//
// Intervals are packed (12 bytes): a start time and 32 bits of state, CPU and syscall. An
// interval ends where the next one starts; the last one ends at the end of the trace.
#ifndef CTRACE_MODEL_THREAD_TIMELINE_H_
#define CTRACE_MODEL_THREAD_TIMELINE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "base/pod_vector.h"
#include "model/thread_state.h"

namespace ctrace {

inline constexpr uint32_t kNoThread = 0xFFFFFFFF;   // "no thread" as a thread index
inline constexpr uint32_t kNoProcess = 0xFFFFFFFF;  // "no process" as a process index

// Who took the CPU when a thread was switched out (kept on the interval that switch-out
// started, so CPU lanes can tell idle from untraced threads without storing more).
enum class CpuSuccessor : uint8_t {
  kUnknown = 0,  // not started by a switch-out, or the successor is a traced thread
  kIdle = 1,     // the CPU went idle
  kOther = 2,    // a thread outside the traced set ran next
};

// Packed to 4-byte alignment (12 bytes, not 16). Never bind a reference to start_ns (e.g. by
// passing it to std::max): it may be misaligned for a uint64_t; copy it first.
#pragma pack(push, 4)
struct StateInterval {
  uint64_t start_ns;
  // bits 0-3 state, 4-5 CpuSuccessor, 6-15 syscall number + 1 (0: none or not known),
  // 16-31 CPU (running: the CPU it ran on; runnable: the target CPU; blocked: the CPU it
  // left).
  uint32_t bits;

  static StateInterval Make(uint64_t start_ns, ThreadState state, uint16_t cpu,
                            int32_t syscall = -1, CpuSuccessor successor = CpuSuccessor::kUnknown) {
    uint32_t sc = (syscall >= 0 && syscall < 1023) ? static_cast<uint32_t>(syscall + 1) : 0;
    return {start_ns, static_cast<uint32_t>(state) | (static_cast<uint32_t>(successor) << 4) |
                          (sc << 6) | (static_cast<uint32_t>(cpu) << 16)};
  }
  ThreadState state() const { return static_cast<ThreadState>(bits & 0xF); }
  CpuSuccessor successor() const { return static_cast<CpuSuccessor>((bits >> 4) & 0x3); }
  int32_t syscall() const { return static_cast<int32_t>((bits >> 6) & 0x3FF) - 1; }
  uint16_t cpu() const { return static_cast<uint16_t>(bits >> 16); }
  void set_state(ThreadState s) { bits = (bits & ~0xFu) | static_cast<uint32_t>(s); }
  void set_cpu(uint16_t cpu) { bits = (bits & 0xFFFFu) | (static_cast<uint32_t>(cpu) << 16); }
};
#pragma pack(pop)
static_assert(sizeof(StateInterval) == 12);

// A wakeup that moved this thread from blocked to runnable: the flow waker -> wakee.
struct WakeFlow {
  uint32_t interval;  // index of the runnable interval it started (its start is the time)
  uint32_t waker;     // thread index of the waker, or kNoThread (interrupt, idle, untraced)
};

// One recorded syscall (the traced set: clone*, fork, vfork, execve*, epoll_wait*).
struct SyscallSpan {
  uint64_t enter_ns;
  uint64_t exit_ns;  // 0: did not return within the trace
  int64_t args[3];   // as recorded; epoll: epfd, maxevents, timeout_ns
  int32_t ret;       // return value (clamped to int32); negative is -errno
  int32_t nr;
  uint32_t str;  // execve*: the filename asked for (string id)
};

// A sleep in futex(2)'s wait operations: the blocked interval it made and the futex's
// address and operation as the thread passed them (from format version 2; the lock
// contention view, model/locks.h, groups these by address).
struct FutexWait {
  uint32_t interval;  // index of the blocked interval
  uint32_t op;        // futex's op (futex_wait: its flags), as passed
  uint64_t address;   // the futex word's user address
};

struct NameChange {
  uint64_t ts_ns;
  uint32_t comm;  // new name (string id)
};

// The thread's exit as recorded (kProcessExit), with the kernel's counters at that moment
// and the model's own counts of the same things, taken at the same event.
struct ThreadExit {
  uint64_t ts_ns = 0;
  int32_t exit_code = 0;  // raw: (status << 8) | termsig
  bool group_dead = false;
  uint64_t kernel_voluntary_switches = 0;
  uint64_t kernel_involuntary_switches = 0;
  uint64_t kernel_cpu_time_ns = 0;
  uint64_t model_voluntary_switches = 0;
  uint64_t model_involuntary_switches = 0;
  uint64_t model_cpu_time_ns = 0;
};

enum class ThreadOrigin : uint8_t {
  kCreated,    // its creation (kProcessFork) is in the trace
  kSnapshot,   // alive when tracing began (kThreadSnapshot)
  kFirstSeen,  // first seen in the middle of the trace with no creation or snapshot
};

struct Thread {
  int32_t tid = 0;
  int32_t pid = 0;
  uint32_t process = kNoProcess;  // index into Model::processes
  ThreadOrigin origin = ThreadOrigin::kFirstSeen;
  bool created_as_process = false;  // kCreated: fork/vfork/clone of a new process
  uint32_t comm = 0;                // current name (string id); renames has the history
  uint64_t first_ns = 0;            // created or first seen
  uint32_t created_by = kNoThread;  // creating thread (kCreated), if it is traced
  uint64_t creation_start_ns = 0;   // the creator's clone/fork entry, or the fork event

  // Counted while building (the self-check needs them at the moment of exit).
  uint64_t voluntary_switches = 0;
  uint64_t involuntary_switches = 0;
  uint64_t migrations = 0;  // switched in on a different CPU than it last ran on
  uint64_t wakeups_received = 0;
  uint64_t wakeups_given = 0;
  uint32_t threads_created = 0;
  uint32_t processes_created = 0;

  std::optional<ThreadExit> exit;
  // The big ones (a 100M-event model is mostly these) grow without copying (base/pod_vector.h).
  PodVector<StateInterval> intervals;
  PodVector<WakeFlow> wakes;
  PodVector<SyscallSpan> syscalls;
  PodVector<FutexWait> futex_waits;  // in interval order
  std::vector<NameChange> renames;
  std::vector<uint32_t> task_runs;  // indices into Model::task_runs, in time order
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_THREAD_TIMELINE_H_
