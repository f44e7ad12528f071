#include "text/duration_text.h"

#include <cmath>
#include <cstdlib>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ctrace {

std::string FormatDurationCell(uint64_t ns) {
  if (ns < 1000) return absl::StrCat(ns, "ns");
  double v = static_cast<double>(ns);
  auto three = [](double x, std::string_view unit) {
    if (x < 10) return absl::StrFormat("%.2f%s", x, unit);
    if (x < 100) return absl::StrFormat("%.1f%s", x, unit);
    return absl::StrFormat("%.0f%s", x, unit);
  };
  // Thresholds just under the next unit, so rounding never prints "1000us".
  if (ns < 999'500) return three(v / 1e3, "us");
  if (ns < 999'500'000) return three(v / 1e6, "ms");
  return three(v / 1e9, "s");
}

std::string FormatDurationLabel(double ns) {
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

std::optional<std::pair<double, double>> ParseDurationRange(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<double> t0 = ParseDuration(text.substr(0, colon));
  std::optional<double> t1 = ParseDuration(text.substr(colon + 1));
  if (!t0 || !t1 || *t1 <= *t0) return std::nullopt;
  return std::pair(*t0, *t1);
}

}  // namespace ctrace
