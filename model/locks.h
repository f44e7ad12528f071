// Lock contention by address: every futex sleep of the trace grouped by the futex word it
// slept on, with the threads that slept there and the threads whose wakeups ended the sleeps
// (for a lock, its releasers; for a condition variable, its signallers).
//
// Only contended operations enter the kernel, so every futex sleep is a wait someone else
// caused. A futex word is a lock, a condition variable, a semaphore or a thread join; the
// model cannot tell which, and calls them all locks.
#ifndef CTRACE_MODEL_LOCKS_H_
#define CTRACE_MODEL_LOCKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace ctrace {

// One futex sleep of one thread.
struct LockWait {
  uint32_t thread;    // thread index
  uint32_t interval;  // its blocked interval
  uint32_t waker;     // thread index of the traced waker, or kNoThread
  uint64_t start_ns;
  uint64_t end_ns;  // the wakeup, or whatever ended the sleep (exit, the end of the trace)
};

struct Lock {
  uint32_t process = kNoProcess;  // index into Model::processes: one address per process
  int32_t pid = 0;
  uint64_t address = 0;  // the futex word's user address in that process
  // The global variable at that address, when the recorder could name it (string ids; 0 =
  // not named: a heap or stack address, or a trace older than format version 3).
  uint32_t name = 0;
  uint32_t object = 0;  // the ELF file that defines it
  uint64_t waits = 0;
  uint64_t wait_ns = 0;  // time asleep, summed over the waits
  uint64_t max_wait_ns = 0;
  // Waits that no traced thread ended: a timeout, a signal, a wakeup from an interrupt or an
  // untraced thread, or still asleep when the trace ended.
  uint64_t waits_without_waker = 0;
  std::vector<uint32_t> waiters;  // thread indices, ascending, each once
  std::vector<uint32_t> wakers;   // thread indices, ascending, each once
};

// Every futex address slept on, the most contended first: by total wait time, then by
// number of waits, then by pid and address. Needs wait arguments (format version 2): a
// version 1 trace has none, and gives no locks.
std::vector<Lock> ComputeLocks(const Model& model);

// What the lock is called: its global variable ("g_queue_lock", "table+0x40"), or "" when
// the recorder could not name it.
inline std::string_view LockName(const Model& model, const Lock& lock) {
  return model.String(lock.name);
}

// The sleeps on `lock`, in time order.
std::vector<LockWait> WaitsOn(const Model& model, const Lock& lock);

}  // namespace ctrace

#endif  // CTRACE_MODEL_LOCKS_H_
