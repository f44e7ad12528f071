#include "model/futile_wakeups.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "format/syscall_table.h"

namespace ctrace {
namespace {

bool IsEpollWait(int32_t nr) {
  return nr == syscall_nr::kEpollWait || nr == syscall_nr::kEpollPwait ||
         nr == syscall_nr::kEpollPwait2;
}

// The recorded calls of one thread in progress at the times asked for: spans are in entry
// order, and a thread's wakeups, asked for in their order, come at later and later times, so
// a cursor that only moves on finds each one (a binary search per wakeup was most of the
// grouping's time: 17 cache misses deep for a thread with 100k calls).
class CallFinder {
 public:
  explicit CallFinder(const Thread& th) : calls_(th.syscalls) {}
  // The call in progress at `ts`, if any.
  const SyscallSpan* At(uint64_t ts) {
    if (ts < last_ts_) {  // earlier than the last one asked for: from the start again
      next_ = static_cast<size_t>(
          std::upper_bound(calls_.begin(), calls_.end(), ts,
                           [](uint64_t t, const SyscallSpan& s) { return t < s.enter_ns; }) -
          calls_.begin());
    } else {
      while (next_ < calls_.size() && calls_[next_].enter_ns <= ts) ++next_;
    }
    last_ts_ = ts;
    if (next_ == 0) return nullptr;
    const SyscallSpan& s = calls_[next_ - 1];  // the last one entered at or before ts
    return s.exit_ns == 0 || s.exit_ns > ts ? &s : nullptr;
  }

 private:
  const PodVector<SyscallSpan>& calls_;
  size_t next_ = 0;  // the first call entered after last_ts_
  uint64_t last_ts_ = 0;
};

}  // namespace

std::vector<WakeupGroup> ComputeWakeupGroups(const Model& model) {
  std::vector<WakeupGroup> groups;
  absl::flat_hash_map<std::tuple<uint32_t, int32_t, int64_t, uint32_t>, uint32_t> index;
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    if (th.syscalls.empty()) continue;
    CallFinder calls(th);
    for (const WakeFlow& wake : th.wakes) {
      const size_t woken_at = wake.interval;
      if (woken_at == 0 || !IsBlocked(th.intervals[woken_at - 1].state())) continue;
      const uint64_t woken_ns = th.intervals[woken_at].start_ns;
      const SyscallSpan* call = calls.At(th.intervals[woken_at - 1].start_ns);
      if (call == nullptr || call->nr != th.intervals[woken_at - 1].syscall()) continue;
      auto [it, added] =
          index.try_emplace(std::tuple(th.process, call->nr, call->args[0], wake.waker),
                            static_cast<uint32_t>(groups.size()));
      if (added) {
        WakeupGroup& g = groups.emplace_back();
        g.process = th.process;
        g.syscall = call->nr;
        g.resource = call->args[0];
        g.waker = wake.waker;
      }
      WakeupGroup& g = groups[it->second];
      ++g.wakeups;
      if (g.woken.empty() || g.woken.back() != t) g.woken.push_back(t);
      // The thread's next sleep: inside the same call, it was woken for nothing.
      bool again = false;
      for (size_t j = woken_at + 1; j < th.intervals.size(); ++j) {
        const StateInterval& iv = th.intervals[j];
        if (call->exit_ns != 0 && iv.start_ns >= call->exit_ns) break;
        // The same sleep again (a lock taken inside the call, a page fault, are other sleeps).
        if (IsBlocked(iv.state())) {
          again = iv.state() == th.intervals[woken_at - 1].state();
          break;
        }
      }
      if (again) {
        ++g.slept_again;
      } else if (IsEpollWait(call->nr) && call->exit_ns != 0 && call->ret == 0 &&
                 wake.waker != kNoThread && call->exit_ns >= woken_ns) {
        ++g.returned_empty;
      }
    }
  }
  for (WakeupGroup& g : groups) {
    std::sort(g.woken.begin(), g.woken.end());
    g.woken.erase(std::unique(g.woken.begin(), g.woken.end()), g.woken.end());
  }
  std::sort(groups.begin(), groups.end(), [](const WakeupGroup& a, const WakeupGroup& b) {
    const uint64_t fa = a.futile();
    const uint64_t fb = b.futile();
    return std::tie(fb, b.wakeups, a.process, a.syscall, a.resource, a.waker) <
           std::tie(fa, a.wakeups, b.process, b.syscall, b.resource, b.waker);
  });
  return groups;
}

}  // namespace ctrace
