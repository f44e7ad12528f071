// Debian's Abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW
// is 0), which does not convert from std::string_view. The format headers use
// std::string_view; this bridges the two where text goes into StrCat or a Status.
#ifndef CTRACE_FORMAT_STRING_VIEW_COMPAT_H_
#define CTRACE_FORMAT_STRING_VIEW_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace ctrace {

inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace ctrace

#endif  // CTRACE_FORMAT_STRING_VIEW_COMPAT_H_
