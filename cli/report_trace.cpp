// `ctrace report FILE [--json] [--critical-path TID [--range T0:T1]]`: summarizes a trace, or
// one thread's wait chain, as text or JSON on stdout.
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cli/commands.h"
#include "cli/reading.h"
#include "model/critical_path.h"
#include "report/critical_path_report.h"
#include "report/json_report.h"
#include "report/report_content.h"
#include "report/text_report.h"
#include "text/duration_text.h"

namespace ctrace::cli {
namespace {

struct ReportOptions {
  std::string path;
  bool json = false;
  std::optional<int32_t> critical_path_tid;
  std::optional<std::pair<double, double>> range;  // offsets from the trace's start, ns
};

absl::StatusOr<ReportOptions> ParseReportOptions(const Args& args) {
  ReportOptions o;
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool option = !options_done && arg.size() > 1 && arg[0] == '-';
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (option && (arg == "-h" || arg == "--help")) return HelpRequested();
    if (option && arg == "--json") {
      o.json = true;
    } else if (option && arg == "--critical-path") {
      std::optional<std::string> v = value();
      int32_t tid = 0;
      if (!v || !absl::SimpleAtoi(*v, &tid) || tid <= 0) {
        return UsageError("--critical-path needs a thread id (a TID of the trace)");
      }
      o.critical_path_tid = tid;
    } else if (option && arg == "--range") {
      std::optional<std::string> v = value();
      o.range = v ? ParseDurationRange(*v) : std::nullopt;
      if (!o.range) return UsageError("--range needs T0:T1 with T0 < T1, e.g. 10ms:25ms");
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (option) {
      return UsageError("unknown option " + arg);
    } else if (o.path.empty()) {
      o.path = arg;
    } else {
      return UsageError("one trace file at a time");
    }
  }
  if (o.path.empty()) return UsageError("no trace file given");
  if (o.range && !o.critical_path_tid) return UsageError("--range goes with --critical-path");
  return o;
}

absl::StatusOr<std::string> CriticalPathReport(const ReportOptions& o, const Model& model) {
  uint64_t from = model.start_ns;
  uint64_t to = model.end_ns;
  if (o.range) {
    from = model.start_ns + static_cast<uint64_t>(o.range->first);
    to = std::min(model.end_ns, model.start_ns + static_cast<uint64_t>(o.range->second));
    if (from >= model.end_ns) {
      return absl::OutOfRangeError(absl::StrCat("--range starts after the trace's end (",
                                                FormatDurationCell(model.end_ns - model.start_ns),
                                                " long)"));
    }
  }
  std::optional<uint32_t> thread = ThreadForTid(model, *o.critical_path_tid, from);
  if (!thread) {
    return absl::NotFoundError(absl::StrCat("no thread ", *o.critical_path_tid, " in ", o.path,
                                            o.range ? " alive in that range" : ""));
  }
  // A thread's whole life by default, not the whole trace.
  const Thread& th = model.threads[*thread];
  if (!o.range) {
    from = std::max(from, th.first_ns);
    if (th.exit) to = std::min(to, th.exit->ts_ns);
  }
  CriticalPath chain = ComputeCriticalPath(model, *thread, from, to);
  return o.json ? RenderCriticalPathJson(model, o.path, chain)
                : RenderCriticalPathText(model, o.path, chain);
}

}  // namespace

absl::StatusOr<int> ReportTrace(const Args& args) {
  ASSIGN_OR_RETURN(ReportOptions o, ParseReportOptions(args));
  ASSIGN_OR_RETURN(Model model, LoadTraceForReading("report", o.path, "reporting"));
  std::string text;
  if (o.critical_path_tid) {
    ASSIGN_OR_RETURN(text, CriticalPathReport(o, model));
  } else {
    ReportContent content = MakeReportContent(o.path, std::move(model));
    text = o.json ? RenderJsonReport(content) : RenderTextReport(content);
  }
  RETURN_IF_ERROR(WriteStdout(text, "the report"));
  return 0;
}

}  // namespace ctrace::cli
