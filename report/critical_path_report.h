// `ctrace report FILE --critical-path TID [--range T0:T1] [--json]`: one thread's wait chain
// (model/critical_path.h) as text or JSON (docs/report-json.md, "Critical path").
#ifndef CTRACE_REPORT_CRITICAL_PATH_REPORT_H_
#define CTRACE_REPORT_CRITICAL_PATH_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "model/critical_path.h"
#include "model/model.h"

namespace ctrace {

// The incarnation of `tid` the question is about: the first one alive at `at_ns` or later
// (a reused tid names several threads), or nullopt if no thread had it then.
std::optional<uint32_t> ThreadForTid(const Model& model, int32_t tid, uint64_t at_ns);

std::string RenderCriticalPathText(const Model& model, const std::string& path,
                                   const CriticalPath& chain);
std::string RenderCriticalPathJson(const Model& model, const std::string& path,
                                   const CriticalPath& chain);

}  // namespace ctrace

#endif  // CTRACE_REPORT_CRITICAL_PATH_REPORT_H_
