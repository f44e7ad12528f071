#include "viewer/core/histogram.h"

#include <algorithm>
#include <bit>

#include "format/event.h"
#include "format/syscall_table.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"

namespace ctrace::viewer {

int Histogram::BucketOf(uint64_t ns) {
  if (ns < 2) return 0;
  int b = 63 - std::countl_zero(ns);
  return std::min(b, kBuckets - 1);
}

void Histogram::Add(uint64_t ns) {
  ++counts[static_cast<size_t>(BucketOf(ns))];
  ++total;
  sum_ns += ns;
  max_ns = std::max(max_ns, ns);
}

std::string Histogram::BucketLabel(int b) {
  return FormatDurationLabel(static_cast<double>(BucketStart(b)));
}

int Histogram::FirstUsed() const {
  for (int b = 0; b < kBuckets; ++b) {
    if (counts[static_cast<size_t>(b)] != 0) return b;
  }
  return -1;
}

int Histogram::LastUsed() const {
  for (int b = kBuckets - 1; b >= 0; --b) {
    if (counts[static_cast<size_t>(b)] != 0) return b;
  }
  return -1;
}

Histogram RunqueueLatency(const TraceDocument& doc, uint32_t thread) {
  Histogram h;
  const Model& m = doc.model();
  for (uint32_t t = 0; t < m.threads.size(); ++t) {
    if (thread != kNoThread && t != thread) continue;
    const Thread& th = m.threads[t];
    for (size_t i = 0; i + 1 < th.intervals.size(); ++i) {
      if (th.intervals[i].state() == ThreadState::kRunnable &&
          th.intervals[i + 1].state() == ThreadState::kRunning) {
        h.Add(th.intervals[i + 1].start_ns - th.intervals[i].start_ns);
      }
    }
  }
  return h;
}

Histogram EpollWait(const TraceDocument& doc, uint32_t thread) {
  Histogram h;
  const Model& m = doc.model();
  for (uint32_t t = 0; t < m.threads.size(); ++t) {
    if (thread != kNoThread && t != thread) continue;
    for (const SyscallSpan& s : m.threads[t].syscalls) {
      bool epoll = WaitOf(s.nr) == SyscallWait::kEpoll;
      if (epoll && s.exit_ns >= s.enter_ns && s.exit_ns != 0) h.Add(s.exit_ns - s.enter_ns);
    }
  }
  return h;
}

}  // namespace ctrace::viewer
