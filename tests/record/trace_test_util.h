// Small helpers the recorder's integration tests share: temporary directories and queries
// over a recorded trace's events.
#ifndef CTRACE_TESTS_RECORD_TRACE_TEST_UTIL_H_
#define CTRACE_TESTS_RECORD_TRACE_TEST_UTIL_H_

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "format/event.h"
#include "format/trace_reader.h"

namespace ctrace::testing {

// A fresh directory under /tmp, removed with everything in it at the end of the test. Mode
// 0755 so a program running as another user (the sudo tests) can reach files in it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/ctrace-test-XXXXXX";
    path_ = mkdtemp(tmpl);
    std::filesystem::permissions(path_, std::filesystem::perms(0755));
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

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

#endif  // CTRACE_TESTS_RECORD_TRACE_TEST_UTIL_H_
