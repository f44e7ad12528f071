// Log-scale histograms of durations: run-queue latency (runnable -> running) and epoll_wait
// time (entry -> return), for the whole trace or one thread.
#ifndef CTRACE_VIEWER_CORE_HISTOGRAM_H_
#define CTRACE_VIEWER_CORE_HISTOGRAM_H_

#include <array>
#include <cstdint>
#include <string>

#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

// Bucket b holds durations in [2^b, 2^(b+1)) ns; bucket 0 also holds 0.
struct Histogram {
  static constexpr int kBuckets = 40;  // up to 2^40 ns, about 18 minutes; longer go last
  std::array<uint64_t, kBuckets> counts{};
  uint64_t total = 0;
  uint64_t sum_ns = 0;
  uint64_t max_ns = 0;

  void Add(uint64_t ns);
  static int BucketOf(uint64_t ns);
  // Lower bound of bucket b in ns.
  static uint64_t BucketStart(int b) { return b == 0 ? 0 : uint64_t{1} << b; }
  // "1.02 us" style label of bucket b's lower bound.
  static std::string BucketLabel(int b);
  // First and last non-empty buckets (-1 when empty).
  int FirstUsed() const;
  int LastUsed() const;
};

// Every runnable interval that ended by running: its length. `thread` == kNoThread: all.
Histogram RunqueueLatency(const TraceDocument& doc, uint32_t thread = kNoThread);
// Every completed epoll_wait/epoll_pwait/epoll_pwait2 call: entry to return.
Histogram EpollWait(const TraceDocument& doc, uint32_t thread = kNoThread);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_HISTOGRAM_H_
