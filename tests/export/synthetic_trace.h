// A synthetic scheduler trace of any length, generated deterministically from a seed: a few
// processes whose threads wake each other, sleep in futex, read or epoll_wait (with syscall
// spans), get preempted by each other and by an untraced thread, create threads with clone3
// and exit, on 2 CPUs. For export tests (the stream against the model) and the export
// benchmark (10 million events written with TraceWriter).
#ifndef CTRACE_TESTS_EXPORT_SYNTHETIC_TRACE_H_
#define CTRACE_TESTS_EXPORT_SYNTHETIC_TRACE_H_

#include <cstdint>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "format/event.h"
#include "format/trace_file.h"

namespace ctrace::testing {

class SyntheticTrace {
 public:
  explicit SyntheticTrace(uint64_t seed = 1);

  // Names the trace uses, by string id (index); names[0] is "".
  static const std::vector<std::string>& Strings();
  static TraceHeader Header();

  // Appends the next few events (one scheduling step) to `out`, in time order.
  void Step(std::vector<Event>* out);
  // At least `n` events, in time order.
  std::vector<Event> Take(size_t n);
  uint64_t now_ns() const { return ts_; }

 private:
  struct SimThread {
    int32_t tid;
    int32_t pid;
    enum { kBlocked, kQueued, kOnCpu, kDead } state;
    bool in_epoll;
  };
  Event Make(EventKind kind, uint16_t cpu, const SimThread& t);
  void Start(std::vector<Event>* out);
  void SwitchTo(uint16_t cpu, int prev, uint32_t prev_state, bool preempt, int32_t syscall,
                std::vector<Event>* out);
  void Wake(uint16_t cpu, int waker, int wakee, std::vector<Event>* out);
  void Create(uint16_t cpu, int creator, std::vector<Event>* out);
  int PickBlocked();

  static constexpr int kCpus = 2;
  std::mt19937_64 rng_;
  uint64_t ts_ = 5'000'000'000;
  bool started_ = false;
  int32_t next_tid_ = 2000;
  std::vector<SimThread> threads_;
  int current_[kCpus] = {-1, -1};
  std::deque<int> queue_[kCpus];
};

// Writes a trace of at least `events` events with TraceWriter.
absl::Status WriteSyntheticTrace(const std::string& path, uint64_t events, uint64_t seed = 1);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_EXPORT_SYNTHETIC_TRACE_H_
