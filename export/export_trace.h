// Exports a trace file to Perfetto's protobuf format or Chrome's JSON Trace Event Format,
// streaming: the trace is read chunk by chunk, put in time order (model/event_order.h),
// run through the timeline (export/timeline_stream.h) and written as it goes, so memory
// is per thread and per CPU, not per event. See docs/export.md.
#ifndef CTRACE_EXPORT_EXPORT_TRACE_H_
#define CTRACE_EXPORT_EXPORT_TRACE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "model/timeline_builder.h"

namespace ctrace {

enum class ExportFormat { kPerfetto, kChromeJson };

// "perfetto" or "chrome-json".
std::optional<ExportFormat> ParseExportFormat(std::string_view name);

struct ExportOptions {
  ExportFormat format = ExportFormat::kPerfetto;
  // A trace cut off after its last whole chunk (no trailer) is exported only if set.
  bool allow_truncated = false;
  // Same reorder window as the model, so the export and the model see the same order.
  uint64_t reorder_window_ns = TimelineBuilderOptions{}.reorder_window_ns;
};

struct ExportResult {
  uint64_t events = 0;        // events read
  uint64_t output_bytes = 0;  // size of the file written
  bool truncated = false;     // exported a trace that was cut off (allow_truncated)
  std::string truncation_reason;
};

// Writes `output` (through output.tmp, renamed when complete: on any error nothing is left
// at `output`). Errors name the file they are about.
absl::StatusOr<ExportResult> ExportTrace(const std::string& input, const std::string& output,
                                         const ExportOptions& options);

}  // namespace ctrace

#endif  // CTRACE_EXPORT_EXPORT_TRACE_H_
