// A thread's lane: its state intervals in their colours (running tinted by CPU on request),
// blocked states drawn as a narrower band so running and runnable stand out, labels where
// an interval is wide enough, and the selected interval outlined.
#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "format/event.h"
#include "format/string_view_compat.h"
#include "format/syscall_table.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/interval_details.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/lane_kind.h"
#include "viewer/ui/lane_markers.h"

namespace ctrace::viewer {
namespace {

// Vertical extent of a state's bar within a lane of height h: blocked states are a band
// through the middle.
std::pair<float, float> BarExtent(ThreadState s, float y, float h) {
  if (IsBlocked(s) || s == ThreadState::kUnknown) return {y + h * 0.28f, y + h * 0.72f};
  return {y + 1, y + h - 1};
}

void DrawIntervals(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                   float width) {
  const TraceDocument* doc = c.Doc(row.doc);
  if (doc == nullptr) return;
  const uint32_t t = row.index;
  const TimeAxis& axis = *c.axis;
  std::vector<LaneRun>& runs = *c.runs;
  runs.clear();
  doc->ThreadLod(t).Runs(doc->ThreadItems(t), doc->origin_ns(), axis.t0(), axis.ns_per_px(), width,
                         ThreadKeyClass, &runs);
  const float h = row.height;
  const bool label_room = h >= ImGui::GetFontSize() + 2;
  for (const LaneRun& run : runs) {
    ThreadState s = KeyState(run.key);
    if (s == ThreadState::kExited) continue;
    Rgb color = c.settings->tint_by_cpu && s == ThreadState::kRunning ? CpuColor(KeyCpu(run.key))
                                                                      : StateColor(s);
    auto [y0, y1] = BarExtent(s, origin.y, h);
    float x0 = origin.x + run.x0;
    float x1 = std::max(origin.x + run.x1, x0 + 1.0f);
    dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), Col(color));
    if (label_room && !run.merged() && x1 - x0 > 40) {
      ClippedText(dl, std::max(x0, origin.x), std::min(x1, origin.x + width), y0, y1, TextOn(color),
                  IntervalLabel(doc->model().threads[t].intervals[run.first]));
    }
  }
  const Selection& sel = *c.selection;
  if (sel.doc == row.doc && sel.thread == t && sel.interval >= 0) {
    const Thread& th = doc->model().threads[t];
    size_t i = static_cast<size_t>(sel.interval);
    if (i < th.intervals.size()) {
      double a = static_cast<double>(th.intervals[i].start_ns - doc->origin_ns());
      double b = static_cast<double>(doc->model().IntervalEnd(th, i) - doc->origin_ns());
      float x0 = std::max(origin.x + axis.XOf(a), origin.x - 3);
      float x1 = std::min(origin.x + axis.XOf(b), origin.x + width + 3);
      if (x1 >= origin.x - 3 && x0 <= origin.x + width + 3) {
        dl->AddRect(ImVec2(x0 - 1, origin.y), ImVec2(std::max(x1, x0 + 1) + 1, origin.y + h),
                    Col(kSelection), 0, 0, 2.0f);
      }
    }
  }
}

