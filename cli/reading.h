// What the commands that read traces (report, compare) share: loading a model with the
// file named in every error and a warning for a cut-off trace, and writing the result.
#ifndef CTRACE_CLI_READING_H_
#define CTRACE_CLI_READING_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "model/model.h"

namespace ctrace::cli {

// Loads `path` (with the CPU tiles the peaks read). A trace cut off after a whole chunk loads,
// with "ctrace COMMAND: warning: PATH was cut off (WHY); DOING the part that was written".
absl::StatusOr<Model> LoadTraceForReading(std::string_view command, const std::string& path,
                                          absl::string_view doing);

// Writes `text` to stdout; fails with "cannot write WHAT to stdout".
absl::Status WriteStdout(const std::string& text, absl::string_view what);

}  // namespace ctrace::cli

#endif  // CTRACE_CLI_READING_H_
