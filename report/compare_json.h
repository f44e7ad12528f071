// `ctrace compare --json`: the comparison as one JSON document (docs/report-json.md,
// "ctrace compare --json").
#ifndef CTRACE_REPORT_COMPARE_JSON_H_
#define CTRACE_REPORT_COMPARE_JSON_H_

#include <string>

#include "report/compare_content.h"

namespace ctrace {

// The document, ending with a newline.
std::string RenderJsonCompare(const CompareContent& content);

}  // namespace ctrace

#endif  // CTRACE_REPORT_COMPARE_JSON_H_
