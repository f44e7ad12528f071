// Saves the back buffer (what the last frame rendered) as a PNG.
#ifndef CTRACE_VIEWER_APP_SCREENSHOT_H_
#define CTRACE_VIEWER_APP_SCREENSHOT_H_

#include <string>

#include "absl/status/status.h"

namespace ctrace::viewer {

absl::Status WriteScreenshot(const std::string& path, int width, int height);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_APP_SCREENSHOT_H_
