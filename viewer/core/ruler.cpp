#include "viewer/core/ruler.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace ctrace::viewer {

double NiceStep(double min_ns) {
  double step = 1;
  while (true) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (step * m >= min_ns) return step * m;
    }
    step *= 10;
  }
}

Ruler ComputeRuler(double t0, double ns_per_px, float width, float min_major_px) {
  Ruler r;
  r.major_step = NiceStep(ns_per_px * min_major_px);
  // 1 and 5 steps divide in five, 2 in four; never below 1 ns.
  double leading = r.major_step / std::pow(10.0, std::floor(std::log10(r.major_step) + 1e-9));
  r.minor_step = r.major_step / (std::lround(leading) == 2 ? 4 : 5);
  if (r.minor_step < 1) r.minor_step = r.major_step;
  double t1 = t0 + ns_per_px * width;
  double first = std::floor(t0 / r.minor_step) * r.minor_step;
  size_t limit = static_cast<size_t>(width) + 16;  // never more than a tick per pixel
  for (double t = first; t <= t1 && r.ticks.size() < limit; t += r.minor_step) {
    if (t < t0) continue;
    double q = t / r.major_step;
    bool major = std::fabs(q - std::round(q)) < 1e-6;
    r.ticks.push_back({major ? std::round(q) * r.major_step : t, major});
  }
  return r;
}

std::string TickLabel(double t, double step) {
  const char* sign = t < 0 ? "-" : "";
  double a = std::fabs(t);
  if (a < 0.5 * step) return "0";
  auto decimals_for = [](double step_in_unit) {
    return std::max(0, static_cast<int>(std::ceil(-std::log10(step_in_unit) - 1e-9)));
  };
  // The unit of the time itself; as many decimals as the step needs in that unit.
  double scale = a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
  const char* unit = a >= 1e9 ? "s" : a >= 1e6 ? "ms" : a >= 1e3 ? "us" : "ns";
  return absl::StrFormat("%s%.*f %s", sign, decimals_for(step / scale), a / scale, unit);
}

}  // namespace ctrace::viewer
