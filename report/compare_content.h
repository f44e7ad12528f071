// Everything `ctrace compare` shows, computed once from the traces' models and shared by the
// text and JSON renderers, so both always say the same thing: one row per metric, one value
// per trace, the first trace being the baseline the others are measured against.
#ifndef CTRACE_REPORT_COMPARE_CONTENT_H_
#define CTRACE_REPORT_COMPARE_CONTENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model.h"

namespace ctrace {

// One trace to compare, as the command line gave it.
struct CompareInput {
  std::string path;
  Model model;
  // How many requests the traced program served, when the user said so (a trace does not
  // record accept, so the model cannot count them). Enables the per-request rows.
  std::optional<uint64_t> requests;
};

struct CompareTrace {
  std::string path;
  std::string name;  // the file's name without directory and ".ctrace"; the path if ambiguous
  std::vector<std::string> command;
  std::string hostname;
  std::string kernel_release;
  uint32_t cpu_count = 0;
  uint64_t events = 0;
  uint64_t lost_events = 0;
  bool truncated = false;
  std::optional<uint64_t> requests;
  uint64_t self_check_mismatches = 0;  // exited threads whose switch counts disagree
};

enum class CompareUnit {
  kNanoseconds,  // an integer duration
  kCount,        // an integer count
  kDecimal,      // a ratio or an average (events per call, switches per request)
};

struct CompareRow {
  std::string key;      // the JSON key: "wall_time_ns", "blocked_ns.epoll", ...
  std::string section;  // the group the text table prints it under: "time", "switches", ...
  std::string label;    // the text table's row title
  CompareUnit unit;
  // By trace; nullopt where the value does not exist (a latency without samples, events per
  // call without calls, a per-request value without a request count). Integral for
  // kNanoseconds and kCount.
  std::vector<std::optional<double>> values;
};

struct CompareContent {
  std::vector<CompareTrace> traces;  // traces[0] is the baseline
  std::vector<CompareRow> rows;
};

CompareContent MakeCompareContent(std::vector<CompareInput> inputs);

// The most threads alive at one time: from each thread's creation (or first sight) to its
// exit (or the end of the trace).
uint32_t PeakThreadsAlive(const Model& model);

// The difference of `value` from `base`: nullopt if either is missing.
std::optional<double> Difference(const std::optional<double>& base,
                                 const std::optional<double>& value);
// value / base: nullopt if either is missing or base is 0.
std::optional<double> Ratio(const std::optional<double>& base, const std::optional<double>& value);

}  // namespace ctrace

#endif  // CTRACE_REPORT_COMPARE_CONTENT_H_
