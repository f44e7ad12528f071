// Statistics for the dragged time range: per thread, time in each state and the switches
// and wakeups inside the range.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {

void View::DrawRangeStatsPanel() {
  ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "Range");
  ImGui::Separator();
  const auto& r = controller_.range();
  if (!r) {
    range_stats_.reset();
    ImGui::TextDisabled("Right-drag (or shift-drag, or drag on the ruler) to select a range.");
    return;
  }
  int d = selection_.doc >= 0 ? selection_.doc : 0;
  const TraceDocument* doc = Doc(d);
  if (doc == nullptr) return;
  if (!range_stats_ || range_stats_key_ != *r || range_stats_doc_ != d) {
    uint64_t a = doc->origin_ns() + static_cast<uint64_t>(std::max(0.0, r->first));
    uint64_t b = doc->origin_ns() + static_cast<uint64_t>(std::max(0.0, r->second));
    range_stats_ = ComputeRangeStats(*doc, a, b);
    range_stats_key_ = *r;
    range_stats_doc_ = d;
  }
  RangeStats& rs = *range_stats_;
  ImGui::Text("%s .. %s  (%s)", FormatOffset(r->first).c_str(), FormatOffset(r->second).c_str(),
              FormatDurationLabel(r->second - r->first).c_str());
  if (ImGui::SmallButton("Zoom to range")) controller_.axis().ZoomToRange(r->first, r->second);
  ImGui::SameLine();
  if (ImGui::SmallButton("Clear")) {
    controller_.ClearRange();
    return;
  }
  ImGui::Text(
      "%zu threads: running %s, runnable %s, blocked %s", rs.threads.size(),
      FormatDurationLabel(double(rs.total.state_ns[size_t(ThreadState::kRunning)])).c_str(),
      FormatDurationLabel(double(rs.total.state_ns[size_t(ThreadState::kRunnable)])).c_str(),
      FormatDurationLabel(double(rs.total.blocked_ns())).c_str());
  ImGui::Text("switches %llu voluntary, %llu involuntary; %llu wakeups",
              static_cast<unsigned long long>(rs.total.voluntary_switches),
              static_cast<unsigned long long>(rs.total.involuntary_switches),
              static_cast<unsigned long long>(rs.total.wakeups));

  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##range", 7, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("thread", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn(
      "running", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableSetupColumn("runnable", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableSetupColumn("blocked", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableSetupColumn("vol", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableSetupColumn("invol", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableSetupColumn("wakeups", ImGuiTableColumnFlags_PreferSortDescending);
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
    const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
    auto value = [&](const ThreadRangeStats& t) -> double {
      switch (s.ColumnIndex) {
        case 0:
          return -double(doc->model().threads[t.thread].tid);
        case 1:
          return double(t.state_ns[size_t(ThreadState::kRunning)]);
        case 2:
          return double(t.state_ns[size_t(ThreadState::kRunnable)]);
        case 3:
          return double(t.blocked_ns());
        case 4:
          return double(t.voluntary_switches);
        case 5:
          return double(t.involuntary_switches);
        default:
          return double(t.wakeups);
      }
    };
    bool asc = s.SortDirection == ImGuiSortDirection_Ascending;
    std::stable_sort(rs.threads.begin(), rs.threads.end(),
                     [&](const ThreadRangeStats& a, const ThreadRangeStats& b) {
                       return asc ? value(a) < value(b) : value(a) > value(b);
                     });
  }
  for (const ThreadRangeStats& t : rs.threads) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    std::string name =
        absl::StrCat(ToAbsl(doc->ThreadName(t.thread)), " ", doc->model().threads[t.thread].tid);
    if (ImGui::Selectable(name.c_str(), selection_.thread == t.thread && selection_.doc == d,
                          ImGuiSelectableFlags_SpanAllColumns)) {
      SelectThread(d, t.thread);
    }
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(
        FormatDurationLabel(double(t.state_ns[size_t(ThreadState::kRunning)])).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(
        FormatDurationLabel(double(t.state_ns[size_t(ThreadState::kRunnable)])).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(FormatDurationLabel(double(t.blocked_ns())).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(t.voluntary_switches));
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(t.involuntary_switches));
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(t.wakeups));
  }
  ImGui::EndTable();
}

}  // namespace ctrace::viewer
