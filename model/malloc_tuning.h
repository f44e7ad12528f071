// glibc malloc settings for programs that build a model of a big trace (ctrace, ctrace-view).
//
// A 100-million-event model is a few GB held in a few hundred vectors that grow by doubling.
// With glibc's defaults every buffer above its dynamic mmap threshold is a mapping of its
// own, unmapped when the vector outgrows it, so each growth faults in fresh pages the kernel
// must zero: clear_page was 24% of the samples of opening such a trace (perf record, this
// VM). Served from the heap instead, and the heap not trimmed, a freed buffer's pages are
// reused by the next growth without a fault. Measured on the 100M-event trace
// (viewer_benchmark BM_OpenTrace, CTRACE_BENCH_EVENTS=100000000): 15.5 s -> 12.1 s; the
// 10M-event open did not change beyond the noise. Peak memory did not change either: the
// buffers are reused, not kept on top.
#ifndef CTRACE_MODEL_MALLOC_TUNING_H_
#define CTRACE_MODEL_MALLOC_TUNING_H_

#include <malloc.h>

namespace ctrace {

inline void TuneMallocForBigModels() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc accepts
  mallopt(M_TRIM_THRESHOLD, 1 << 30);   // freed memory stays for the next growth
  mallopt(M_TOP_PAD, 64 << 20);         // the heap grows in steps of 64 MB
}

}  // namespace ctrace

#endif  // CTRACE_MODEL_MALLOC_TUNING_H_
