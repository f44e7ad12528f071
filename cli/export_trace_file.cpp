// `ctrace export FILE --format perfetto|chrome-json -o OUT`: converts a trace for Perfetto
// UI and chrome://tracing.
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/match.h"  // StrContains
#include "cli/commands.h"
#include "export/export_trace.h"

namespace ctrace::cli {
namespace {

// "--name VALUE" or "--name=VALUE" at args[*i]; advances *i past the value.
std::optional<std::string> OptionValue(const Args& args, size_t* i, std::string_view name,
                                       bool* missing) {
  std::string_view arg = args[*i];
  if (arg == name) {
    if (*i + 1 >= args.size()) {
      *missing = true;
      return std::nullopt;
    }
    return args[++*i];
  }
  if (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=') {
    return std::string(arg.substr(name.size() + 1));
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<int> ExportTraceFile(const Args& args) {
  std::string input;
  std::string output;
  std::optional<std::string> format_name;
  ExportOptions options;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (!options_done && arg.size() > 1 && arg[0] == '-') {
      if (arg == "-h" || arg == "--help") return HelpRequested();
      if (arg == "--") {
        options_done = true;
        continue;
      }
      if (arg == "--partial") {
        options.allow_truncated = true;
        continue;
      }
      bool missing = false;
      if (auto v = OptionValue(args, &i, "--format", &missing)) {
        format_name = *v;
        continue;
      }
      std::optional<std::string> out = OptionValue(args, &i, "-o", &missing);
      if (!out && !missing) out = OptionValue(args, &i, "--output", &missing);
      if (out) {
        output = *out;
        continue;
      }
      if (missing) return UsageError(std::string(arg) + " needs a value");
      return UsageError("unknown option " + std::string(arg));
    }
    if (!input.empty()) return UsageError("one trace file at a time");
    input = arg;
  }
  if (input.empty()) return UsageError("no trace file given");
  if (!format_name) return UsageError("no --format given");
  std::optional<ExportFormat> format = ParseExportFormat(*format_name);
  if (!format) {
    return UsageError("unknown format '" + *format_name + "': use perfetto or chrome-json");
  }
  if (output.empty()) return UsageError("no output file given (-o OUT)");
  options.format = *format;

  absl::StatusOr<ExportResult> result = ExportTrace(input, output, options);
  if (!result.ok()) {
    std::string message(result.status().message());
    // The reader's messages name the file; make sure every one names what it is about.
    if (!absl::StrContains(message, input) && !absl::StrContains(message, output)) {
      message = input + ": " + message;
    }
    return absl::Status(result.status().code(), message);
  }
  if (result->truncated) {
    Warn("export", input + " was cut off (" + result->truncation_reason +
                       "); exported the part that was written");
  }
  return 0;
}

}  // namespace ctrace::cli
