#include "report/report_command.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/match.h"
#include "model/load_model.h"
#include "report/json_report.h"
#include "report/report_content.h"
#include "report/text_report.h"

namespace ctrace {
namespace {

constexpr char kUsage[] =
    "usage: ctrace report FILE [--json]\n"
    "  Summarizes a recorded trace: processes, threads, time running, runnable and blocked,\n"
    "  switches, wakeups, epoll and run-queue latency, and a self-check against the kernel's\n"
    "  own counters.\n"
    "  --json   one JSON document instead of text (fields: docs/report-json.md)\n";

int UsageError(std::string_view message) {
  std::fprintf(stderr, "ctrace report: %.*s\n%s", static_cast<int>(message.size()), message.data(),
               kUsage);
  return 2;
}

}  // namespace

int RunReportCommand(int argc, char** argv) {
  std::string path;
  bool json = false;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!options_done && (arg == "-h" || arg == "--help")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (!options_done && arg == "--json") {
      json = true;
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return UsageError(std::string("unknown option ") + std::string(arg));
    } else if (path.empty()) {
      path = arg;
    } else {
      return UsageError("one trace file at a time");
    }
  }
  if (path.empty()) return UsageError("no trace file given");

  TimelineBuilderOptions options;
  options.cpu_tiles = true;  // the peaks read the CPU lanes: tiled in passing, not sorted after
  absl::StatusOr<Model> model = LoadModel(path, options);
  if (!model.ok()) {
    std::string message(model.status().message());
    // The reader's messages name the file; make sure every one does.
    if (!absl::StartsWith(message, path)) message = path + ": " + message;
    std::fprintf(stderr, "ctrace report: %s\n", message.c_str());
    return 1;
  }
  if (model->truncated) {
    std::fprintf(stderr,
                 "ctrace report: warning: %s was cut off (%s); reporting the part that was "
                 "written\n",
                 path.c_str(), model->truncation_reason.c_str());
  }
  ReportContent content = MakeReportContent(path, *std::move(model));
  std::string out = json ? RenderJsonReport(content) : RenderTextReport(content);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0) {
    std::fprintf(stderr, "ctrace report: cannot write the report to stdout\n");
    return 1;
  }
  return 0;
}

}  // namespace ctrace
