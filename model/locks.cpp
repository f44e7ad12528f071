#include "model/locks.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace ctrace {
namespace {

// Calls fn(const FutexWait&, const LockWait&) for each futex sleep of thread `t`. The wakes
// are in interval order like the waits, so one pass over both finds each sleep's waker: the
// wakeup that started the interval after it.
template <typename Fn>
void ForEachWait(const Model& model, uint32_t t, Fn&& fn) {
  const Thread& th = model.threads[t];
  size_t w = 0;
  for (const FutexWait& fw : th.futex_waits) {
    const uint32_t next = fw.interval + 1;
    while (w < th.wakes.size() && th.wakes[w].interval < next) ++w;
    const bool woken = w < th.wakes.size() && th.wakes[w].interval == next;
    LockWait wait{t, fw.interval, woken ? th.wakes[w].waker : kNoThread,
                  th.intervals[fw.interval].start_ns, model.IntervalEnd(th, fw.interval)};
    fn(fw, wait);
  }
}

void SortUnique(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  v.shrink_to_fit();  // the repeats were most of it
}

}  // namespace

std::vector<Lock> ComputeLocks(const Model& model) {
  std::vector<Lock> locks;
  absl::flat_hash_map<std::pair<uint32_t, uint64_t>, uint32_t> index;
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    ForEachWait(model, t, [&](const FutexWait& fw, const LockWait& wait) {
      auto [it, added] =
          index.try_emplace(std::pair{th.process, fw.address}, static_cast<uint32_t>(locks.size()));
      if (added) {
        Lock& lock = locks.emplace_back();
        lock.process = th.process;
        lock.pid = th.pid;
        lock.address = fw.address;
      }
      Lock& lock = locks[it->second];
      const uint64_t ns = wait.end_ns - wait.start_ns;
      ++lock.waits;
      lock.wait_ns += ns;
      lock.max_wait_ns = std::max(lock.max_wait_ns, ns);
      // Consecutive waits are mostly the same thread's: skip the obvious repeats before the
      // final sort.
      if (lock.waiters.empty() || lock.waiters.back() != t) lock.waiters.push_back(t);
      if (wait.waker == kNoThread) {
        ++lock.waits_without_waker;
      } else if (lock.wakers.empty() || lock.wakers.back() != wait.waker) {
        lock.wakers.push_back(wait.waker);
      }
    });
  }
  for (uint32_t p = 0; p < model.processes.size(); ++p) {
    for (const AddressName& n : model.processes[p].address_names) {
      auto it = index.find(std::pair{p, n.address});
      if (it == index.end() || locks[it->second].name != 0) continue;  // the first name counts
      locks[it->second].name = n.name;
      locks[it->second].object = n.object;
    }
  }
  for (Lock& lock : locks) {
    SortUnique(lock.waiters);
    SortUnique(lock.wakers);
  }
  std::sort(locks.begin(), locks.end(), [](const Lock& a, const Lock& b) {
    return std::tuple(b.wait_ns, b.waits, a.pid, a.address, a.process) <
           std::tuple(a.wait_ns, a.waits, b.pid, b.address, b.process);
  });
  return locks;
}

std::vector<LockWait> WaitsOn(const Model& model, const Lock& lock) {
  std::vector<LockWait> waits;
  for (uint32_t t : lock.waiters) {
    ForEachWait(model, t, [&](const FutexWait& fw, const LockWait& wait) {
      if (fw.address == lock.address) waits.push_back(wait);
    });
  }
  std::sort(waits.begin(), waits.end(), [](const LockWait& a, const LockWait& b) {
    return std::tie(a.start_ns, a.thread) < std::tie(b.start_ns, b.thread);
  });
  return waits;
}

}  // namespace ctrace
