// The compare view's table: the same metrics for each trace side by side, with each
// trace's difference from the first one.
#ifndef CTRACE_VIEWER_CORE_COMPARE_TABLE_H_
#define CTRACE_VIEWER_CORE_COMPARE_TABLE_H_

#include <string>
#include <vector>

#include "viewer/core/trace_analysis.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {

enum class MetricUnit { kCount, kNanoseconds };

struct CompareRow {
  std::string name;
  MetricUnit unit;
  std::vector<double> values;  // one per trace
};

// `analyses[i]` belongs to `docs[i]`.
std::vector<CompareRow> BuildCompareTable(const std::vector<const TraceDocument*>& docs,
                                          const std::vector<const TraceAnalysis*>& analyses);

// "+12.5%" / "-3.0%" / "=" / "new" of `value` against `base`.
std::string RelativeChange(double base, double value);
// The value as the table shows it ("1.23 ms", "4521").
std::string FormatMetric(double value, MetricUnit unit);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_COMPARE_TABLE_H_
