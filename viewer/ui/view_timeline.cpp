// The timeline: ruler, row labels, rows, the input that moves the view, hover tooltips and
// the range overlay. Each lane kind draws itself in its own file (lane_*.cpp).
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/string_view_compat.h"
#include "text/duration_text.h"
#include "viewer/core/ruler.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/lane_kind.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

constexpr float kRulerHeight = 30;
constexpr float kScrollbarWidth = 10;

}  // namespace

float View::RowCenterY(int row) const {
  const Row& r = layout_.rows[static_cast<size_t>(row)];
  return time_origin_.y + r.y - controller_.scroll_y() + r.height / 2;
}

void View::DrawEmptyMessage(ImVec2 pos, ImVec2 size) {
  const char* text = nullptr;
  std::vector<const TraceDocument*> docs = Docs();
  if (docs.empty()) {
    text = "No trace open: File > Open, or drop .ctrace files on this window.";
  } else if (std::all_of(docs.begin(), docs.end(),
                         [](const TraceDocument* d) { return d->empty(); })) {
    text = "This trace has no events: nothing ran while it was recorded.";
  }
  if (text == nullptr) return;
  ImVec2 ts = ImGui::CalcTextSize(text);
  ImVec2 at(pos.x + (size.x - ts.x) / 2, pos.y + (size.y - ts.y) / 2);
  ImGui::GetWindowDrawList()->AddText(at, IM_COL32(200, 200, 200, 255), text);
}

void View::DrawTimeline(ImVec2 pos, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  RebuildLayoutIfNeeded();
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), Col(kBackground));
  const float lanes_h = std::max(1.0f, size.y - kRulerHeight);
  lanes_height_ = lanes_h;  // also while empty: what the trace being loaded will be shown in
  if (Docs().empty()) {
    DrawEmptyMessage(pos, size);
    return;
  }
  const float label_w = std::clamp(settings_.label_width, 80.0f, std::max(80.0f, size.x * 0.5f));
  const float time_x = pos.x + label_w;
  const float width = std::max(1.0f, size.x - label_w - kScrollbarWidth);
  const float lanes_top = pos.y + kRulerHeight;
  TimeAxis& axis = controller_.axis();
  axis.SetWidth(width);
  if (!fitted_) {
    axis.Fit();
    fitted_ = true;
  }
  if (pending_range_) {
    axis.SetRange(pending_range_->first, pending_range_->second);
    pending_range_.reset();
  }
  controller_.SetViewport(lanes_h, layout_.height);
  if (scroll_to_row_ >= 0 && static_cast<size_t>(scroll_to_row_) < layout_.rows.size()) {
    const Row& r = layout_.rows[static_cast<size_t>(scroll_to_row_)];
    if (r.y < controller_.scroll_y() || r.y + r.height > controller_.scroll_y() + lanes_h) {
      controller_.SetScrollY(r.y - lanes_h / 3);
    }
  }
  scroll_to_row_ = -1;
  time_origin_ = ImVec2(time_x, lanes_top);
  time_width_ = width;

  HandleTimelineInput(ImVec2(time_x, pos.y), width, kRulerHeight, lanes_h);

  dl->PushClipRect(ImVec2(time_x, lanes_top), ImVec2(time_x + width, lanes_top + lanes_h), true);
  DrawRows(dl, ImVec2(time_x, lanes_top), width, lanes_h);
  DrawLostGaps(dl, ImVec2(time_x, lanes_top), width, lanes_h, false);
  DrawWaitOverlays(dl, ImVec2(time_x, lanes_top), width, lanes_h);
  DrawFlows(dl, ImVec2(time_x, lanes_top), width, lanes_h);
  DrawMarkerPass(dl, ImVec2(time_x, lanes_top), width, lanes_h);
  DrawRangeOverlay(dl, ImVec2(time_x, lanes_top), width, lanes_h);
  dl->PopClipRect();

  dl->PushClipRect(ImVec2(pos.x, lanes_top), ImVec2(time_x, lanes_top + lanes_h), true);
  DrawRowLabels(dl, ImVec2(pos.x, lanes_top), label_w, lanes_h);
  dl->PopClipRect();

  dl->PushClipRect(pos, ImVec2(time_x + width, lanes_top), true);
  DrawRuler(dl, ImVec2(time_x, pos.y), width, kRulerHeight);
  dl->PopClipRect();

  // Scrollbar: a thumb showing which part of the rows is visible; drag it to scroll.
  float track_x = time_x + width;
  ImGui::SetCursorScreenPos(ImVec2(track_x, lanes_top));
  ImGui::InvisibleButton("##vscroll", ImVec2(kScrollbarWidth, lanes_h));
  if (ImGui::IsItemActive() && layout_.height > lanes_h) {
    controller_.SetScrollY(controller_.scroll_y() +
                           ImGui::GetIO().MouseDelta.y * layout_.height / lanes_h);
  }
  dl->AddRectFilled(ImVec2(track_x, lanes_top),
                    ImVec2(track_x + kScrollbarWidth, lanes_top + lanes_h),
                    IM_COL32(30, 32, 36, 255));
  if (layout_.height > lanes_h) {
    float thumb_h = std::max(20.0f, lanes_h * lanes_h / layout_.height);
    float thumb_y = lanes_top + (lanes_h - thumb_h) * controller_.scroll_y() /
                                    std::max(1.0f, layout_.height - lanes_h * 0.5f);
    dl->AddRectFilled(ImVec2(track_x + 2, thumb_y),
                      ImVec2(track_x + kScrollbarWidth - 2, thumb_y + thumb_h),
                      IM_COL32(110, 115, 125, 255), 3);
  }
  DrawEmptyMessage(ImVec2(time_x, lanes_top), ImVec2(width, lanes_h));
}

