// The thread table: one row per thread with its metrics, sortable by every column, filtered
// by the toolbar's filter. A click selects the thread and scrolls the timeline to it.
#include <algorithm>
#include <functional>

#include "absl/strings/str_cat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

enum Unit { kText, kCount, kNs };

struct Column {
  const char* name;
  Unit unit;
  // The value sorted on and shown (text columns sort by their string).
  std::function<double(const Thread&, const ThreadMetrics&)> value;
};

const std::vector<Column>& Columns() {
  static const std::vector<Column> columns = [] {
    std::vector<Column> c;
    c.push_back(
        {"tid", kCount, [](const Thread& t, const ThreadMetrics&) { return double(t.tid); }});
    c.push_back({"name", kText, nullptr});
    c.push_back(
        {"pid", kCount, [](const Thread& t, const ThreadMetrics&) { return double(t.pid); }});
    c.push_back({"running", kNs,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.running_ns); }});
    c.push_back({"runnable", kNs,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.runnable_ns); }});
    c.push_back({"blocked", kNs, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.blocked_total_ns());
                 }});
    for (int r = 0; r < kBlockReasonCount; ++r) {
      static std::string names[kBlockReasonCount];
      names[r] = std::string(BlockReasonName(static_cast<BlockReason>(r)));
      c.push_back({names[r].c_str(), kNs, [r](const Thread&, const ThreadMetrics& m) {
                     return double(m.blocked_ns[size_t(r)]);
                   }});
    }
    c.push_back({"vol sw", kCount, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.voluntary_switches);
                 }});
    c.push_back({"invol sw", kCount, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.involuntary_switches);
                 }});
    c.push_back({"migrations", kCount,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.migrations); }});
    c.push_back({"wakeups in", kCount,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.wakeups_received); }});
    c.push_back({"wakeups out", kCount,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.wakeups_given); }});
    c.push_back({"rq p50", kNs, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.runqueue_latency.p50);
                 }});
    c.push_back({"rq p99", kNs, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.runqueue_latency.p99);
                 }});
    c.push_back({"rq max", kNs, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.runqueue_latency.max);
                 }});
    c.push_back({"epoll calls", kCount,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.epoll.calls); }});
    c.push_back({"epoll wait", kNs,
                 [](const Thread&, const ThreadMetrics& m) { return double(m.epoll.wait_ns); }});
    c.push_back({"created", kCount, [](const Thread&, const ThreadMetrics& m) {
                   return double(m.threads_created + m.processes_created);
                 }});
    c.push_back({"creation lat", kNs, [](const Thread&, const ThreadMetrics& m) {
                   return m.creation_latency_ns ? double(*m.creation_latency_ns) : -1.0;
                 }});
    return c;
  }();
  return columns;
}

}  // namespace

void View::DrawThreadsPanel() {
  int d = selection_.doc >= 0 ? selection_.doc : 0;
  const TraceAnalysis* a = PanelAnalysis(d);
  if (a == nullptr) return;
  const TraceDocument* doc = Doc(d);
  if (Docs().size() > 1) {
    ImGui::TextDisabled("Threads of trace %d (%s); select a thread of another trace to switch.",
                        d + 1, std::string(doc->name()).c_str());
  }
  const Model& m = doc->model();
  const std::vector<Column>& cols = Columns();
  const ImGuiTableFlags flags =
      ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX |
      ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
      ImGuiTableFlags_Hideable | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##threads", static_cast<int>(cols.size()), flags,
                         ImGui::GetContentRegionAvail())) {
    return;
  }
  ImGui::TableSetupScrollFreeze(2, 1);
  for (size_t i = 0; i < cols.size(); ++i) {
    ImGuiTableColumnFlags f =
        cols[i].unit == kText ? 0 : ImGuiTableColumnFlags_PreferSortDescending;
    if (i == 3) f |= ImGuiTableColumnFlags_DefaultSort;
    ImGui::TableSetupColumn(cols[i].name, f);
  }
  ImGui::TableHeadersRow();

  std::vector<uint32_t> order;
  for (uint32_t t = 0; t < m.threads.size(); ++t) {
    if (ThreadMatches(*doc, t, filter_)) order.push_back(t);
  }
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
    const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
    const Column& c = cols[static_cast<size_t>(s.ColumnIndex)];
    bool asc = s.SortDirection == ImGuiSortDirection_Ascending;
    if (c.unit == kText) {
      std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
        return asc ? doc->ThreadName(x) < doc->ThreadName(y)
                   : doc->ThreadName(x) > doc->ThreadName(y);
      });
    } else {
      std::vector<double> key(m.threads.size());
      for (uint32_t t : order) key[t] = c.value(m.threads[t], a->metrics.threads[t]);
      std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
        return asc ? key[x] < key[y] : key[x] > key[y];
      });
    }
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(order.size()));
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      uint32_t t = order[static_cast<size_t>(r)];
      const Thread& th = m.threads[t];
      const ThreadMetrics& tm = a->metrics.threads[t];
      ImGui::TableNextRow();
      for (size_t i = 0; i < cols.size(); ++i) {
        ImGui::TableNextColumn();
        if (i == 0) {
          std::string id = absl::StrCat(th.tid, "##", t);
          if (ImGui::Selectable(id.c_str(), selection_.doc == d && selection_.thread == t,
                                ImGuiSelectableFlags_SpanAllColumns)) {
            SelectThread(d, t);
          }
          continue;
        }
        if (cols[i].unit == kText) {
          ImGui::TextUnformatted(std::string(doc->ThreadName(t)).c_str());
          continue;
        }
        double v = cols[i].value(th, tm);
        if (v < 0) {
          ImGui::TextDisabled("-");
        } else if (cols[i].unit == kNs) {
          ImGui::TextUnformatted(FormatDurationLabel(v).c_str());
        } else {
          ImGui::Text("%.0f", v);
        }
      }
    }
  }
  ImGui::EndTable();
}

}  // namespace ctrace::viewer
