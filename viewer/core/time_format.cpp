#include "viewer/core/time_format.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/str_format.h"

namespace ctrace::viewer {

std::string FormatDuration(double ns) {
  const char* sign = ns < 0 ? "-" : "";
  double v = std::fabs(ns);
  const char* unit = "ns";
  if (v >= 1e9) {
    v /= 1e9;
    unit = "s";
  } else if (v >= 1e6) {
    v /= 1e6;
    unit = "ms";
  } else if (v >= 1e3) {
    v /= 1e3;
    unit = "us";
  } else {
    // Whole nanoseconds unless zoomed below them.
    if (v == std::floor(v)) return absl::StrFormat("%s%.0f ns", sign, v);
    return absl::StrFormat("%s%.2f ns", sign, v);
  }
  int decimals = v >= 100 ? 1 : v >= 10 ? 2 : 3;
  return absl::StrFormat("%s%.*f %s", sign, decimals, v, unit);
}

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
