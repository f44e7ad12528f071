#include "model/critical_path.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"

namespace ctrace {
namespace {

// One thread being followed: its activity over [lo, hi] explains that much of the range.
// `next` is the interval that covers the instant just before hi, once found.
struct Frame {
  uint32_t thread;
  uint64_t lo;
  uint64_t hi;
  uint32_t depth;
  size_t next = SIZE_MAX;
};

// The interval of `th` covering the instant just before `hi`, or SIZE_MAX if it starts later.
size_t IntervalBefore(const Thread& th, uint64_t hi) {
  auto it = std::lower_bound(th.intervals.begin(), th.intervals.end(), hi,
                             [](const StateInterval& iv, uint64_t t) { return iv.start_ns < t; });
  if (it == th.intervals.begin()) return SIZE_MAX;
  return static_cast<size_t>(it - th.intervals.begin()) - 1;
}

// The wakeup that started interval `i` of `th`, if any.
const WakeFlow* WakeStarting(const Thread& th, size_t i) {
  auto it = std::lower_bound(th.wakes.begin(), th.wakes.end(), i,
                             [](const WakeFlow& w, size_t at) { return w.interval < at; });
  return it != th.wakes.end() && it->interval == i ? &*it : nullptr;
}

}  // namespace

std::string_view PathGapName(PathGap g) {
  switch (g) {
    case PathGap::kNone:
      return "";
    case PathGap::kNoTracedWaker:
      return "no_traced_waker";
    case PathGap::kNotWoken:
      return "not_woken";
    case PathGap::kCycle:
      return "cycle";
    case PathGap::kUnknownState:
      return "unknown_state";
  }
  return "";
}

CriticalPath ComputeCriticalPath(const Model& model, uint32_t thread, uint64_t from_ns,
                                 uint64_t to_ns) {
  CriticalPath path;
  path.thread = thread;
  path.start_ns = std::max(from_ns, model.start_ns);
  path.end_ns = std::min(to_ns, model.end_ns);
  if (thread >= model.threads.size() || path.end_ns <= path.start_ns) {
    path.end_ns = std::max(path.end_ns, path.start_ns);
    return path;
  }

  // Segments come out last first; reversed at the end.
  std::vector<PathSegment>& out = path.segments;
  auto emit = [&](const Frame& f, uint64_t start, ThreadState state, int32_t syscall, uint16_t cpu,
                  PathGap gap) {
    out.push_back({f.thread, start, f.hi, state, syscall, cpu, f.depth, gap});
  };
  std::vector<Frame> stack = {{thread, path.start_ns, path.end_ns, 0}};
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.hi <= f.lo) {
      stack.pop_back();
      continue;
    }
    const Thread& th = model.threads[f.thread];
    size_t i = f.next;
    if (i == SIZE_MAX || th.intervals[i].start_ns >= f.hi) i = IntervalBefore(th, f.hi);
    if (i == SIZE_MAX) {
      // Before the thread existed: whoever was waiting for it waited for its creator to
      // create it.
      const uint32_t creator = th.created_by;
      if (creator != kNoThread && std::none_of(stack.begin(), stack.end(), [&](const Frame& g) {
            return g.thread == creator;
          })) {
        f = {creator, f.lo, f.hi, f.depth + 1};
        continue;
      }
      emit(f, f.lo, ThreadState::kUnknown, -1, 0, PathGap::kUnknownState);
      stack.pop_back();
      continue;
    }
    const StateInterval& iv = th.intervals[i];
    const uint64_t start = std::max(uint64_t{iv.start_ns}, f.lo);
    f.next = i == 0 ? SIZE_MAX : i - 1;
    const ThreadState state = iv.state();
    if (state == ThreadState::kRunning || state == ThreadState::kRunnable) {
      emit(f, start, state, -1, iv.cpu(), PathGap::kNone);
    } else if (!IsBlocked(state)) {  // unknown, or exited
      emit(f, start, state, -1, iv.cpu(), PathGap::kUnknownState);
    } else {
      const WakeFlow* wake = i + 1 < th.intervals.size() ? WakeStarting(th, i + 1) : nullptr;
      PathGap gap = PathGap::kNone;
      if (wake == nullptr) {
        gap = PathGap::kNotWoken;
      } else if (wake->waker == kNoThread) {
        gap = PathGap::kNoTracedWaker;
      } else if (std::any_of(stack.begin(), stack.end(),
                             [&](const Frame& g) { return g.thread == wake->waker; })) {
        gap = PathGap::kCycle;
      }
      if (gap != PathGap::kNone) {
        emit(f, start, state, iv.syscall(), iv.cpu(), gap);
      } else {
        // The waker's activity until the wakeup is what this sleep waited for. (The
        // wakeup is at the interval's end, at or after hi.)
        const Frame waker{wake->waker, start, f.hi, f.depth + 1};
        f.hi = start;
        stack.push_back(waker);  // invalidates f
        continue;
      }
    }
    f.hi = start;
  }
  std::reverse(out.begin(), out.end());

  absl::flat_hash_map<uint32_t, uint64_t> running_by_thread;
  for (const PathSegment& s : out) {
    const uint64_t ns = s.end_ns - s.start_ns;
    if (s.gap != PathGap::kNone) {
      path.unexplained_ns += ns;
      path.unexplained_by_gap[static_cast<size_t>(s.gap)] += ns;
    } else if (s.state == ThreadState::kRunnable) {
      path.waiting_for_cpu_ns += ns;
    } else if (s.thread == thread) {
      path.own_running_ns += ns;
    } else {
      running_by_thread[s.thread] += ns;
    }
  }
  for (const auto& [t, ns] : running_by_thread) path.by_thread.push_back({t, ns});
  std::sort(path.by_thread.begin(), path.by_thread.end(),
            [](const PathThreadTime& a, const PathThreadTime& b) {
              return a.ns != b.ns ? a.ns > b.ns : a.thread < b.thread;
            });
  return path;
}

std::vector<PathThreadTime> CpuHolders(const CriticalPath& path,
                                       const std::vector<std::vector<LaneSegment>>& lanes) {
  absl::flat_hash_map<uint32_t, uint64_t> held;
  for (const PathSegment& s : path.segments) {
    if (s.state != ThreadState::kRunnable || s.cpu >= lanes.size()) continue;
    const std::vector<LaneSegment>& lane = lanes[s.cpu];
    // The first lane segment ending after the runnable segment starts.
    auto it = std::upper_bound(lane.begin(), lane.end(), s.start_ns,
                               [](uint64_t t, const LaneSegment& l) { return t < l.end_ns; });
    for (; it != lane.end() && it->start_ns < s.end_ns; ++it) {
      const uint64_t from = std::max(it->start_ns, s.start_ns);
      const uint64_t to = std::min(it->end_ns, s.end_ns);
      if (to > from && it->thread != s.thread && it->thread != kLaneNone) {
        held[it->thread] += to - from;
      }
    }
  }
  std::vector<PathThreadTime> holders;
  for (const auto& [t, ns] : held) holders.push_back({t, ns});
  std::sort(holders.begin(), holders.end(), [](const PathThreadTime& a, const PathThreadTime& b) {
    return a.ns != b.ns ? a.ns > b.ns : a.thread < b.thread;
  });
  return holders;
}

}  // namespace ctrace
