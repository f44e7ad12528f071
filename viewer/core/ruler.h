// The time ruler: tick spacing that adapts to the zoom (1-2-5 steps from 1 ns up) and labels
// in the unit that suits the step (ns, us, ms, s).
#ifndef CTRACE_VIEWER_CORE_RULER_H_
#define CTRACE_VIEWER_CORE_RULER_H_

#include <string>
#include <vector>

namespace ctrace::viewer {

struct RulerTick {
  double t;  // ns from the trace start
  bool major;
};

struct Ruler {
  double major_step = 1;  // ns between labelled ticks
  double minor_step = 1;  // ns between unlabelled ticks (== major_step: none)
  std::vector<RulerTick> ticks;
};

// Ticks for the view [t0, t0 + ns_per_px * width], with labelled ticks at least
// `min_major_px` apart.
Ruler ComputeRuler(double t0, double ns_per_px, float width, float min_major_px = 100);

// The smallest 1-2-5 step (in ns, at least 1) that is at least `min_ns`.
double NiceStep(double min_ns);

// Label of a major tick at `t` when ticks are `step` apart: in the largest unit that keeps
// the time >= 1 ("250 us", "1.5 ms"), with as many decimals as the step needs in that unit
// ("1.000250 s" for 50 us steps past a second), so a label always names the exact tick.
std::string TickLabel(double t, double step);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_RULER_H_
