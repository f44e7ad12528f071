// Command-line options of `ctrace run` and `ctrace record`. Parsing is by hand because
// `run` must pass everything after the program name to the program untouched.
#ifndef CTRACE_COLLECTOR_OPTIONS_H_
#define CTRACE_COLLECTOR_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "collector/probes.h"

namespace ctrace {

struct RunOptions {
  std::string output;  // empty: <program>-<timestamp>.ctrace
  ProbeOptions probes;
  std::vector<std::string> command;  // program and its arguments
};

struct RecordOptions {
  std::string output;  // empty: <comm>-<pid>-<timestamp>.ctrace
  ProbeOptions probes;
  int32_t pid = 0;
  std::optional<absl::Duration> duration;
};

// `args` are the words after the subcommand. Errors are InvalidArgument with a message that
// fits on one line after "ctrace run: ".
absl::StatusOr<RunOptions> ParseRunOptions(const std::vector<std::string>& args);
absl::StatusOr<RecordOptions> ParseRecordOptions(const std::vector<std::string>& args);

// "16M", "64MiB", "1G", "65536": a power of two of at least 4 KiB.
absl::StatusOr<uint64_t> ParseBufferSize(const std::string& text);

// <name>-YYYYMMDD-HHMMSS.ctrace in the current directory.
std::string DefaultTraceName(const std::string& name);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_OPTIONS_H_
