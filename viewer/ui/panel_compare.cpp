// The compare view's table: each trace's metrics side by side, with the change from the
// first trace. The timelines are stacked in the timeline on a common relative time axis.
#include "absl/strings/str_cat.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "viewer/core/compare_table.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {

void View::DrawComparePanel() {
  std::vector<const TraceDocument*> docs = Docs();
  std::vector<const TraceAnalysis*> analyses;
  for (size_t d = 0; d < docs.size(); ++d) {
    const TraceAnalysis* a = Analysis(static_cast<int>(d));
    if (a == nullptr) {
      ImGui::TextDisabled("Computing metrics...");
      return;
    }
    analyses.push_back(a);
  }
  std::vector<CompareRow> rows = BuildCompareTable(docs, analyses);
  int cols = 1 + static_cast<int>(docs.size()) * 2 - 1;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_ScrollX | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##compare", cols, flags, ImGui::GetContentRegionAvail())) return;
  ImGui::TableSetupScrollFreeze(1, 1);
  ImGui::TableSetupColumn("metric");
  for (size_t d = 0; d < docs.size(); ++d) {
    std::string name = absl::StrCat(d + 1, ": ", ToAbsl(docs[d]->name()));
    ImGui::TableSetupColumn(name.c_str());
    if (d > 0) ImGui::TableSetupColumn(absl::StrCat("vs 1##", d).c_str());
  }
  ImGui::TableHeadersRow();
  for (const CompareRow& r : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r.name.c_str());
    for (size_t d = 0; d < r.values.size(); ++d) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatMetric(r.values[d], r.unit).c_str());
      if (d == 0) continue;
      ImGui::TableNextColumn();
      std::string change = RelativeChange(r.values[0], r.values[d]);
      ImVec4 col = change == "="               ? ImVec4(0.6f, 0.6f, 0.6f, 1)
                   : r.values[d] > r.values[0] ? ImVec4(1, 0.7f, 0.4f, 1)
                                               : ImVec4(0.5f, 0.8f, 1, 1);
      ImGui::TextColored(col, "%s", change.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace ctrace::viewer
