// `ctrace report`: the human-readable report, laid out for a 100-column terminal.
#ifndef CTRACE_REPORT_TEXT_REPORT_H_
#define CTRACE_REPORT_TEXT_REPORT_H_

#include <cstdint>
#include <string>

#include "report/report_content.h"

namespace ctrace {

std::string RenderTextReport(const ReportContent& report);

// A duration in at most 7 characters with 3 significant digits: "812ns", "12.3us",
// "1.50ms", "2.41s", "1234s".
std::string FormatDuration(uint64_t ns);

}  // namespace ctrace

#endif  // CTRACE_REPORT_TEXT_REPORT_H_
