// Durations as text. Two formats, for two places:
//   FormatDurationCell   "812ns", "12.3us", "1.50ms", "2.41s": whole nanoseconds in at most
//                        7 characters, for the columns of `ctrace report` and `compare`
//   FormatDurationLabel  "850 ns", "12.3 us", "4.56 ms", "0.25 ns": three significant
//                        digits and a space, fractions of a nanosecond when the viewer is
//                        zoomed that far, for the viewer's labels, tooltips and panels
// and, the other way, durations typed on a command line (the viewer's and report's --range).
#ifndef CTRACE_TEXT_DURATION_TEXT_H_
#define CTRACE_TEXT_DURATION_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ctrace {

std::string FormatDurationCell(uint64_t ns);
std::string FormatDurationLabel(double ns);

// Parses "1.5s", "20ms", "300us", "42ns" or a bare number of nanoseconds.
std::optional<double> ParseDuration(std::string_view text);
// Parses "T0:T1", two durations with T0 < T1 (offsets from a trace's start).
std::optional<std::pair<double, double>> ParseDurationRange(std::string_view text);

}  // namespace ctrace

#endif  // CTRACE_TEXT_DURATION_TEXT_H_
