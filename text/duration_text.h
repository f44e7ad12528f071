// Durations as text. Two formats, for two places:
//   FormatDurationCell   "812ns", "12.3us", "1.50ms", "2.41s": whole nanoseconds in at most
//                        7 characters, for the columns of `ctrace report` and `compare`
//   FormatDurationLabel  "850 ns", "12.3 us", "4.56 ms", "0.25 ns": three significant
//                        digits and a space, fractions of a nanosecond when the viewer is
//                        zoomed that far, for the viewer's labels, tooltips and panels
#ifndef CTRACE_TEXT_DURATION_TEXT_H_
#define CTRACE_TEXT_DURATION_TEXT_H_

#include <cstdint>
#include <string>

namespace ctrace {

std::string FormatDurationCell(uint64_t ns);
std::string FormatDurationLabel(double ns);

}  // namespace ctrace

#endif  // CTRACE_TEXT_DURATION_TEXT_H_
