// Small drawing helpers shared by the timeline files.
#ifndef CTRACE_VIEWER_UI_DRAW_UTIL_H_
#define CTRACE_VIEWER_UI_DRAW_UTIL_H_

#include <cmath>
#include <string_view>

#include "imgui.h"
#include "viewer/core/colors.h"

namespace ctrace::viewer {

inline ImU32 Col(Rgb c, uint8_t alpha = 255) { return c.Packed(alpha); }

// Text clipped to [x0, x1] horizontally, vertically centred in [y0, y1]; nothing if it
// does not fit at least a few characters.
inline void ClippedText(ImDrawList* dl, float x0, float x1, float y0, float y1, ImU32 col,
                        std::string_view text) {
  if (x1 - x0 < 24 || text.empty()) return;
  ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
  float y = y0 + (y1 - y0 - size.y) / 2;
  ImVec4 clip(x0 + 2, y0, x1 - 2, y1);
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x0 + 3, y), col, text.data(),
              text.data() + text.size(), 0.0f, &clip);
}

// A line from a to b with an arrow head at b.
inline void Arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
  dl->AddLine(a, b, col, thickness);
  float dx = b.x - a.x, dy = b.y - a.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  dx /= len;
  dy /= len;
  const float head = 4 + thickness * 2;
  ImVec2 p1(b.x - dx * head - dy * head * 0.5f, b.y - dy * head + dx * head * 0.5f);
  ImVec2 p2(b.x - dx * head + dy * head * 0.5f, b.y - dy * head - dx * head * 0.5f);
  dl->AddTriangleFilled(b, p1, p2, col);
}

// Black or white, whichever reads better on `bg`.
inline ImU32 TextOn(Rgb bg) {
  int luma = bg.r * 299 + bg.g * 587 + bg.b * 114;
  return luma > 140000 ? IM_COL32(10, 10, 10, 255) : IM_COL32(245, 245, 245, 255);
}

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_UI_DRAW_UTIL_H_
