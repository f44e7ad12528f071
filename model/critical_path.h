// Wait chains (the critical path): for one thread over a time range, what it was waiting
// for, all the way down. Its own running and runnable time is its own; while it was blocked,
// the thread whose wakeup ended the sleep was what it waited for, so that thread's activity
// up to the wakeup takes the blocked time's place (and if that thread was itself blocked, the
// thread that woke it, and so on). A sleep that cannot be followed (woken by an interrupt or
// a timer, by a thread outside the traced set, or by no wakeup the trace has) ends the chain
// there and says why; it is never attributed to anyone.
//
// Computed by walking back in time from the range's end, one interval at a time, with a
// stack of the threads being followed: every interval visited is visited once, so the cost is
// linear in the intervals the chain covers (plus a binary search per hop).
#ifndef CTRACE_MODEL_CRITICAL_PATH_H_
#define CTRACE_MODEL_CRITICAL_PATH_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/cpu_lanes.h"
#include "model/model.h"
#include "model/thread_state.h"

namespace ctrace {

// Why a piece of the range is not explained by anyone's activity.
enum class PathGap : uint8_t {
  kNone = 0,       // explained: a running or runnable segment
  kNoTracedWaker,  // woken by an interrupt, a timer or a thread outside the traced set
  kNotWoken,       // no wakeup in the trace ended the sleep (still asleep, or events lost)
  kCycle,          // the waker is already being followed: contradictory events
  kUnknownState,   // the thread's state is not known (before its first event or after exit)
};
inline constexpr int kPathGapCount = 5;
// "no_traced_waker", "not_woken", "cycle", "unknown_state" (JSON keys); "" for kNone.
std::string_view PathGapName(PathGap g);

struct PathSegment {
  uint32_t thread;  // thread index
  uint64_t start_ns;
  uint64_t end_ns;
  ThreadState state;  // running, runnable, a blocked state (only where the chain ends), ...
  int32_t syscall;    // blocked: the call it slept in, or -1
  uint16_t cpu;       // running: its CPU; runnable: the CPU it waited for
  uint32_t depth;     // 0: the thread asked about; 1: what woke it; 2: what woke that; ...
  PathGap gap;        // kNone unless this piece ends the chain
};

// Another thread's running on the path: time the thread asked about waited for it to run.
struct PathThreadTime {
  uint32_t thread;
  uint64_t ns = 0;
};

struct CriticalPath {
  uint32_t thread = kNoThread;
  uint64_t start_ns = 0;
  uint64_t end_ns = 0;
  std::vector<PathSegment> segments;  // in time order, contiguous, covering the range
  // The range's wall time, split: own_running_ns + waiting_for_cpu_ns + the by_thread times
  // + unexplained_ns = end_ns - start_ns.
  uint64_t own_running_ns = 0;
  uint64_t waiting_for_cpu_ns = 0;        // runnable, on any thread of the chain
  std::vector<PathThreadTime> by_thread;  // other threads' running, most time first
  // The segments that end the chain (their gap is not kNone), whoever's they are: a sleep
  // woken by a timer is the sleeping thread's, but no thread's activity explains it.
  uint64_t unexplained_ns = 0;
  std::array<uint64_t, kPathGapCount> unexplained_by_gap{};  // by PathGap
};

// Who held the CPUs the chain's runnable segments waited for: for each thread (kLaneIdle: the
// CPU was idle, as while a wakeup reaches an idle CPU; kLaneOther: a thread outside the
// traced set), the time it ran on the CPU a runnable segment was queued on, during that
// segment; most first. `lanes` is BuildCpuLanes(model) (model/cpu_lanes.h). Time no lane
// covers is not counted, so the holders may sum to less than waiting_for_cpu_ns.
std::vector<PathThreadTime> CpuHolders(const CriticalPath& path,
                                       const std::vector<std::vector<LaneSegment>>& lanes);

// The chain of `thread` over [from_ns, to_ns], clamped to the trace (and to nothing before
// the thread's first interval, which is unexplained as kUnknownState).
CriticalPath ComputeCriticalPath(const Model& model, uint32_t thread, uint64_t from_ns = 0,
                                 uint64_t to_ns = UINT64_MAX);

}  // namespace ctrace

#endif  // CTRACE_MODEL_CRITICAL_PATH_H_
