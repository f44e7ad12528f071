// The critical path controls and breakdown, in the details panel of a selected thread: what
// it waited for over the dragged range (or its life), drawn over the lanes by lane_waits.cpp.
#include <string>

#include "absl/strings/str_cat.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

void Line(const char* what, uint64_t ns, uint64_t total) {
  ImGui::Text("%8s %5.1f%%  %s", FormatDurationLabel(static_cast<double>(ns)).c_str(),
              total ? 100.0 * static_cast<double>(ns) / static_cast<double>(total) : 0.0, what);
}

}  // namespace

void View::DrawCriticalPathDetails() {
  const bool shown = path_ && path_doc_ == selection_.doc && path_->thread == selection_.thread;
  ImGui::Separator();
  if (!shown) {
    if (ImGui::SmallButton("Critical path")) ShowCriticalPath();
    ImGui::SameLine();
    ImGui::TextDisabled(controller_.range() ? "what it waited for in the range"
                                            : "what it waited for, all the way down");
    return;
  }
  if (ImGui::SmallButton("Hide critical path")) {
    ClearCriticalPath();
    return;
  }
  const TraceDocument& doc = *Doc(path_doc_);
  const Model& m = doc.model();
  const CriticalPath& p = *path_;
  const uint64_t total = p.end_ns - p.start_ns;
  ImGui::TextColored(ImVec4(1, 0.67f, 0, 1), "Critical path, %s (%zu segments)",
                     FormatDurationLabel(static_cast<double>(total)).c_str(), p.segments.size());
  Line("running itself", p.own_running_ns, total);
  Line("waiting for a CPU", p.waiting_for_cpu_ns, total);
  for (const PathThreadTime& t : p.by_thread) {
    std::string who = absl::StrCat("waiting for ", ToAbsl(doc.ThreadName(t.thread)), " (",
                                   m.threads[t.thread].tid, ") to run");
    Line(who.c_str(), t.ns, total);
  }
  Line("not explained (red on the lanes)", p.unexplained_ns, total);
  for (int g = 1; g < kPathGapCount; ++g) {
    if (p.unexplained_by_gap[g] == 0) continue;
    std::string why = absl::StrCat("  ", ToAbsl(PathGapName(static_cast<PathGap>(g))));
    Line(why.c_str(), p.unexplained_by_gap[g], total);
  }
}

}  // namespace ctrace::viewer
