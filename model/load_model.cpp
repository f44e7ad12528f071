#include "model/load_model.h"

#include <memory>
#include <vector>

#include "format/trace_reader.h"

namespace ctrace {

absl::StatusOr<Model> LoadModel(const std::string& path, TimelineBuilderOptions options) {
  absl::StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open(path);
  if (!reader.ok()) return reader.status();
  TimelineBuilder builder(options);
  std::vector<Event> chunk;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->NextChunk(&chunk);
    if (!more.ok()) return more.status();
    if (!*more) break;
    builder.Add(chunk);
  }
  const TraceReader& r = **reader;
  Model model = builder.Finish(r.trailer() ? r.trailer()->end_monotonic_ns : 0);
  model.header = r.header();
  model.trailer = r.trailer();
  model.truncated = r.truncated();
  model.truncation_reason = r.truncation_reason();
  if (r.header().start_monotonic_ns != 0) {
    model.start_ns = std::min(model.start_ns, r.header().start_monotonic_ns);
    if (model.stats.events == 0) model.start_ns = r.header().start_monotonic_ns;
    model.end_ns = std::max(model.end_ns, model.start_ns);
  }
  model.strings.reserve(r.string_count());
  for (uint32_t id = 0; id < r.string_count(); ++id) model.strings.emplace_back(r.String(id));
  return model;
}

}  // namespace ctrace
