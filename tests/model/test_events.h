// Helpers for model tests: a small hand-written trace, building a model, and finding in it.
// The event builders are tests/support/event_builders.h.
#ifndef CTRACE_TESTS_MODEL_TEST_EVENTS_H_
#define CTRACE_TESTS_MODEL_TEST_EVENTS_H_

#include <cstdint>
#include <vector>

#include "format/event.h"
#include "model/model.h"
#include "model/timeline_builder.h"
#include "tests/support/event_builders.h"

namespace ctrace::testing {

// One CPU handing over between two traced threads (100 and 101 of process 100), the idle
// task and an untraced thread (900), until 6000:
// 2000 100 | 3000 101 | 4000 idle | 4500 100 | 5000 other | 5500 100.
inline std::vector<Event> CpuHandOvers() {
  return {Fork(1000, 0, 100, 100, 1, 1),
          Fork(1100, 0, 101, 100, 100, 100),
          Switch(2000, 0, 0, 0, 0, 100, 100),
          Switch(3000, 0, 100, 100, 0, 101, 100, true),
          Switch(4000, 0, 101, 100, kTaskInterruptible, 0, 0),
          Switch(4500, 0, 0, 0, 0, 100, 100),
          Switch(5000, 0, 100, 100, 0, 900, 900, true),
          Switch(5500, 0, 900, 900, kTaskInterruptible, 100, 100)};
}

// Builds a model from events given as one chunk.
inline Model Build(const std::vector<Event>& events, uint64_t end_ns = 0,
                   TimelineBuilderOptions options = {}) {
  TimelineBuilder builder(options);
  builder.Add(events);
  return builder.Finish(end_ns);
}

// The thread that has `tid` at the end of the trace (the last incarnation).
inline const Thread* FindThread(const Model& m, int32_t tid) {
  const Thread* found = nullptr;
  for (const Thread& t : m.threads) {
    if (t.tid == tid) found = &t;
  }
  return found;
}
inline const Process* FindProcess(const Model& m, int32_t pid) {
  const Process* found = nullptr;
  for (const Process& p : m.processes) {
    if (p.pid == pid) found = &p;
  }
  return found;
}

// The states of a thread's intervals, in order.
inline std::vector<ThreadState> States(const Thread& t) {
  std::vector<ThreadState> states;
  for (const StateInterval& s : t.intervals) states.push_back(s.state());
  return states;
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_MODEL_TEST_EVENTS_H_
