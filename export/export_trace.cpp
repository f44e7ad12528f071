#include "export/export_trace.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "export/export_sink.h"
#include "export/output_file.h"
#include "export/timeline_stream.h"
#include "format/trace_reader.h"
#include "model/event_order.h"

namespace ctrace {

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "perfetto") return ExportFormat::kPerfetto;
  if (name == "chrome-json") return ExportFormat::kChromeJson;
  return std::nullopt;
}

absl::StatusOr<ExportResult> ExportTrace(const std::string& input, const std::string& output,
                                         const ExportOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<TraceReader> reader, TraceReader::Open(input));
  ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out, OutputFile::Create(output));

  TimelineStream stream;
  ExportContext ctx{out.get(), reader.get(), &stream, input};
  std::unique_ptr<ExportSink> sink =
      options.format == ExportFormat::kPerfetto ? MakePerfettoSink(ctx) : MakeChromeJsonSink(ctx);
  stream.set_sink(sink.get());
  sink->Begin();

  EventOrder order(options.reorder_window_ns);
  auto apply = [&stream](const Event& e) { stream.Apply(e); };
  std::vector<Event> chunk;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, reader->NextChunk(&chunk));
    if (!more) break;
    order.Add(chunk, apply);
    RETURN_IF_ERROR(out->status());
  }
  order.Finish(apply);

  const TraceReader& r = *reader;
  ExportResult result;
  result.events = stream.stats().events;
  result.truncated = r.truncated();
  result.truncation_reason = r.truncation_reason();
  if (r.truncated() && !options.allow_truncated) {
    return absl::DataLossError(absl::StrCat(input, " was cut off (", r.truncation_reason(),
                                            "); --partial exports the part that was written"));
  }
  // The end of the trace as the model has it (LoadModel): the trailer's end, else the last
  // event, and never before the recording started.
  uint64_t end_ns = std::max({r.trailer() ? r.trailer()->end_monotonic_ns : 0, stream.now_ns(),
                              r.header().start_monotonic_ns});
  stream.Finish(end_ns);

  ExportSummary summary;
  summary.events = result.events;
  summary.lost_events = stream.stats().lost_events;
  summary.end_ns = end_ns;
  summary.truncated = r.truncated();
  sink->End(summary);
  result.output_bytes = out->size();
  RETURN_IF_ERROR(out->Commit());
  return result;
}

}  // namespace ctrace
