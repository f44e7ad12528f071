#include "report/compare_command.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "model/load_model.h"
#include "report/compare_content.h"
#include "report/compare_json.h"
#include "report/compare_text.h"

namespace ctrace {
namespace {

constexpr char kUsage[] =
    "usage: ctrace compare FILE[=REQUESTS] FILE[=REQUESTS] [...] [--requests N] [--json]\n"
    "  Compares traces side by side: one column per trace, one row per metric (wall and CPU\n"
    "  time, processes and threads created, switches, migrations, run-queue latency, time\n"
    "  blocked by reason, epoll, creation latency), each against the first trace.\n"
    "  A trace does not record how many requests a program served; give the count to get\n"
    "  per-request rows:\n"
    "  FILE=N          this trace served N requests\n"
    "  --requests N    every trace without its own =N served N requests\n"
    "  --json          one JSON document instead of text (fields: docs/report-json.md)\n";

int UsageError(absl::string_view message) {
  std::fprintf(stderr, "ctrace compare: %.*s\n%s", static_cast<int>(message.size()), message.data(),
               kUsage);
  return 2;
}

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

int RunCompareCommand(int argc, char** argv) {
  std::vector<TraceArg> traces;
  std::optional<uint64_t> requests_for_all;
  bool json = false;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (!options_done && arg == "--json") {
      json = true;
    } else if (!options_done && (arg == "--requests" || absl::StartsWith(arg, "--requests="))) {
      absl::string_view value;
      if (arg == "--requests") {
        if (i + 1 >= argc) return UsageError("--requests needs a count");
        value = argv[++i];
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
    TimelineBuilderOptions options;
    options.cpu_tiles = true;  // as for ctrace report
    absl::StatusOr<Model> model = LoadModel(t.path, options);
    if (!model.ok()) {
      std::string message(model.status().message());
      // The reader's messages name the file; make sure every one does.
      if (!absl::StartsWith(message, t.path)) message = absl::StrCat(t.path, ": ", message);
      std::fprintf(stderr, "ctrace compare: %s\n", message.c_str());
      return 1;
    }
    if (model->truncated) {
      std::fprintf(stderr,
                   "ctrace compare: warning: %s was cut off (%s); comparing the part that was "
                   "written\n",
                   t.path.c_str(), model->truncation_reason.c_str());
    }
    inputs.push_back({t.path, *std::move(model), t.requests ? t.requests : requests_for_all});
  }
  CompareContent content = MakeCompareContent(std::move(inputs));
  std::string out = json ? RenderJsonCompare(content) : RenderTextCompare(content);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "ctrace compare: cannot write the comparison to stdout\n");
    return 1;
  }
  return 0;
}

}  // namespace ctrace
