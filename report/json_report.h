// `ctrace report --json`: the report as one JSON document (docs/report-json.md).
#ifndef CTRACE_REPORT_JSON_REPORT_H_
#define CTRACE_REPORT_JSON_REPORT_H_

#include <string>

#include "report/report_content.h"

namespace ctrace {

// The document, ending with a newline.
std::string RenderJsonReport(const ReportContent& report);

}  // namespace ctrace

#endif  // CTRACE_REPORT_JSON_REPORT_H_
