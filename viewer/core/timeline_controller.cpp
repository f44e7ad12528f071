#include "viewer/core/timeline_controller.h"

#include <algorithm>
#include <cmath>

namespace ctrace::viewer {

void TimelineController::SetViewport(float lanes_height, float content_height) {
  lanes_height_ = std::max(lanes_height, 1.0f);
  content_height_ = content_height;
  SetScrollY(scroll_y_);
}

void TimelineController::SetScrollY(float y) {
  scroll_y_ = std::clamp(y, 0.0f, std::max(0.0f, content_height_ - lanes_height_ * 0.5f));
}

void TimelineController::SetRange(double a, double b) {
  if (b < a) std::swap(a, b);
  range_ = {a, b};
}

TimelineActions TimelineController::Update(const TimelineInput& in) {
  TimelineActions out;
  const double before_t0 = axis_.t0(), before_npp = axis_.ns_per_px();

  if (in.hovered && in.wheel != 0) {
    if (in.shift) {
      SetScrollY(scroll_y_ - in.wheel * 60.0f);
    } else {
      axis_.ZoomAround(in.mouse_x, std::pow(kWheelZoomStep, in.wheel));
    }
  }
  const float anchor = in.hovered ? in.mouse_x : axis_.width() / 2;
  if (in.key_w != in.key_s) {
    double f = std::exp((in.key_w ? -1.0 : 1.0) * kKeyZoomPerSecond * 0.25 * in.dt);
    axis_.ZoomAround(anchor, f);
  }
  if (in.key_a != in.key_d) {
    float px = static_cast<float>(kKeyPanPerSecond) * axis_.width() * in.dt;
    axis_.Pan(in.key_a ? px : -px);
  }
  if (in.key_fit) axis_.Fit();
  if (in.key_zoom_range && range_ && range_->second > range_->first) {
    axis_.ZoomToRange(range_->first, range_->second);
  }
  if (in.key_escape && range_) {
    range_.reset();
    out.range_changed = true;
  }

  // Drags: a press becomes a click, a pan or a range selection. Movement in the frame of
  // the press happened before it (events batched into one frame) and does not count.
  bool pressed_now = false;
  if (drag_ == Drag::kNone && in.hovered && (in.left_pressed || in.right_pressed)) {
    pressed_now = true;
    drag_ = Drag::kPending;
    drag_right_ = !in.left_pressed;
    press_x_ = in.mouse_x;
    press_y_ = in.mouse_y;
    moved_ = 0;
    range_anchor_ = axis_.TimeAt(in.mouse_x);
    if (drag_right_ || in.shift || in.over_ruler) {
      drag_ = Drag::kRange;
    }
  }
  if (drag_ != Drag::kNone) {
    bool down = drag_right_ ? in.right_down : in.left_down;
    bool released = drag_right_ ? in.right_released : in.left_released;
    if (!pressed_now) moved_ += std::fabs(in.mouse_dx) + std::fabs(in.mouse_dy);
    if (drag_ == Drag::kPending && moved_ > kDragThresholdPx) drag_ = Drag::kPan;
    if (drag_ == Drag::kPan && !pressed_now && (in.mouse_dx != 0 || in.mouse_dy != 0)) {
      axis_.Pan(in.mouse_dx);
      SetScrollY(scroll_y_ - in.mouse_dy);
    }
    if (drag_ == Drag::kRange && std::fabs(in.mouse_x - press_x_) >= kDragThresholdPx) {
      SetRange(range_anchor_, axis_.TimeAt(in.mouse_x));
      out.range_changed = true;
    }
    if (released || !down) {
      if (drag_ == Drag::kPending) {
        out.clicked = true;
        out.click_x = press_x_;
        out.click_y = press_y_;
      } else if (drag_ == Drag::kRange && std::fabs(in.mouse_x - press_x_) < kDragThresholdPx) {
        // A right click without a drag clears the range.
        if (range_) out.range_changed = true;
        range_.reset();
      }
      drag_ = Drag::kNone;
    }
  }
  out.view_changed = axis_.t0() != before_t0 || axis_.ns_per_px() != before_npp;
  return out;
}

}  // namespace ctrace::viewer
