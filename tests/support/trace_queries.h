// Queries over a recorded trace's events, for the tests that record traces
// (and TempDir, which they use with them).
#ifndef CTRACE_TESTS_SUPPORT_TRACE_QUERIES_H_
#define CTRACE_TESTS_SUPPORT_TRACE_QUERIES_H_

#include <functional>
#include <string>
#include <vector>

#include "format/event.h"
#include "format/trace_reader.h"
#include "tests/support/temp_dir.h"  // TempDir, which the tests use with these

namespace ctrace::testing {

inline std::vector<Event> EventsWhere(const TraceContents& trace,
                                      const std::function<bool(const Event&)>& pred) {
  std::vector<Event> out;
  for (const Event& e : trace.events) {
    if (pred(e)) out.push_back(e);
  }
  return out;
}

inline std::vector<Event> EventsOfKind(const TraceContents& trace, EventKind kind) {
  return EventsWhere(trace, [kind](const Event& e) { return e.kind == kind; });
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_TRACE_QUERIES_H_