void View::HandleTimelineInput(ImVec2 time_origin, float width, float ruler_height,
                               float lanes_height) {
  ImGuiIO& io = ImGui::GetIO();
  const float lanes_top = time_origin.y + ruler_height;
  const float label_x = time_origin.x - std::clamp(settings_.label_width, 80.0f, 1e9f);

  // The label column: clicks fold groups and select threads; the wheel scrolls.
  ImGui::SetCursorScreenPos(ImVec2(label_x, lanes_top));
  ImGui::InvisibleButton("##labels", ImVec2(time_origin.x - label_x, lanes_height));
  if (ImGui::IsItemHovered()) {
    if (io.MouseWheel != 0) controller_.SetScrollY(controller_.scroll_y() - io.MouseWheel * 60);
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
      int r = layout_.RowAt(io.MousePos.y - lanes_top + controller_.scroll_y());
      if (r >= 0) {
        const Row& row = layout_.rows[static_cast<size_t>(r)];
        LaneContext lanes = Lanes();
        LaneKindOf(row.kind).LabelClicked(lanes, row);
      }
    }
  }

  ImGui::SetCursorScreenPos(time_origin);
  ImGui::InvisibleButton("##time", ImVec2(width, ruler_height + lanes_height),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  TimelineInput in;
  in.dt = io.DeltaTime;
  in.mouse_x = io.MousePos.x - time_origin.x;
  in.mouse_y = io.MousePos.y - lanes_top;
  in.hovered = ImGui::IsItemHovered();
  in.over_ruler = in.hovered && io.MousePos.y < lanes_top;
  in.wheel = in.hovered ? io.MouseWheel : 0;
  in.shift = io.KeyShift;
  in.left_pressed = in.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  in.left_down = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  in.left_released = ImGui::IsMouseReleased(ImGuiMouseButton_Left);
  in.right_pressed = in.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right);
  in.right_down = ImGui::IsMouseDown(ImGuiMouseButton_Right);
  in.right_released = ImGui::IsMouseReleased(ImGuiMouseButton_Right);
  in.mouse_dx = io.MouseDelta.x;
  in.mouse_dy = io.MouseDelta.y;
  // Keys act anywhere except while typing or in a dialog. GLFW's key codes for letters are
  // their ASCII capitals, which ImGui 1.86 keeps as indices into io.KeysDown.
  bool keys = !io.WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
  if (keys && !io.KeyCtrl) {
    in.key_w = ImGui::IsKeyDown('W');
    in.key_s = ImGui::IsKeyDown('S');
    in.key_a = ImGui::IsKeyDown('A');
    in.key_d = ImGui::IsKeyDown('D');
    in.key_fit = ImGui::IsKeyPressed('F', false);
    in.key_zoom_range = ImGui::IsKeyPressed('Z', false);
    in.key_escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  }
  TimelineActions act = controller_.Update(in);

  std::vector<const TraceDocument*> docs = Docs();
  if (act.clicked) {
    Hit hit = HitTest(docs, layout_, controller_.axis(), act.click_x,
                      act.click_y + controller_.scroll_y());
    if (act.click_y < 0 || hit.row < 0) {
      selection_ = {};
    } else {
      LaneContext lanes = Lanes();
      LaneKindOf(hit.kind).Clicked(lanes, hit);
    }
  }
  hover_.clear();
  if (in.hovered && !controller_.panning() && !controller_.dragging_range() && in.mouse_y >= 0) {
    Hit hit =
        HitTest(docs, layout_, controller_.axis(), in.mouse_x, in.mouse_y + controller_.scroll_y());
    DrawHoverTooltip(hit, in.mouse_x);
  }
  if (in.hovered && controller_.dragging_range()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  if (controller_.panning()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
}

void View::DrawHoverTooltip(const Hit& hit, float /*x*/) {
  if (hit.row < 0) return;
  hover_ = LaneKindOf(hit.kind).Tooltip(Lanes(), hit);
}

void View::DrawRuler(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const TimeAxis& axis = controller_.axis();
  dl->AddRectFilled(ImVec2(origin.x - 1000, origin.y), ImVec2(origin.x + width, origin.y + height),
                    IM_COL32(40, 43, 50, 255));
  Ruler ruler = ComputeRuler(axis.t0(), axis.ns_per_px(), width);
  const ImU32 tick = IM_COL32(170, 175, 185, 255);
  for (const RulerTick& t : ruler.ticks) {
    float x = std::round(origin.x + axis.XOf(t.t));
    float h = t.major ? height * 0.45f : height * 0.2f;
    dl->AddLine(ImVec2(x, origin.y + height - h), ImVec2(x, origin.y + height), tick);
    if (t.major) {
      std::string label = TickLabel(t.t, ruler.major_step);
      dl->AddText(ImVec2(x + 3, origin.y + 2), IM_COL32(225, 228, 235, 255), label.c_str());
    }
  }
  dl->AddLine(ImVec2(origin.x, origin.y + height - 1),
              ImVec2(origin.x + width, origin.y + height - 1), IM_COL32(90, 95, 105, 255));
  DrawLostGaps(dl, origin, width, height, true);
  // The visible span, at the ruler's left end.
  std::string span = absl::StrCat("view ", FormatDurationLabel(axis.span()));
  ImVec2 ts = ImGui::CalcTextSize(span.c_str());
  dl->AddRectFilled(ImVec2(origin.x - ts.x - 12, origin.y), ImVec2(origin.x, origin.y + height),
                    IM_COL32(40, 43, 50, 255));
  dl->AddText(ImVec2(origin.x - ts.x - 6, origin.y + (height - ts.y) / 2),
              IM_COL32(150, 200, 255, 255), span.c_str());
  if (const auto& r = controller_.range()) {
    float x0 = origin.x + axis.XOf(r->first), x1 = origin.x + axis.XOf(r->second);
    dl->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x1, origin.y + height),
                      Col(kRangeSelection, 90));
    std::string len = FormatDurationLabel(r->second - r->first);
    ImVec2 ls = ImGui::CalcTextSize(len.c_str());
    float cx = std::clamp((x0 + x1 - ls.x) / 2, origin.x, origin.x + width - ls.x);
    dl->AddText(ImVec2(cx, origin.y + height - ls.y - 1), IM_COL32(255, 255, 255, 255),
                len.c_str());
  }
}

