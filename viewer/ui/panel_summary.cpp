// The trace summary: what was recorded (command, host, duration, events, lost events) and
// the model's self-check against the kernel's own counters.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "format/event.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

void Row2(const char* name, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", name);
  ImGui::TableNextColumn();
  ImGui::TextWrapped("%s", value.c_str());
}

void Summary(const TraceDocument& doc, const TraceAnalysis* a) {
  const Model& m = doc.model();
  if (!ImGui::BeginTable("##summary", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, 160);
  ImGui::TableSetupColumn("v");
  Row2("file", doc.path());
  Row2("command", absl::StrJoin(m.header.command, " "));
  Row2("host", absl::StrCat(m.header.hostname, ", kernel ", m.header.kernel_release, ", ",
                            m.header.cpu_count, " CPUs"));
  Row2("recorder", m.header.recorder);
  Row2("duration", FormatDurationLabel(double(doc.duration_ns())));
  Row2("ended",
       m.trailer ? m.trailer->end_reason : std::string("no trailer: the recording was cut off"));
  std::string kinds;
  for (int k = 1; k <= kMaxEventKind; ++k) {
    uint64_t n = m.stats.events_by_kind[static_cast<size_t>(k)];
    if (n)
      absl::StrAppend(&kinds, kinds.empty() ? "" : ", ",
                      ToAbsl(EventKindName(static_cast<EventKind>(k))), " ", n);
  }
  Row2("events",
       absl::StrCat(m.stats.events, kinds.empty() ? "" : " (", kinds, kinds.empty() ? "" : ")"));
  Row2("processes / threads", absl::StrCat(m.processes.size(), " / ", m.threads.size()));
  uint64_t lost = m.LostEvents();
  Row2("lost events",
       lost == 0 ? std::string("none")
                 : absl::StrCat(lost, " in ", m.gaps.size(), " gaps (marked red on the ruler)"));
  if (m.truncated) Row2("truncated", m.truncation_reason);
  if (m.stats.late_events || m.stats.inconsistencies || m.stats.unknown_kinds) {
    Row2("anomalies", absl::StrCat(m.stats.late_events, " late, ", m.stats.inconsistencies,
                                   " inconsistent, ", m.stats.unknown_kinds, " of unknown kinds"));
  }
  if (a != nullptr) {
    const SelfCheck& c = a->self_check;
    std::string check;
    if (c.threads_checked == 0) {
      check = "no thread was both created and exited in the trace: nothing to check";
    } else {
      check = absl::StrCat(c.threads_matching, " of ", c.threads_checked,
                           " threads match the kernel's switch counts");
      if (!c.all_matching()) absl::StrAppend(&check, " (", c.mismatches.size(), " differ)");
      absl::StrAppend(&check, "; largest CPU time difference ",
                      FormatDurationLabel(double(c.max_cpu_time_diff_ns)));
      if (c.incomplete())
        absl::StrAppend(&check, "; incomplete: events were lost or the file was cut");
    }
    Row2("self-check", check);
    Row2("peak running threads", absl::StrCat(a->metrics.peak_running_threads, " at ",
                                              FormatOffset(double(a->metrics.peak_running_at_ns) -
                                                           double(doc.origin_ns()))));
  } else {
    Row2("self-check", "computing...");
  }
  ImGui::EndTable();
}

}  // namespace

void View::DrawSummaryPanel() {
  ImGui::BeginChild("##summary_scroll");
  std::vector<const TraceDocument*> docs = Docs();
  for (size_t d = 0; d < docs.size(); ++d) {
    if (docs.size() > 1) ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "trace %zu", d + 1);
    ImGui::PushID(static_cast<int>(d));
    Summary(*docs[d], Analysis(static_cast<int>(d)));
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace ctrace::viewer
