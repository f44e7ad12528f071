#include "report/compare_text.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "report/text_report.h"
#include "text/counted.h"
#include "text/duration_text.h"

namespace ctrace {
namespace {

// 28 + 3 * (1 + 23) = 100 columns for three traces.
constexpr size_t kLabelWidth = 28;
constexpr size_t kValueWidth = 9;  // FormatDurationCell needs 7, a count up to 999,999,999 fits
constexpr size_t kCellWidth = kValueWidth + 1 + 10 + 3;

// Cut to `width`, non-printable bytes as '?' (a file name or command is anyone's bytes).
std::string Fit(std::string_view s, size_t width) {
  std::string out;
  for (char c : s.substr(0, width)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c);
  }
  return out;
}

std::string Decimal(double v) {
  if (v < 10) return absl::StrFormat("%.2f", v);
  if (v < 100) return absl::StrFormat("%.1f", v);
  return absl::StrFormat("%.0f", v);
}

std::string Line(std::string_view label, const std::vector<std::string>& cells) {
  std::string line = absl::StrFormat("%-*s", kLabelWidth, Fit(label, kLabelWidth));
  for (const std::string& cell : cells) {
    absl::StrAppend(&line, " ", absl::StrFormat("%-*s", kCellWidth, cell));
  }
  absl::StripTrailingAsciiWhitespace(&line);
  line.push_back('\n');
  return line;
}

std::string Cell(const CompareRow& row, size_t i) {
  std::string value = FormatCompareValue(row.unit, row.values[i]);
  std::string diff = i == 0 ? "" : FormatCompareDiff(row.unit, row.values[0], row.values[i]);
  return absl::StrFormat("%*s %s", kValueWidth, value, diff);
}

std::string CommandName(const CompareTrace& t) {
  if (t.command.empty()) return "-";
  const std::string& program = t.command[0];
  return program.substr(program.find_last_of('/') + 1);
}

void AppendNotes(const CompareContent& c, std::string& out) {
  std::string notes;
  bool any_requests = std::any_of(c.traces.begin(), c.traces.end(),
                                  [](const CompareTrace& t) { return t.requests.has_value(); });
  if (!any_requests) {
    absl::StrAppend(&notes,
                    "per request: no request counts given (a trace does not record them): use "
                    "--requests N, or FILE=N per trace\n");
  }
  const CompareTrace& first = c.traces[0];
  for (const CompareTrace& t : c.traces) {
    if (t.hostname != first.hostname || t.cpu_count != first.cpu_count) {
      absl::StrAppend(&notes, "note: ", t.name, " was recorded on ", t.hostname, " (", t.cpu_count,
                      " CPUs), ", first.name, " on ", first.hostname, " (", first.cpu_count,
                      " CPUs)\n");
    }
    if (t.truncated) {
      absl::StrAppend(&notes, "warning: ", t.name,
                      " was cut off: its numbers cover the part that was written\n");
    }
    if (t.lost_events > 0) {
      absl::StrAppend(&notes, "warning: ", t.name, ": the kernel dropped ",
                      Counted(t.lost_events, "event", "events"),
                      ": its numbers may be incomplete\n");
    }
    if (t.self_check_mismatches > 0) {
      absl::StrAppend(
          &notes, "warning: ", t.name, ": ",
          t.self_check_mismatches == 1
              ? "1 thread's switch counts disagree"
              : absl::StrCat(t.self_check_mismatches, " threads' switch counts disagree"),
          " with the kernel's (see ctrace report)\n");
    }
  }
  if (!notes.empty()) absl::StrAppend(&out, "\n", notes);
}

}  // namespace

std::string FormatCompareValue(CompareUnit unit, const std::optional<double>& value) {
  if (!value) return "-";
  switch (unit) {
    case CompareUnit::kNanoseconds:
      return FormatDurationCell(static_cast<uint64_t>(std::llround(*value)));
    case CompareUnit::kCount:
      return absl::StrCat(static_cast<uint64_t>(std::llround(*value)));
    case CompareUnit::kDecimal:
      return Decimal(*value);
  }
  return "?";
}

std::string FormatCompareDiff(CompareUnit unit, const std::optional<double>& base,
                              const std::optional<double>& value) {
  if (!base || !value) return "";
  if (*value == *base) return "(=)";
  if (*base == 0) return absl::StrCat("(+", FormatCompareValue(unit, *value), ")");
  double ratio = *value / *base;
  if (ratio >= 10) return absl::StrFormat("(x%.0f)", ratio);
  // A tenth or less, but not nothing: "-99%" would hide whether it is 100 or 10000 times less.
  if (ratio > 0 && ratio <= 0.1) return absl::StrFormat("(/%.0f)", 1 / ratio);
  double percent = (ratio - 1) * 100;
  if (std::fabs(percent) < 9.95) return absl::StrFormat("(%+.1f%%)", percent);
  return absl::StrFormat("(%+.0f%%)", percent);
}

std::string RenderTextCompare(const CompareContent& c) {
  std::string out;
  absl::StrAppend(&out, "ctrace compare: ", c.traces.size(), " traces; (differences) are against ",
                  c.traces[0].name, "\n\n");
  std::vector<std::string> names;
  std::vector<std::string> commands;
  for (const CompareTrace& t : c.traces) {
    names.push_back(Fit(t.name, kCellWidth));
    commands.push_back(Fit(CommandName(t), kCellWidth));
  }
  absl::StrAppend(&out, Line("trace", names), Line("command", commands));

  std::string section;
  for (const CompareRow& row : c.rows) {
    bool any = std::any_of(row.values.begin(), row.values.end(),
                           [](const std::optional<double>& v) { return v.has_value(); });
    if (!any) continue;  // e.g. per-request rows without counts, latencies without samples
    if (row.section != section) {
      section = row.section;
      absl::StrAppend(&out, "\n", section, "\n");
    }
    std::vector<std::string> cells;
    for (size_t i = 0; i < row.values.size(); ++i) cells.push_back(Cell(row, i));
    absl::StrAppend(&out, Line(absl::StrCat("  ", row.label), cells));
  }
  AppendNotes(c, out);
  return out;
}

}  // namespace ctrace
