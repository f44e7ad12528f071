// The group headers of the timeline: a trace (when several are open), the CPU lanes, and a
// process (its name, pid and thread count, and its life as a thin bar). Each folds the rows
// under it.
#include "absl/strings/str_cat.h"
#include "format/string_view_compat.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/lane_kind.h"

namespace ctrace::viewer {

void LaneKind::LabelClicked(LaneContext& c, const Row& row) const {
  if (!IsGroupHeader()) return;
  const uint64_t key = GroupKey(row.doc, row.kind, row.index);
  if (!c.collapsed->erase(key)) c.collapsed->insert(key);
  *c.layout_dirty = true;
}

namespace {

class TraceHeader final : public LaneKind {
 public:
  bool IsGroupHeader() const override { return true; }
  LaneLabel Label(const LaneContext& c, const Row& row, ImDrawList* /*dl*/, ImVec2 /*cell*/,
                  float /*cell_width*/, float* /*text_x*/) const override {
    return {absl::StrCat("trace ", row.doc + 1, ": ", ToAbsl(c.Doc(row.doc)->name())),
            IM_COL32(150, 200, 255, 255)};
  }
  ViewState::RowRect StateRow(const TraceDocument& /*doc*/, const Row& /*row*/) const override {
    return {'g', 0, 0, 0};
  }
};

class CpuHeader final : public LaneKind {
 public:
  bool IsGroupHeader() const override { return true; }
  LaneLabel Label(const LaneContext& /*c*/, const Row& /*row*/, ImDrawList* /*dl*/, ImVec2 /*cell*/,
                  float /*cell_width*/, float* /*text_x*/) const override {
    return {"CPUs"};
  }
  ViewState::RowRect StateRow(const TraceDocument& /*doc*/, const Row& /*row*/) const override {
    return {'g', 0, 0, 0};
  }
};

class ProcessHeader final : public LaneKind {
 public:
  bool IsGroupHeader() const override { return true; }
  LaneLabel Label(const LaneContext& c, const Row& row, ImDrawList* /*dl*/, ImVec2 /*cell*/,
                  float /*cell_width*/, float* /*text_x*/) const override {
    const TraceDocument& d = *c.Doc(row.doc);
    const Process& p = d.model().processes[row.index];
    return {absl::StrCat(ToAbsl(d.ProcessName(row.index)), "  ", p.pid, "  (", p.threads.size(),
                         p.threads.size() == 1 ? " thread)" : " threads)")};
  }
  // The process's life as a thin bar: from its start to its exit.
  void DrawBody(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                float width) const override {
    const TraceDocument* d = c.Doc(row.doc);
    if (d == nullptr) return;
    const Process& p = d->model().processes[row.index];
    double a = static_cast<double>(p.first_ns) - static_cast<double>(d->origin_ns());
    double b = static_cast<double>(p.exit ? p.exit->ts_ns : d->model().end_ns) -
               static_cast<double>(d->origin_ns());
    float x0 = std::max(origin.x + c.axis->XOf(a), origin.x - 2);
    float x1 = std::min(origin.x + c.axis->XOf(b), origin.x + width + 2);
    if (x1 > x0) {
      dl->AddRectFilled(ImVec2(x0, origin.y + row.height - 5),
                        ImVec2(std::max(x1, x0 + 1), origin.y + row.height - 2),
                        IM_COL32(120, 125, 140, 255));
    }
  }
  ViewState::RowRect StateRow(const TraceDocument& doc, const Row& row) const override {
    return {'p', doc.model().processes[row.index].pid, 0, 0};
  }
  // Folded, the header stands for the threads it hides (those the filter keeps).
  void ForThreadsShown(const LaneContext& c, const Row& row,
                       const std::function<void(uint32_t)>& f) const override {
    if (!c.Folded(row)) return;
    const TraceDocument& d = *c.Doc(row.doc);
    const Model& m = d.model();
    for (uint32_t t : m.processes[row.index].threads) {
      if (t < m.threads.size() && ThreadMatches(d, t, *c.filter)) f(t);
    }
  }
};

}  // namespace

const LaneKind& TraceHeaderKind() {
  static const TraceHeader kind;
  return kind;
}
const LaneKind& CpuHeaderKind() {
  static const CpuHeader kind;
  return kind;
}
const LaneKind& ProcessHeaderKind() {
  static const ProcessHeader kind;
  return kind;
}

}  // namespace ctrace::viewer
