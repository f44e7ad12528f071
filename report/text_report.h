// `ctrace report`: the human-readable report, laid out for a 100-column terminal.
#ifndef CTRACE_REPORT_TEXT_REPORT_H_
#define CTRACE_REPORT_TEXT_REPORT_H_

#include <cstdint>
#include <string>

#include "report/report_content.h"

namespace ctrace {

std::string RenderTextReport(const ReportContent& report);

}  // namespace ctrace

#endif  // CTRACE_REPORT_TEXT_REPORT_H_
