// Text for times in the viewer: offsets from the trace start. The durations it shows and
// parses are text/duration_text.h's.
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

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TIME_FORMAT_H_
