// An export format: a TimelineSink that writes what it is told to an output file, with a
// beginning and an end. ExportTrace (export/export_trace.h) drives it.
#ifndef CTRACE_EXPORT_EXPORT_SINK_H_
#define CTRACE_EXPORT_EXPORT_SINK_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "export/output_file.h"
#include "export/timeline_stream.h"
#include "format/trace_reader.h"
#include "model/task.h"

namespace ctrace {

// What a sink reads from and writes to. All outlive the sink.
struct ExportContext {
  OutputFile* out;
  const TraceReader* reader;  // the header and the string table
  TimelineStream* stream;     // identity: threads, processes, open syscalls
  std::string input_path;
};

// How the trace ended, for the sink's closing part.
struct ExportSummary {
  uint64_t events = 0;
  uint64_t lost_events = 0;
  uint64_t end_ns = 0;
  bool truncated = false;
};

class ExportSink : public TimelineSink {
 public:
  explicit ExportSink(const ExportContext& ctx) : ctx_(ctx) {}
  // Writes what comes before the first event.
  virtual void Begin() {}
  // Writes what comes after the last (the timeline has been finished).
  virtual void End(const ExportSummary& /*summary*/) {}

 protected:
  std::string_view String(uint32_t id) const { return ctx_.reader->String(id); }
  const Thread& ThreadAt(uint32_t t) const { return ctx_.stream->model().threads[t]; }
  const Process& ProcessAt(uint32_t p) const { return ctx_.stream->model().processes[p]; }
  const Task& TaskAt(uint32_t t) const { return ctx_.stream->model().tasks[t]; }

  ExportContext ctx_;
};

// How both formats label a task: "<kind> <id>: <name>" ("task 7: connection"), or
// "<kind> <id>" when it has no name.
std::string TaskLabel(const Task& task, std::string_view name);
// How a run ended, as both formats spell it ("suspended", "replaced", ...).
std::string_view TaskRunEndName(TaskRunEnd end);

// Perfetto's protobuf trace (export/perfetto_sink.cpp).
std::unique_ptr<ExportSink> MakePerfettoSink(const ExportContext& ctx);
// Chrome's JSON Trace Event Format (export/chrome_json_sink.cpp).
std::unique_ptr<ExportSink> MakeChromeJsonSink(const ExportContext& ctx);

}  // namespace ctrace

#endif  // CTRACE_EXPORT_EXPORT_SINK_H_
