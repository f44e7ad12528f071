#include "tests/viewer/synthetic_trace.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "format/trace_writer.h"

namespace ctrace::viewer::testing {

absl::Status WriteSyntheticTrace(const std::string& path, const SyntheticTraceOptions& options) {
  TraceHeader header;
  header.start_monotonic_ns = ctrace::testing::kSyntheticStartNs;
  header.hostname = "synthetic";
  header.kernel_release = "none";
  header.command = {"synthetic", absl::StrCat(options.events, " events")};
  header.cpu_count = static_cast<uint32_t>(options.cpus);
  header.recorder = "ctrace viewer benchmark";
  absl::StatusOr<std::unique_ptr<TraceWriter>> writer = TraceWriter::Create(path, header);
  if (!writer.ok()) return writer.status();
  TraceWriter& w = **writer;
  uint64_t end_ns = 0;
  absl::Status s = ctrace::testing::GenerateSyntheticSchedule(
      options, [&w](const Event& e) { return w.Add(e); },
      [&w](const std::string& name) { return w.InternString(name); }, &end_ns);
  if (!s.ok()) return s;
  TraceTrailer trailer;
  trailer.end_monotonic_ns = end_ns + 1000;
  trailer.lost_per_cpu.assign(static_cast<size_t>(options.cpus), 0);
  trailer.end_reason = "synthetic";
  return w.Finish(trailer);
}

}  // namespace ctrace::viewer::testing
