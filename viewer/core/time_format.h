// Text for times in the viewer: offsets from the trace start, and durations typed in. The
// durations it shows are text/duration_text.h's FormatDurationLabel.
#ifndef CTRACE_VIEWER_CORE_TIME_FORMAT_H_
#define CTRACE_VIEWER_CORE_TIME_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ctrace::viewer {

// A time offset from the trace start, in seconds with nanosecond precision:
// "+1.234567890 s" (trailing zeros are kept so offsets line up).
std::string FormatOffset(double ns);
// Parses "1.5s", "20ms", "300us", "42ns" or a bare number of nanoseconds.
std::optional<double> ParseDuration(std::string_view text);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TIME_FORMAT_H_
