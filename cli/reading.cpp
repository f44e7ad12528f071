#include "cli/reading.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/subcommand.h"
#include "model/load_model.h"

namespace ctrace::cli {
namespace {

// The progress of a load that takes more than a second, as one line rewritten in place on a
// terminal's stderr (a log would only collect the carriage returns: elsewhere, nothing).
class ProgressLine {
 public:
  ProgressLine(std::string_view command, const std::string& path)
      : command_(command),
        path_(path),
        start_(std::chrono::steady_clock::now()),
        shown_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressLine() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
  }
  void Update(uint64_t read_bytes, uint64_t file_bytes) {
    if (!shown_ || file_bytes == 0) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (seconds < 1.0) return;
    const int percent = static_cast<int>(100.0 * static_cast<double>(read_bytes) / file_bytes);
    if (drawn_ && percent == last_percent_) return;
    std::fprintf(stderr, "\rctrace %.*s: reading %s: %d%% (%.1f s)\033[K",
                 static_cast<int>(command_.size()), command_.data(), path_.c_str(), percent,
                 seconds);
    std::fflush(stderr);
    drawn_ = true;
    last_percent_ = percent;
  }

 private:
  std::string_view command_;
  const std::string& path_;
  std::chrono::steady_clock::time_point start_;
  bool shown_;
  bool drawn_ = false;
  int last_percent_ = -1;
};

}  // namespace

absl::StatusOr<Model> LoadTraceForReading(std::string_view command, const std::string& path,
                                          absl::string_view doing) {
  TimelineBuilderOptions options;
  options.cpu_tiles = true;  // the peaks read the CPU lanes: tiled in passing, not sorted after
  absl::StatusOr<Model> model;
  {
    ProgressLine line(command, path);
    model = LoadModel(path, options,
                      [&line](uint64_t read, uint64_t size) { line.Update(read, size); });
  }
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
