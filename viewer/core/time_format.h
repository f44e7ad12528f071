// Text for times and durations in the viewer: "850 ns", "12.3 us", "4.56 ms", "1.234 s".
#ifndef CTRACE_VIEWER_CORE_TIME_FORMAT_H_
#define CTRACE_VIEWER_CORE_TIME_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ctrace::viewer {

// A duration with three significant digits and the largest unit that keeps it >= 1.
std::string FormatDuration(double ns);
// A time offset from the trace start, in seconds with nanosecond precision:
// "+1.234567890 s" (trailing zeros are kept so offsets line up).
std::string FormatOffset(double ns);
// Parses "1.5s", "20ms", "300us", "42ns" or a bare number of nanoseconds.
std::optional<double> ParseDuration(std::string_view text);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TIME_FORMAT_H_
