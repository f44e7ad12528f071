#include "viewer/core/time_axis.h"

#include <algorithm>

namespace ctrace::viewer {

void TimeAxis::SetBounds(double total_ns) {
  total_ns_ = std::max(total_ns, 1.0);
  Clamp();
}

void TimeAxis::SetWidth(float width_px) {
  width_ = std::max(width_px, 1.0f);
  Clamp();
}

double TimeAxis::MaxNsPerPx() const {
  // Zoomed out to at most twice the trace: more shows nothing new.
  return std::max(total_ns_ * 2.0 / width_, kMinNsPerPx);
}

void TimeAxis::Clamp() {
  ns_per_px_ = std::clamp(ns_per_px_, kMinNsPerPx, MaxNsPerPx());
  // Keep at least a tenth of the view on the trace.
  double visible = span();
  t0_ = std::clamp(t0_, -0.9 * visible, total_ns_ - 0.1 * visible);
}

void TimeAxis::Fit() {
  double margin = total_ns_ * 0.01;
  SetRange(-margin, total_ns_ + margin);
}

void TimeAxis::SetRange(double t0, double t1) {
  if (t1 < t0) std::swap(t0, t1);
  double wanted = (t1 - t0) / width_;
  ns_per_px_ = std::clamp(wanted, kMinNsPerPx, MaxNsPerPx());
  double centre = (t0 + t1) / 2;
  t0_ = centre - span() / 2;
  Clamp();
}

void TimeAxis::ZoomAround(float x, double factor) {
  double anchor = TimeAt(x);
  ns_per_px_ = std::clamp(ns_per_px_ * factor, kMinNsPerPx, MaxNsPerPx());
  t0_ = anchor - static_cast<double>(x) * ns_per_px_;
  Clamp();
}

void TimeAxis::Pan(float dx_px) {
  t0_ -= static_cast<double>(dx_px) * ns_per_px_;
  Clamp();
}

void TimeAxis::ZoomToRange(double a, double b) {
  if (b < a) std::swap(a, b);
  double margin = (b - a) * 0.05;
  SetRange(a - margin, b + margin);
}

}  // namespace ctrace::viewer
