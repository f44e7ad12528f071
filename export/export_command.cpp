#include "export/export_command.h"

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/match.h"  // StrContains
#include "export/export_trace.h"

namespace ctrace {
namespace {

constexpr char kUsageLine[] =
    "usage: ctrace export FILE --format perfetto|chrome-json -o OUT [--partial]";
constexpr char kHelp[] =
    "  Converts a trace for other viewers (see docs/export.md):\n"
    "  --format perfetto     Perfetto's protobuf trace: open it in ui.perfetto.dev\n"
    "  --format chrome-json  the JSON Trace Event Format: ui.perfetto.dev or chrome://tracing\n"
    "  -o, --output OUT      the file to write (written whole or not at all)\n"
    "  --partial             export a trace that was cut off (no trailer) as far as it goes\n";

int UsageError(std::string_view message) {
  std::fprintf(stderr, "ctrace export: %.*s (%s)\n", static_cast<int>(message.size()),
               message.data(), kUsageLine);
  return 2;
}

// "--name VALUE" or "--name=VALUE" at argv[*i]; advances *i past the value.
std::optional<std::string> OptionValue(int argc, char** argv, int* i, std::string_view name,
                                       bool* missing) {
  std::string_view arg = argv[*i];
  if (arg == name) {
    if (*i + 1 >= argc) {
      *missing = true;
      return std::nullopt;
    }
    return std::string(argv[++*i]);
  }
  if (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=') {
    return std::string(arg.substr(name.size() + 1));
  }
  return std::nullopt;
}

}  // namespace

int RunExportCommand(int argc, char** argv) {
  std::string input;
  std::string output;
  std::optional<std::string> format_name;
  ExportOptions options;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!options_done && arg.size() > 1 && arg[0] == '-') {
      if (arg == "-h" || arg == "--help") {
        std::printf("%s\n%s", kUsageLine, kHelp);
        return 0;
      }
      if (arg == "--") {
        options_done = true;
        continue;
      }
      if (arg == "--partial") {
        options.allow_truncated = true;
        continue;
      }
      bool missing = false;
      if (auto v = OptionValue(argc, argv, &i, "--format", &missing)) {
        format_name = *v;
        continue;
      }
      std::optional<std::string> out = OptionValue(argc, argv, &i, "-o", &missing);
      if (!out && !missing) out = OptionValue(argc, argv, &i, "--output", &missing);
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
    std::fprintf(stderr, "ctrace export: %s\n", message.c_str());
    return 1;
  }
  if (result->truncated) {
    std::fprintf(stderr,
                 "ctrace export: warning: %s was cut off (%s); exported the part that "
                 "was written\n",
                 input.c_str(), result->truncation_reason.c_str());
  }
  return 0;
}

}  // namespace ctrace
