// The visible time range of the timeline and the math that moves it: zoom around a point,
// pan, zoom to a range, fit. Times are nanoseconds relative to the trace start, as doubles
// (exact for integers below 2^53 ns, 104 days), so a view can go down to fractions of a
// nanosecond per pixel.
#ifndef CTRACE_VIEWER_CORE_TIME_AXIS_H_
#define CTRACE_VIEWER_CORE_TIME_AXIS_H_

namespace ctrace::viewer {

class TimeAxis {
 public:
  // The deepest zoom: 1 ns is 64 pixels wide.
  static constexpr double kMinNsPerPx = 1.0 / 64.0;

  // `total_ns`: the length of the trace; `width_px`: the width of the time area.
  void SetBounds(double total_ns);
  void SetWidth(float width_px);
  double total_ns() const { return total_ns_; }
  float width() const { return width_; }

  double t0() const { return t0_; }
  double t1() const { return t0_ + ns_per_px_ * width_; }
  double span() const { return ns_per_px_ * width_; }
  double ns_per_px() const { return ns_per_px_; }

  double TimeAt(float x) const { return t0_ + static_cast<double>(x) * ns_per_px_; }
  float XOf(double t) const { return static_cast<float>((t - t0_) / ns_per_px_); }

  // Shows the whole trace with a small margin on each side.
  void Fit();
  // Shows [t0, t1] (clamped to the zoom limits), centred on it when clamped.
  void SetRange(double t0, double t1);
  // factor < 1 zooms in; the time under pixel `x` stays under it.
  void ZoomAround(float x, double factor);
  // Moves the view by `dx_px` pixels (positive: the content moves right, earlier times show).
  void Pan(float dx_px);
  // Shows [a, b] with a 5% margin on each side.
  void ZoomToRange(double a, double b);

 private:
  void Clamp();
  double MaxNsPerPx() const;

  double total_ns_ = 1;
  float width_ = 1;
  double t0_ = 0;
  double ns_per_px_ = 1;
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TIME_AXIS_H_
