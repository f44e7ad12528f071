#include "viewer/core/time_format.h"

#include <cmath>
#include <string>

#include "absl/strings/str_format.h"

namespace ctrace::viewer {

std::string FormatOffset(double ns) {
  const char* sign = ns < 0 ? "-" : "+";
  return absl::StrFormat("%s%.9f s", sign, std::fabs(ns) / 1e9);
}

}  // namespace ctrace::viewer
