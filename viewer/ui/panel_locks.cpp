// The Locks panel: every futex word threads slept on (model/locks.h), the most wait time
// first, for the trace of the selection. Choosing one draws its waits on the lanes (a stripe
// along the top of each waiter's lane) and the wakeups that ended them (arrows from the
// wakers); the list under the table names its waiters and wakers.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

std::string Tids(const Model& m, const std::vector<uint32_t>& threads) {
  return absl::StrJoin(
      threads, " ", [&](std::string* out, uint32_t t) { absl::StrAppend(out, m.threads[t].tid); });
}

}  // namespace

void View::DrawLocksPanel() {
  const int d = lock_doc_ >= 0 ? lock_doc_ : (selection_.doc >= 0 ? selection_.doc : 0);
  const TraceAnalysis* a = PanelAnalysis(d);
  if (a == nullptr) return;
  const TraceDocument* doc = Doc(d);
  const Model& m = doc->model();
  if (a->locks.empty()) {
    ImGui::TextDisabled(
        "No futex sleeps with addresses in this trace (they are recorded from trace format 2).");
    return;
  }
  ImGui::TextDisabled(
      "%zu futex words slept on (locks, condition variables, joins), most wait "
      "time first. Choose one to see its waits and wakeups on the lanes.",
      a->locks.size());
  if (lock_index_ >= 0) {
    const Lock& l = a->locks[static_cast<size_t>(lock_index_)];
    const std::string variable(LockName(m, l));
    ImGui::Text("%s%s%#llx in pid %d: waiters %s; woken by %s", variable.c_str(),
                variable.empty() ? "" : " at ", static_cast<unsigned long long>(l.address), l.pid,
                Tids(m, l.waiters).c_str(),
                l.wakers.empty() ? "no traced thread" : Tids(m, l.wakers).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) SelectLock(d, -1);
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##locks", 10, flags, ImGui::GetContentRegionAvail())) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"address", "variable", "pid", "process", "waits", "waited", "max",
                           "waiters", "wakers", "no waker"}) {
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(a->locks.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Lock& l = a->locks[static_cast<size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      std::string id = absl::StrFormat("%#x##lock%d", l.address, i);
      if (ImGui::Selectable(id.c_str(), lock_doc_ == d && lock_index_ == i,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        SelectLock(d, lock_doc_ == d && lock_index_ == i ? -1 : i);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::string(LockName(m, l)).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", l.pid);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(l.process != kNoProcess
                                 ? std::string(m.String(m.processes[l.process].comm)).c_str()
                                 : "");
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(l.waits));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatDurationLabel(static_cast<double>(l.wait_ns)).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(FormatDurationLabel(static_cast<double>(l.max_wait_ns)).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", l.waiters.size());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", l.wakers.size());
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(l.waits_without_waker));
    }
  }
  ImGui::EndTable();
}

}  // namespace ctrace::viewer
