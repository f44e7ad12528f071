#include "viewer/core/interval_details.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "format/syscall_table.h"

namespace ctrace::viewer {

std::optional<WakeInfo> WakeStarting(const TraceDocument& doc, uint32_t t, size_t interval) {
  const Model& m = doc.model();
  if (t >= m.threads.size()) return std::nullopt;
  const Thread& th = m.threads[t];
  // Wakes are in interval order.
  auto it = std::lower_bound(th.wakes.begin(), th.wakes.end(), interval,
                             [](const WakeFlow& w, size_t i) { return w.interval < i; });
  if (it == th.wakes.end() || it->interval != interval || interval >= th.intervals.size()) {
    return std::nullopt;
  }
  WakeInfo w;
  w.ts_ns = th.intervals[interval].start_ns;
  w.waker = it->waker;
  w.runnable_interval = static_cast<uint32_t>(interval);
  w.ran = interval + 1 < th.intervals.size() &&
          th.intervals[interval + 1].state() == ThreadState::kRunning;
  w.runqueue_ns = w.ran ? m.IntervalEnd(th, interval) - w.ts_ns : 0;
  return w;
}

const SyscallSpan* SyscallAt(const TraceDocument& doc, uint32_t t, uint64_t ts) {
  const Model& m = doc.model();
  if (t >= m.threads.size()) return nullptr;
  const PodVector<SyscallSpan>& spans = m.threads[t].syscalls;
  auto it = std::upper_bound(spans.begin(), spans.end(), ts,
                             [](uint64_t v, const SyscallSpan& s) { return v < s.enter_ns; });
  if (it == spans.begin()) return nullptr;
  const SyscallSpan& s = *(it - 1);
  if (s.exit_ns != 0 && ts >= s.exit_ns) return nullptr;
  return &s;
}

std::string IntervalLabel(const StateInterval& iv) {
  const ThreadState s = iv.state();
  if (s == ThreadState::kRunning) return "cpu " + std::to_string(iv.cpu());
  if (IsBlocked(s)) {
    std::string_view name = SyscallName(iv.syscall());
    if (!name.empty()) return std::string(name);
  }
  return std::string(ThreadStateName(s));
}

IntervalDetails DescribeInterval(const TraceDocument& doc, uint32_t t, size_t interval) {
  const Model& m = doc.model();
  const Thread& th = m.threads[t];
  const StateInterval& iv = th.intervals[interval];
  IntervalDetails d;
  d.thread = t;
  d.interval = interval;
  d.state = iv.state();
  d.start_ns = iv.start_ns;
  d.end_ns = m.IntervalEnd(th, interval);
  d.cpu = iv.cpu();
  d.syscall = IsBlocked(d.state) ? iv.syscall() : -1;
  d.span = SyscallAt(doc, t, iv.start_ns);
  if (d.state == ThreadState::kRunnable) {
    d.wake = WakeStarting(doc, t, interval);
  } else if (IsBlocked(d.state)) {
    d.wake = WakeStarting(doc, t, interval + 1);
  } else if (d.state == ThreadState::kRunning && interval > 0) {
    d.wake = WakeStarting(doc, t, interval - 1);
  }
  return d;
}

std::vector<Flow> WakesGivenBy(const TraceDocument& doc, uint32_t t) {
  std::vector<Flow> out;
  const Model& m = doc.model();
  for (uint32_t w = 0; w < m.threads.size(); ++w) {
    const Thread& th = m.threads[w];
    for (const WakeFlow& f : th.wakes) {
      if (f.waker == t) out.push_back({th.intervals[f.interval].start_ns, t, w, FlowKind::kWake});
    }
  }
  std::sort(out.begin(), out.end(), [](const Flow& a, const Flow& b) { return a.ts_ns < b.ts_ns; });
  return out;
}

std::vector<Flow> WakesReceivedBy(const TraceDocument& doc, uint32_t t) {
  std::vector<Flow> out;
  const Model& m = doc.model();
  if (t >= m.threads.size()) return out;
  const Thread& th = m.threads[t];
  out.reserve(th.wakes.size());
  for (const WakeFlow& f : th.wakes) {
    out.push_back({th.intervals[f.interval].start_ns, f.waker, t, FlowKind::kWake});
  }
  return out;
}

}  // namespace ctrace::viewer