void View::DrawRows(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const float scroll = controller_.scroll_y();
  // Grid: the ruler's major ticks through the lanes.
  Ruler ruler = ComputeRuler(controller_.axis().t0(), controller_.axis().ns_per_px(), width);
  for (const RulerTick& t : ruler.ticks) {
    if (!t.major) continue;
    float x = std::round(origin.x + controller_.axis().XOf(t.t));
    dl->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + height), IM_COL32(55, 58, 66, 255));
  }
  const LaneContext lanes = Lanes();
  for (size_t i = layout_.FirstVisible(scroll); i < layout_.rows.size(); ++i) {
    const Row& row = layout_.rows[i];
    float y = origin.y + row.y - scroll;
    if (y > origin.y + height) break;
    LaneKindOf(row.kind).DrawBody(lanes, row, dl, ImVec2(origin.x, y), width);
  }
}

void View::DrawMarkerPass(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const float scroll = controller_.scroll_y();
  const LaneContext lanes = Lanes();
  for (size_t i = layout_.FirstVisible(scroll); i < layout_.rows.size(); ++i) {
    const Row& row = layout_.rows[i];
    float y = origin.y + row.y - scroll;
    if (y > origin.y + height) break;
    LaneKindOf(row.kind).DrawOverlay(lanes, row, dl, ImVec2(origin.x, y), width);
  }
}

