// A small trace spelled out event by event (the golden, sample, forking and task traces the
// report and export tests are made of), and writing one with the real TraceWriter.
#ifndef CTRACE_TESTS_SUPPORT_FIXED_TRACE_H_
#define CTRACE_TESTS_SUPPORT_FIXED_TRACE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "format/event.h"
#include "format/trace_file.h"

namespace ctrace::testing {

struct FixedTrace {
  TraceHeader header;
  std::vector<std::string> strings;  // id = index; strings[0] = ""
  std::vector<Event> events;         // in time order
  TraceTrailer trailer;
};

// Writes `trace` with TraceWriter, interning strings[id] as id: `chunk_events` per chunk
// (several chunks make truncation tests possible); without `finish` no trailer is written
// (a recording cut off after its last chunk).
absl::Status WriteFixedTrace(const FixedTrace& trace, const std::string& path,
                             uint32_t chunk_events = 65536, bool finish = true);

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_FIXED_TRACE_H_
