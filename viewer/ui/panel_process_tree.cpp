// The process tree: each process under its parent, with its execs, exit and threads. A
// click on a process or thread selects it in the timeline.
#include "absl/strings/str_cat.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

void DrawProcess(View& view, const TraceDocument& doc, int d, uint32_t p, int depth,
                 const Selection& sel) {
  const Model& m = doc.model();
  const Process& proc = m.processes[p];
  std::string label =
      absl::StrCat(ToAbsl(doc.ProcessName(p)), "  pid ", proc.pid, "  (", proc.threads.size(),
                   proc.threads.size() == 1 ? " thread" : " threads");
  if (proc.exit) {
    ExitStatus s = DecodeExitCode(proc.exit->exit_code);
    absl::StrAppend(&label, s.signaled ? ", killed by signal " : ", exit ",
                    s.signaled ? s.signal : s.code);
  }
  absl::StrAppend(&label, ")##proc", p);
  ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth;
  if (depth < 4) flags |= ImGuiTreeNodeFlags_DefaultOpen;
  bool open = ImGui::TreeNodeEx(label.c_str(), flags);
  if (ImGui::IsItemClicked() && !ImGui::IsItemToggledOpen() && !proc.threads.empty()) {
    view.SelectThread(d, proc.threads.front());
  }
  if (!open) return;
  for (const ExecRecord& e : proc.execs) {
    ImGui::TextDisabled("exec %s at %s", std::string(m.String(e.filename)).c_str(),
                        FormatOffset(static_cast<double>(e.ts_ns - doc.origin_ns())).c_str());
  }
  for (uint32_t t : proc.threads) {
    if (t >= m.threads.size()) continue;
    std::string tl =
        absl::StrCat("thread ", ToAbsl(doc.ThreadName(t)), "  tid ", m.threads[t].tid, "##thr", t);
    ImGui::Indent(ImGui::GetTreeNodeToLabelSpacing());
    if (ImGui::Selectable(tl.c_str(), sel.doc == d && sel.thread == t)) view.SelectThread(d, t);
    ImGui::Unindent(ImGui::GetTreeNodeToLabelSpacing());
  }
  for (uint32_t c : proc.children) {
    if (c < m.processes.size() && c != p && depth < 200)
      DrawProcess(view, doc, d, c, depth + 1, sel);
  }
  ImGui::TreePop();
}

}  // namespace

void View::DrawProcessTreePanel() {
  ImGui::BeginChild("##tree");
  std::vector<const TraceDocument*> docs = Docs();
  for (size_t d = 0; d < docs.size(); ++d) {
    const TraceDocument& doc = *docs[d];
    if (docs.size() > 1)
      ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "trace %zu: %s", d + 1,
                         std::string(doc.name()).c_str());
    ImGui::PushID(static_cast<int>(d));
    for (uint32_t p : doc.process_order()) {
      if (doc.process_depth()[p] == 0)
        DrawProcess(*this, doc, static_cast<int>(d), p, 0, selection_);
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
}

}  // namespace ctrace::viewer
