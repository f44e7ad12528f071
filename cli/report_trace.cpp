// `ctrace report FILE [--json]`: summarizes a trace as text or JSON on stdout.
#include <string>

#include "base/status_macros.h"
#include "cli/commands.h"
#include "cli/reading.h"
#include "report/json_report.h"
#include "report/report_content.h"
#include "report/text_report.h"

namespace ctrace::cli {

absl::StatusOr<int> ReportTrace(const Args& args) {
  std::string path;
  bool json = false;
  bool options_done = false;
  for (const std::string& arg : args) {
    if (!options_done && (arg == "-h" || arg == "--help")) return HelpRequested();
    if (!options_done && arg == "--json") {
      json = true;
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
      return UsageError("unknown option " + arg);
    } else if (path.empty()) {
      path = arg;
    } else {
      return UsageError("one trace file at a time");
    }
  }
  if (path.empty()) return UsageError("no trace file given");

  ASSIGN_OR_RETURN(Model model, LoadTraceForReading("report", path, "reporting"));
  ReportContent content = MakeReportContent(path, std::move(model));
  RETURN_IF_ERROR(
      WriteStdout(json ? RenderJsonReport(content) : RenderTextReport(content), "the report"));
  return 0;
}

}  // namespace ctrace::cli
