// A CPU's lane: which traced thread held the CPU when (each thread in its own colour, its
// name where there is room), idle time and time given to threads outside the traced set.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/lane_kind.h"

namespace ctrace::viewer {
namespace {

void DrawHolders(const LaneContext& ctx, const Row& row, ImDrawList* dl, ImVec2 origin,
                 float width) {
  const TraceDocument* doc = ctx.Doc(row.doc);
  if (doc == nullptr) return;
  const uint16_t cpu = static_cast<uint16_t>(row.index);
  const TimeAxis& axis = *ctx.axis;
  std::vector<LaneRun>& runs = *ctx.runs;
  runs.clear();
  doc->CpuLod(cpu).Runs(doc->CpuItems(cpu), doc->origin_ns(), axis.t0(), axis.ns_per_px(), width,
                        CpuKeyClass, &runs);
  const Model& m = doc->model();
  const float h = row.height;
  const Selection& selection = *ctx.selection;
  for (const LaneRun& run : runs) {
    Rgb c;
    if (run.key == kLaneNone) continue;
    float y0 = origin.y + 1, y1 = origin.y + h - 1;
    if (run.key == kLaneIdle) {
      c = kCpuIdle;
    } else if (run.key == kLaneOther) {
      c = kCpuOther;
      y0 = origin.y + h * 0.3f;
      y1 = origin.y + h * 0.7f;
    } else if (run.key < m.threads.size()) {
      c = ThreadColor(m.threads[run.key].tid);
    } else {
      continue;
    }
    float x0 = origin.x + run.x0;
    float x1 = std::max(origin.x + run.x1, x0 + 1.0f);
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), Col(c));
    if (!run.merged() && run.key < m.threads.size() && x1 - x0 > 40) {
      ClippedText(dl, std::max(x0, origin.x), std::min(x1, origin.x + width), y0, y1, TextOn(c),
                  doc->ThreadName(run.key));
    }
    bool selected = selection.doc == row.doc && selection.cpu == cpu &&
                    selection.cpu_item >= run.first && selection.cpu_item < run.first + run.count;
    if (selected)
      dl->AddRect(ImVec2(x0 - 1, origin.y), ImVec2(x1 + 1, origin.y + h), Col(kSelection), 0, 0, 2);
  }
}

void HolderTooltip(const LaneContext& ctx, const Hit& hit) {
  const TraceDocument* doc = ctx.Doc(hit.doc);
  if (doc == nullptr || hit.interval < 0) return;
  const Row& row = ctx.layout->rows[static_cast<size_t>(hit.row)];
  const uint16_t cpu = static_cast<uint16_t>(row.index);
  const PodVector<CpuItem>& e = doc->CpuEntries(cpu);
  size_t i = static_cast<size_t>(hit.interval);
  const CpuItem& item = e[i];
  ImGui::BeginTooltip();
  ImGui::Text("CPU %u", cpu);
  if (item.key == kLaneIdle) {
    ImGui::Text("idle");
  } else if (item.key == kLaneOther) {
    ImGui::Text("a thread outside the traced set");
  } else if (item.key == kLaneNone) {
    ImGui::Text("unknown (before this CPU's first switch)");
  } else if (item.key < doc->model().threads.size()) {
    const Thread& t = doc->model().threads[item.key];
    ImGui::Text("%s  tid %d  pid %d", std::string(doc->ThreadName(item.key)).c_str(), t.tid, t.pid);
  }
  ImGui::Text("start %s",
              FormatOffset(static_cast<double>(item.start_ns - doc->origin_ns())).c_str());
  ImGui::Text("duration %s",
              FormatDurationLabel(static_cast<double>(e[i + 1].start_ns - item.start_ns)).c_str());
  ImGui::EndTooltip();
}

class CpuLane final : public LaneKind {
 public:
  LaneLabel Label(const LaneContext& /*c*/, const Row& row, ImDrawList* dl, ImVec2 cell,
                  float /*cell_width*/, float* text_x) const override {
    Rgb color = CpuColor(static_cast<uint16_t>(row.index));
    dl->AddRectFilled(ImVec2(*text_x, cell.y + 3), ImVec2(*text_x + 4, cell.y + row.height - 3),
                      Col(color));
    *text_x += 8;
    return {absl::StrCat("CPU ", row.index)};
  }
  void DrawBody(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                float width) const override {
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + row.height),
                      Col(kLaneBackground));
    DrawHolders(c, row, dl, origin, width);
  }
  std::string Tooltip(const LaneContext& c, const Hit& hit) const override {
    HolderTooltip(c, hit);
    return absl::StrCat("cpu ", c.layout->rows[static_cast<size_t>(hit.row)].index, " ",
                        hit.interval);
  }
  void Clicked(LaneContext& c, const Hit& hit) const override {
    *c.selection = {};
    c.selection->doc = hit.doc;
    c.selection->thread = hit.thread;
    c.selection->cpu = static_cast<int>(c.layout->rows[static_cast<size_t>(hit.row)].index);
    c.selection->cpu_item = hit.interval;
  }
  // A CPU lane's label selects nothing and folds nothing.
  void LabelClicked(LaneContext& /*c*/, const Row& /*row*/) const override {}
  ViewState::RowRect StateRow(const TraceDocument& /*doc*/, const Row& row) const override {
    return {'c', static_cast<int32_t>(row.index), 0, 0};
  }
};

}  // namespace

const LaneKind& CpuLaneKind() {
  static const CpuLane kind;
  return kind;
}

}  // namespace ctrace::viewer
