// The toolbar above the timeline: the state legend, display options and the thread filter.
#include "absl/strings/str_cat.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

void Swatch(Rgb c, const char* label, bool band) {
  ImVec2 p = ImGui::GetCursorScreenPos();
  float h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float y0 = band ? p.y + h * 0.28f : p.y + 1, y1 = band ? p.y + h * 0.72f : p.y + h - 1;
  dl->AddRectFilled(ImVec2(p.x, y0), ImVec2(p.x + 14, y1), Col(c));
  ImGui::Dummy(ImVec2(16, h));
  ImGui::SameLine(0, 2);
  ImGui::TextUnformatted(label);
  ImGui::SameLine(0, 12);
}

}  // namespace

void View::DrawToolbar() {
  ImGui::AlignTextToFramePadding();
  const ThreadState states[] = {
      ThreadState::kRunning,         ThreadState::kRunnable,    ThreadState::kBlockedEpoll,
      ThreadState::kBlockedFutex,    ThreadState::kBlockedIo,   ThreadState::kBlockedPoll,
      ThreadState::kBlockedSleep,    ThreadState::kBlockedWait, ThreadState::kBlockedOther,
      ThreadState::kUninterruptible, ThreadState::kStopped,     ThreadState::kUnknown};
  for (ThreadState s : states) {
    std::string name(ThreadStateName(s));
    Swatch(StateColor(s), name.c_str(), IsBlocked(s) || s == ThreadState::kUnknown);
  }
  // Markers and flows.
  {
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto item = [&](const char* label, auto draw) {
      p = ImGui::GetCursorScreenPos();
      draw(dl, p, h);
      ImGui::Dummy(ImVec2(14, h));
      ImGui::SameLine(0, 2);
      ImGui::TextUnformatted(label);
      ImGui::SameLine(0, 12);
    };
    item("thread created", [](ImDrawList* d, ImVec2 q, float) {
      d->AddTriangleFilled(ImVec2(q.x + 1, q.y + 2), ImVec2(q.x + 13, q.y + 2),
                           ImVec2(q.x + 7, q.y + 11), Col(kMarkerThreadCreated));
    });
    item("process created", [](ImDrawList* d, ImVec2 q, float h) {
      float cx = q.x + 7, cy = q.y + h / 2;
      d->AddQuadFilled(ImVec2(cx, cy - 6), ImVec2(cx + 6, cy), ImVec2(cx, cy + 6),
                       ImVec2(cx - 6, cy), Col(kMarkerProcessCreated));
    });
    item("exec", [](ImDrawList* d, ImVec2 q, float h) {
      d->AddTriangleFilled(ImVec2(q.x + 1, q.y + h - 2), ImVec2(q.x + 13, q.y + h - 2),
                           ImVec2(q.x + 7, q.y + h - 11), Col(kMarkerExec));
    });
    item("exit", [](ImDrawList* d, ImVec2 q, float h) {
      d->AddRectFilled(ImVec2(q.x + 3, q.y + h / 2 - 4), ImVec2(q.x + 11, q.y + h / 2 + 4),
                       Col(kMarkerExit));
    });
    item("wakeup", [](ImDrawList* d, ImVec2 q, float h) {
      d->AddLine(ImVec2(q.x + 1, q.y + h / 2), ImVec2(q.x + 13, q.y + h / 2), Col(kWakeFlow), 2);
    });
    item("lost events", [](ImDrawList* d, ImVec2 q, float h) {
      d->AddRectFilled(ImVec2(q.x + 4, q.y + 1), ImVec2(q.x + 9, q.y + h - 1), Col(kLostGap));
    });
    ImGui::NewLine();
  }

  bool changed = false;
  changed |= ImGui::Checkbox("Tint running by CPU", &settings_.tint_by_cpu);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("CPU lanes", &settings_.show_cpu_lanes);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Creation flows", &settings_.show_creation_flows);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("Wakeups of selection", &settings_.show_wake_flows);
  if (changed) ImGui::MarkIniSettingsDirty();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(220);
  if (ImGui::InputTextWithHint("##filter", "filter: name, tid, pid, process", filter_,
                               sizeof(filter_))) {
    layout_dirty_ = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("Fit (F)")) controller_.axis().Fit();
  ImGui::SameLine();
  ImGui::BeginDisabled(!controller_.range());
  if (ImGui::Button("Zoom to range (Z)") && controller_.range()) {
    controller_.axis().ZoomToRange(controller_.range()->first, controller_.range()->second);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("wheel/W/S zoom, A/D or drag pan, right-drag range");
}

}  // namespace ctrace::viewer
