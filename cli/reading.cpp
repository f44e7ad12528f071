#include "cli/reading.h"

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/subcommand.h"
#include "model/load_model.h"

namespace ctrace::cli {

absl::StatusOr<Model> LoadTraceForReading(std::string_view command, const std::string& path,
                                          absl::string_view doing) {
  TimelineBuilderOptions options;
  options.cpu_tiles = true;  // the peaks read the CPU lanes: tiled in passing, not sorted after
  absl::StatusOr<Model> model = LoadModel(path, options);
  if (!model.ok()) {
    std::string message(model.status().message());
    // The reader's messages name the file; make sure every one does.
    if (!absl::StartsWith(message, path)) message = absl::StrCat(path, ": ", message);
    return absl::Status(model.status().code(), message);
  }
  if (model->truncated) {
    Warn(command, absl::StrCat(path, " was cut off (", model->truncation_reason, "); ", doing,
                               " the part that was written"));
  }
  return model;
}

absl::Status WriteStdout(const std::string& text, absl::string_view what) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot write ", what, " to stdout"));
  }
  return absl::OkStatus();
}

}  // namespace ctrace::cli