void View::DrawRowLabels(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const float scroll = controller_.scroll_y();
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(30, 32, 37, 255));
  const float indent = 12;
  const LaneContext lanes = Lanes();
  for (size_t i = layout_.FirstVisible(scroll); i < layout_.rows.size(); ++i) {
    const Row& row = layout_.rows[i];
    float y = origin.y + row.y - scroll;
    if (y > origin.y + height) break;
    const TraceDocument* d = Doc(row.doc);
    if (d == nullptr) continue;
    float x = origin.x + 4 + row.depth * indent;
    const LaneKind& kind = LaneKindOf(row.kind);
    if (kind.IsGroupHeader()) {
      dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + width, y + row.height),
                        IM_COL32(44, 47, 55, 255));
      bool folded = collapsed_.contains(GroupKey(row.doc, row.kind, row.index));
      const ImU32 fold = LaneLabel().color;
      float cy = y + row.height / 2, s = 4;
      if (folded) {
        dl->AddTriangleFilled(ImVec2(x, cy - s), ImVec2(x, cy + s), ImVec2(x + s * 1.6f, cy), fold);
      } else {
        dl->AddTriangleFilled(ImVec2(x - 1, cy - s * 0.6f), ImVec2(x + 2 * s - 1, cy - s * 0.6f),
                              ImVec2(x + s - 1, cy + s), fold);
      }
      x += 12;
    }
    LaneLabel label = kind.Label(lanes, row, dl, ImVec2(origin.x, y), width, &x);
    ImVec2 ts = ImGui::CalcTextSize(label.text.c_str());
    ImVec4 clip(origin.x, y, origin.x + width - 4, y + row.height);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x, y + (row.height - ts.y) / 2),
                label.color, label.text.c_str(), nullptr, 0, &clip);
  }
  dl->AddLine(ImVec2(origin.x + width - 1, origin.y),
              ImVec2(origin.x + width - 1, origin.y + height), IM_COL32(70, 74, 82, 255));
}

void View::DrawRangeOverlay(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const auto& r = controller_.range();
  if (!r) return;
  const TimeAxis& axis = controller_.axis();
  float x0 = std::max(origin.x + axis.XOf(r->first), origin.x - 2);
  float x1 = std::min(origin.x + axis.XOf(r->second), origin.x + width + 2);
  if (x1 < x0 + 1) x1 = x0 + 1;
  dl->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x1, origin.y + height), Col(kRangeSelection, 40));
  dl->AddLine(ImVec2(x0, origin.y), ImVec2(x0, origin.y + height), Col(kRangeSelection, 200));
  dl->AddLine(ImVec2(x1, origin.y), ImVec2(x1, origin.y + height), Col(kRangeSelection, 200));
}

}  // namespace ctrace::viewer