void IntervalTooltip(const LaneContext& c, const Hit& hit) {
  const TraceDocument* doc = c.Doc(hit.doc);
  if (doc == nullptr || hit.thread == kNoThread) return;
  const Model& m = doc->model();
  const Thread& th = m.threads[hit.thread];
  const TimeAxis& axis = *c.axis;
  // The time one pixel covers around the cursor: if many intervals share it, say so.
  double px_t0 = hit.t_ns - axis.ns_per_px() / 2, px_t1 = hit.t_ns + axis.ns_per_px() / 2;
  uint64_t a = doc->origin_ns() + static_cast<uint64_t>(std::max(0.0, px_t0));
  uint64_t b = doc->origin_ns() + static_cast<uint64_t>(std::max(0.0, px_t1));
  int64_t first = doc->IntervalAt(hit.thread, a);
  int64_t last = doc->IntervalAt(hit.thread, b);
  ImGui::BeginTooltip();
  ImGui::Text("%s  tid %d  pid %d", std::string(doc->ThreadName(hit.thread)).c_str(), th.tid,
              th.pid);
  if (first >= 0 && last > first + 1) {
    std::array<uint64_t, kThreadStateCount> ns{};
    size_t n = 0;
    for (int64_t i = first; i <= last && n < 100000; ++i, ++n) {
      size_t k = static_cast<size_t>(i);
      const uint64_t start = th.intervals[k].start_ns;  // a copy: the field is packed
      uint64_t s = std::max(start, a);
      uint64_t e = std::min(m.IntervalEnd(th, k), b);
      if (e > s) ns[static_cast<size_t>(th.intervals[k].state())] += e - s;
    }
    ImGui::Text("%lld intervals in this pixel (%s):", static_cast<long long>(last - first + 1),
                FormatDurationLabel(static_cast<double>(b - a)).c_str());
    for (int s = 0; s < kThreadStateCount; ++s) {
      if (ns[static_cast<size_t>(s)] == 0) continue;
      Rgb c = StateColor(static_cast<ThreadState>(s));
      ImGui::TextColored(
          ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1), "  %s: %s",
          std::string(ThreadStateName(static_cast<ThreadState>(s))).c_str(),
          FormatDurationLabel(static_cast<double>(ns[static_cast<size_t>(s)])).c_str());
    }
    ImGui::TextDisabled("Zoom in (wheel, W) to see them one by one.");
  } else if (hit.interval >= 0) {
    IntervalDetails d = DescribeInterval(*doc, hit.thread, static_cast<size_t>(hit.interval));
    Rgb c = StateColor(d.state);
    ImGui::TextColored(ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, 1), "%s",
                       std::string(ThreadStateName(d.state)).c_str());
    if (d.syscall >= 0) {
      std::string_view name = SyscallName(d.syscall);
      ImGui::Text("in syscall %s",
                  name.empty() ? absl::StrCat("#", d.syscall).c_str() : std::string(name).c_str());
    }
    ImGui::Text("start %s",
                FormatOffset(static_cast<double>(d.start_ns - doc->origin_ns())).c_str());
    ImGui::Text("duration %s",
                FormatDurationLabel(static_cast<double>(d.end_ns - d.start_ns)).c_str());
    if (d.state == ThreadState::kRunning) ImGui::Text("CPU %u", d.cpu);
    if (d.wake && d.state != ThreadState::kRunning) {
      std::string waker = d.wake->waker == kNoThread
                              ? std::string("an interrupt or untraced thread")
                              : absl::StrCat(ToAbsl(doc->ThreadName(d.wake->waker)), " (",
                                             m.threads[d.wake->waker].tid, ")");
      ImGui::Text("woken by %s", waker.c_str());
      if (d.wake->ran) {
        ImGui::Text("then waited %s in the run queue",
                    FormatDurationLabel(static_cast<double>(d.wake->runqueue_ns)).c_str());
      }
    }
    ImGui::TextDisabled("Click for details.");
  } else {
    ImGui::TextDisabled("not alive at this time");
  }
  ImGui::EndTooltip();
}

class ThreadLane final : public LaneKind {
 public:
  LaneLabel Label(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 cell,
                  float cell_width, float* /*text_x*/) const override {
    const TraceDocument& d = *c.Doc(row.doc);
    const Thread& t = d.model().threads[row.index];
    LaneLabel label{absl::StrCat(ToAbsl(d.ThreadName(row.index)), "  ", t.tid)};
    if (c.selection->doc == row.doc && c.selection->thread == row.index) {
      dl->AddRectFilled(cell, ImVec2(cell.x + cell_width, cell.y + row.height),
                        IM_COL32(70, 90, 130, 255));
    }
    if (t.tid == t.pid) label.color = IM_COL32(255, 255, 255, 255);
    return label;
  }
  void DrawBody(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                float width) const override {
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + row.height),
                      Col(kLaneBackground));
    DrawIntervals(c, row, dl, origin, width);
  }
  void DrawOverlay(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                   float width) const override {
    DrawThreadMarkers(c, row, dl, origin, width);
  }
  std::string Tooltip(const LaneContext& c, const Hit& hit) const override {
    const TraceDocument* doc = c.Doc(hit.doc);
    const int32_t tid = doc && hit.thread != kNoThread ? doc->model().threads[hit.thread].tid : 0;
    if (hit.marker >= 0) {
      MarkerTooltip(c, hit);
      return absl::StrCat("marker ", tid, " ", hit.marker);
    }
    IntervalTooltip(c, hit);
    return absl::StrCat("thread ", tid, " ", hit.interval);
  }
  void Clicked(LaneContext& c, const Hit& hit) const override {
    *c.selection = {};
    c.selection->doc = hit.doc;
    c.selection->thread = hit.thread;
    if (hit.interval >= 0) c.selection->interval = hit.interval;
  }
  void LabelClicked(LaneContext& c, const Row& row) const override {
    *c.selection = {};
    c.selection->doc = row.doc;
    c.selection->thread = row.index;
  }
  ViewState::RowRect StateRow(const TraceDocument& doc, const Row& row) const override {
    return {'t', doc.model().threads[row.index].tid, 0, 0};
  }
  void ForThreadsShown(const LaneContext& /*c*/, const Row& row,
                       const std::function<void(uint32_t)>& f) const override {
    f(row.index);
  }
};

}  // namespace

const LaneKind& ThreadLaneKind() {
  static const ThreadLane kind;
  return kind;
}

}  // namespace ctrace::viewer
