// Wakeups that found nothing to do: a thread woken inside a syscall that went back to sleep
// in the same call, in the same state, without returning from it (the kernel woke several waiters
// for one connection, event or lock, and the others lost the race: a thundering herd), or an
// epoll_wait that, woken by a thread, returned no events.
//
// "The same call" needs the call's entry and return: the recorder keeps them for the epoll
// calls always, and for every call with --syscalls (futex, accept, read, ...). Sleeps in calls
// without a recorded span are not judged.
#ifndef CTRACE_MODEL_FUTILE_WAKEUPS_H_
#define CTRACE_MODEL_FUTILE_WAKEUPS_H_

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ctrace {

// The wakeups of one waker into sleeps of one process in one call on one resource (the
// call's first argument: an epoll fd, a listening fd, a futex word).
struct WakeupGroup {
  uint32_t process = kNoProcess;  // the woken threads' process
  int32_t syscall = -1;
  int64_t resource = 0;
  uint32_t waker = kNoThread;   // thread index; kNoThread: an interrupt, a timer, untraced
  uint64_t wakeups = 0;         // wakeups out of a sleep in a recorded span of that call
  uint64_t slept_again = 0;     // of which the thread slept again in the same call
  uint64_t returned_empty = 0;  // of which an epoll call returned 0 events (by a traced waker)
  std::vector<uint32_t> woken;  // thread indices, ascending, each once

  uint64_t futile() const { return slept_again + returned_empty; }  // found nothing to do
};

// Groups with at least one wakeup, those with the most futile wakeups (slept_again +
// returned_empty) first, then by wakeups.
std::vector<WakeupGroup> ComputeWakeupGroups(const Model& model);

}  // namespace ctrace

#endif  // CTRACE_MODEL_FUTILE_WAKEUPS_H_
