#include "viewer/core/time_format.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/str_format.h"

namespace ctrace::viewer {

std::string FormatOffset(double ns) {
  const char* sign = ns < 0 ? "-" : "+";
  return absl::StrFormat("%s%.9f s", sign, std::fabs(ns) / 1e9);
}

std::optional<double> ParseDuration(std::string_view text) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || !std::isfinite(v)) return std::nullopt;
  std::string_view unit(end);
  double scale = 1;
  if (unit == "" || unit == "ns") {
    scale = 1;
  } else if (unit == "us") {
    scale = 1e3;
  } else if (unit == "ms") {
    scale = 1e6;
  } else if (unit == "s") {
    scale = 1e9;
  } else {
    return std::nullopt;
  }
  return v * scale;
}

}  // namespace ctrace::viewer
