// Turns the timeline's input (wheel, keys, drags, clicks) into changes of the visible time
// range, the vertical scroll and the selected time range. Input arrives as plain data, so
// the controller is tested without a window; the view fills it from ImGui each frame.
//
// Controls (as in Perfetto and Tracy): wheel zooms around the cursor (shift+wheel scrolls
// lanes); W/S zoom in/out, A/D pan; left drag pans both ways; a click selects; right drag,
// shift+left drag or a drag on the ruler selects a time range; F fits all; Z zooms to the
// selected range; Esc clears the range.
#ifndef CTRACE_VIEWER_CORE_TIMELINE_CONTROLLER_H_
#define CTRACE_VIEWER_CORE_TIMELINE_CONTROLLER_H_

#include <optional>
#include <utility>

#include "viewer/core/time_axis.h"

namespace ctrace::viewer {

struct TimelineInput {
  float dt = 1.0f / 60;  // seconds since the last frame
  // Mouse, from the left edge of the time area and the top of the lanes (the ruler is
  // above, at negative y).
  float mouse_x = 0;
  float mouse_y = 0;
  bool hovered = false;     // over the time area (lanes or ruler)
  bool over_ruler = false;  // over the ruler
  float wheel = 0;          // wheel steps this frame (positive: away from the user)
  bool shift = false;
  bool left_pressed = false, left_down = false, left_released = false;
  bool right_pressed = false, right_down = false, right_released = false;
  float mouse_dx = 0, mouse_dy = 0;                                  // movement this frame
  bool key_w = false, key_s = false, key_a = false, key_d = false;   // held
  bool key_fit = false, key_zoom_range = false, key_escape = false;  // pressed
};

struct TimelineActions {
  bool clicked = false;  // a press and release without dragging: select what is there
  float click_x = 0, click_y = 0;
  bool view_changed = false;
  bool range_changed = false;
};

class TimelineController {
 public:
  static constexpr float kDragThresholdPx = 4;
  static constexpr double kWheelZoomStep = 0.8;  // per wheel step
  static constexpr double kKeyZoomPerSecond = 6.0;
  static constexpr double kKeyPanPerSecond = 0.8;  // of the visible span

  TimeAxis& axis() { return axis_; }
  const TimeAxis& axis() const { return axis_; }

  // Vertical scroll of the lanes, clamped to the content.
  float scroll_y() const { return scroll_y_; }
  void SetScrollY(float y);
  void SetViewport(float lanes_height, float content_height);

  const std::optional<std::pair<double, double>>& range() const { return range_; }
  void SetRange(double a, double b);
  void ClearRange() { range_.reset(); }
  bool dragging_range() const { return drag_ == Drag::kRange; }
  bool panning() const { return drag_ == Drag::kPan; }

  TimelineActions Update(const TimelineInput& in);

 private:
  enum class Drag { kNone, kPending, kPan, kRange };

  TimeAxis axis_;
  float scroll_y_ = 0;
  float lanes_height_ = 1;
  float content_height_ = 0;
  std::optional<std::pair<double, double>> range_;
  Drag drag_ = Drag::kNone;
  bool drag_right_ = false;
  float press_x_ = 0, press_y_ = 0;
  float moved_ = 0;
  double range_anchor_ = 0;
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TIMELINE_CONTROLLER_H_
