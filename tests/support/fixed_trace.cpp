#include "tests/support/fixed_trace.h"

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "format/trace_writer.h"

namespace ctrace::testing {

absl::Status WriteFixedTrace(const FixedTrace& trace, const std::string& path,
                             uint32_t chunk_events, bool finish) {
  TraceWriterOptions options;
  options.max_events_per_chunk = chunk_events;
  absl::StatusOr<std::unique_ptr<TraceWriter>> writer =
      TraceWriter::Create(path, trace.header, options);
  if (!writer.ok()) return writer.status();
  for (uint32_t id = 1; id < trace.strings.size(); ++id) {
    uint32_t got = (*writer)->InternString(trace.strings[id]);
    if (got != id) return absl::InternalError(absl::StrCat("string id ", got, " != ", id));
  }
  for (const Event& e : trace.events) {
    if (absl::Status st = (*writer)->Add(e); !st.ok()) return st;
  }
  if (!finish) return (*writer)->Flush();
  return (*writer)->Finish(trace.trailer);
}

}  // namespace ctrace::testing
