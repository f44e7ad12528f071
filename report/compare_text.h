// `ctrace compare`: the side-by-side table, laid out for a 100-column terminal with up to
// three traces (more traces make it wider, never wrap).
#ifndef CTRACE_REPORT_COMPARE_TEXT_H_
#define CTRACE_REPORT_COMPARE_TEXT_H_

#include <optional>
#include <string>

#include "report/compare_content.h"

namespace ctrace {

std::string RenderTextCompare(const CompareContent& content);

// A value in a table cell: a duration as FormatDurationCell writes it, a count in full, a
// decimal with 3 significant digits; "-" when missing.
std::string FormatCompareValue(CompareUnit unit, const std::optional<double>& value);

// How `value` differs from `base`, in at most 10 characters: "(=)", "(+45%)", "(-2.5%)",
// "(x12)" for ten times or more, "(/12)" for a tenth or less (but more than 0), "(+3)" or
// "(+1.20ms)" from a zero base; "" when either is missing.
std::string FormatCompareDiff(CompareUnit unit, const std::optional<double>& base,
                              const std::optional<double>& value);

}  // namespace ctrace

#endif  // CTRACE_REPORT_COMPARE_TEXT_H_
