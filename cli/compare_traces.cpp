// `ctrace compare FILE[=N] FILE[=N] [...]`: traces side by side, each against the first.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "cli/commands.h"
#include "cli/reading.h"
#include "report/compare_content.h"
#include "report/compare_json.h"
#include "report/compare_text.h"

namespace ctrace::cli {
namespace {

std::optional<uint64_t> ParseCount(absl::string_view text) {
  uint64_t n;
  if (text.empty() || !std::all_of(text.begin(), text.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(text, &n) || n == 0) {
    return std::nullopt;
  }
  return n;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

struct TraceArg {
  std::string path;
  std::optional<uint64_t> requests;
};

// "FILE=N" names FILE with N requests, unless a file is named that whole thing.
TraceArg ParseTraceArg(absl::string_view arg) {
  size_t eq = arg.rfind('=');
  if (eq != absl::string_view::npos && eq > 0 && !Exists(std::string(arg))) {
    if (std::optional<uint64_t> n = ParseCount(arg.substr(eq + 1))) {
      return {std::string(arg.substr(0, eq)), n};
    }
  }
  return {std::string(arg), std::nullopt};
}

}  // namespace

absl::StatusOr<int> CompareTraces(const Args& args) {
  std::vector<TraceArg> traces;
  std::optional<uint64_t> requests_for_all;
  bool json = false;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (!options_done && (arg == "-h" || arg == "--help")) return HelpRequested();
    if (!options_done && arg == "--json") {
      json = true;
    } else if (!options_done && (arg == "--requests" || absl::StartsWith(arg, "--requests="))) {
      absl::string_view value;
      if (arg == "--requests") {
        if (i + 1 >= args.size()) return UsageError("--requests needs a count");
        value = args[++i];
      } else {
        value = arg.substr(arg.find('=') + 1);
      }
      requests_for_all = ParseCount(value);
      if (!requests_for_all) {
        return UsageError(absl::StrCat("--requests needs a positive count, not '", value, "'"));
      }
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return UsageError(absl::StrCat("unknown option ", arg));
    } else {
      traces.push_back(ParseTraceArg(arg));
    }
  }
  if (traces.size() < 2) return UsageError("give at least two trace files");

  std::vector<CompareInput> inputs;
  for (TraceArg& t : traces) {
    ASSIGN_OR_RETURN(Model model, LoadTraceForReading("compare", t.path, "comparing"));
    inputs.push_back({t.path, std::move(model), t.requests ? t.requests : requests_for_all});
  }
  CompareContent content = MakeCompareContent(std::move(inputs));
  RETURN_IF_ERROR(WriteStdout(json ? RenderJsonCompare(content) : RenderTextCompare(content),
                              "the comparison"));
  return 0;
}

}  // namespace ctrace::cli
