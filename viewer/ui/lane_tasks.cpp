// The user-level tasks' rows (docs/tasks.md):
//  - a thread's task row, under its lane: which task was current, one colour per task, and
//    a red band over a run in which the thread blocked in a syscall (the task stalled every
//    task of that thread); the selected task outlined;
//  - the task group of a process, one lane per task: its life as situations, running in its
//    colour, waiting for a CPU in the runnable colour, blocking its thread in red, suspended
//    as a thin grey line.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "format/string_view_compat.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/lane_kind.h"

namespace ctrace::viewer {
namespace {

std::string ThreadRef(const TraceDocument& doc, uint32_t t) {
  return absl::StrCat(ToAbsl(doc.ThreadName(t)), " (", doc.model().threads[t].tid, ")");
}

void SelectTask(LaneContext& c, int doc, uint32_t task) {
  *c.selection = {};
  c.selection->doc = doc;
  c.selection->task = task;
}

class ThreadTaskRow final : public LaneKind {
 public:
  LaneLabel Label(const LaneContext& /*c*/, const Row& /*row*/, ImDrawList* /*dl*/, ImVec2 /*cell*/,
                  float /*cell_width*/, float* text_x) const override {
    *text_x += 10;
    return {"tasks", IM_COL32(150, 155, 165, 255)};
  }
  void DrawBody(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                float width) const override {
    const TraceDocument* doc = c.Doc(row.doc);
    if (doc == nullptr) return;
    const TaskLanes& lanes = doc->tasks();
    const TimeAxis& axis = *c.axis;
    std::vector<LaneRun>& runs = *c.runs;
    runs.clear();
    lanes.ThreadRowLod(row.index).Runs(lanes.ThreadRowItems(row.index), doc->origin_ns(), axis.t0(),
                                       axis.ns_per_px(), width, TaskRowKeyClass, &runs);
    const Model& m = doc->model();
    const float y0 = origin.y, y1 = origin.y + row.height;
    for (const LaneRun& run : runs) {
      if (run.key == 0) continue;
      const uint32_t task = RowTask(run.key);
      if (task >= m.tasks.size()) continue;
      float x0 = origin.x + run.x0;
      float x1 = std::max(origin.x + run.x1, x0 + 1.0f);
      dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), Col(TaskColor(m.tasks[task].id)));
      if (RowBlocked(run.key)) {
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y0 + row.height * 0.4f),
                          Col(kTaskBlockedThread));
      }
      if (c.selection->doc == row.doc && c.selection->task == task) {
        dl->AddRect(ImVec2(x0 - 1, y0), ImVec2(x1 + 1, y1), Col(kSelection), 0, 0, 2);
      }
    }
  }
  std::string Tooltip(const LaneContext& c, const Hit& hit) const override {
    const TraceDocument* doc = c.Doc(hit.doc);
    if (doc == nullptr || hit.interval < 0) return "";
    const Model& m = doc->model();
    const TaskRun& run = m.task_runs[static_cast<size_t>(hit.interval)];
    ImGui::BeginTooltip();
    ImGui::Text("%s (id %llu)", doc->TaskLabel(run.task).c_str(),
                static_cast<unsigned long long>(m.tasks[run.task].id));
    ImGui::Text("current on %s", ThreadRef(*doc, run.thread).c_str());
    ImGui::Text("from %s for %s",
                FormatOffset(static_cast<double>(run.start_ns - doc->origin_ns())).c_str(),
                FormatDurationLabel(static_cast<double>(run.end_ns - run.start_ns)).c_str());
    ImGui::TextDisabled("Click to select the task.");
    ImGui::EndTooltip();
    return absl::StrCat("taskrow ", m.threads[hit.thread].tid, " ", hit.interval);
  }
  void Clicked(LaneContext& c, const Hit& hit) const override {
    if (hit.task == kNoTask) {
      *c.selection = {};
      return;
    }
    SelectTask(c, hit.doc, hit.task);
  }
  void LabelClicked(LaneContext& /*c*/, const Row& /*row*/) const override {}
  ViewState::RowRect StateRow(const TraceDocument& doc, const Row& row) const override {
    return {'r', doc.model().threads[row.index].tid, 0, 0};
  }
  void ForThreadsShown(const LaneContext& /*c*/, const Row& /*row*/,
                       const std::function<void(uint32_t)>& /*f*/) const override {}
};

class TaskGroupHeader final : public LaneKind {
 public:
  bool IsGroupHeader() const override { return true; }
  LaneLabel Label(const LaneContext& c, const Row& row, ImDrawList* /*dl*/, ImVec2 /*cell*/,
                  float /*cell_width*/, float* /*text_x*/) const override {
    const size_t n = c.Doc(row.doc)->model().processes[row.index].tasks.size();
    return {absl::StrCat(n, n == 1 ? " task" : " tasks"), IM_COL32(170, 210, 255, 255)};
  }
  ViewState::RowRect StateRow(const TraceDocument& doc, const Row& row) const override {
    return {'g', doc.model().processes[row.index].pid, 0, 0};
  }
};

class TaskLane final : public LaneKind {
 public:
  LaneLabel Label(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 cell,
                  float cell_width, float* /*text_x*/) const override {
    if (c.selection->doc == row.doc && c.selection->task == row.index) {
      dl->AddRectFilled(cell, ImVec2(cell.x + cell_width, cell.y + row.height),
                        IM_COL32(70, 90, 130, 255));
    }
    return {c.Doc(row.doc)->TaskLabel(row.index), IM_COL32(200, 205, 215, 255)};
  }
  void DrawBody(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                float width) const override {
    const TraceDocument* doc = c.Doc(row.doc);
    if (doc == nullptr) return;
    dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + row.height),
                      Col(kLaneBackground));
    const TaskLanes& lanes = doc->tasks();
    const TimeAxis& axis = *c.axis;
    std::vector<LaneRun>& runs = *c.runs;
    runs.clear();
    lanes.TaskLod(row.index).Runs(lanes.TaskItems(row.index), doc->origin_ns(), axis.t0(),
                                  axis.ns_per_px(), width, TaskLaneKeyClass, &runs);
    const Rgb own = TaskColor(doc->model().tasks[row.index].id);
    const float h = row.height;
    for (const LaneRun& run : runs) {
      if (run.key == 0) continue;
      float x0 = origin.x + run.x0;
      float x1 = std::max(origin.x + run.x1, x0 + 1.0f);
      float y0 = origin.y + 1, y1 = origin.y + h - 1;
      Rgb color = own;
      switch (LaneSituation(run.key)) {
        case TaskSituation::kRunning:
          break;
        case TaskSituation::kWaitingForCpu:
          color = StateColor(ThreadState::kRunnable);
          break;
        case TaskSituation::kBlockedThread:
          color = kTaskBlockedThread;
          break;
        case TaskSituation::kSuspended:
          color = kTaskSuspended;
          y0 = origin.y + h * 0.42f;
          y1 = origin.y + h * 0.58f;
          break;
      }
      dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), Col(color));
    }
    if (c.selection->doc == row.doc && c.selection->task == row.index) {
      dl->AddRect(origin, ImVec2(origin.x + width, origin.y + h), Col(kSelection, 120));
    }
  }
  std::string Tooltip(const LaneContext& c, const Hit& hit) const override {
    const TraceDocument* doc = c.Doc(hit.doc);
    if (doc == nullptr || hit.task == kNoTask || hit.interval < 0) return "";
    const LaneItems items = doc->tasks().TaskItems(hit.task);
    const size_t i = static_cast<size_t>(hit.interval);
    const uint32_t key = items.key(i);
    ImGui::BeginTooltip();
    ImGui::Text("%s (id %llu)", doc->TaskLabel(hit.task).c_str(),
                static_cast<unsigned long long>(doc->model().tasks[hit.task].id));
    static constexpr const char* kWhat[] = {"running", "waiting for a CPU (its thread runnable)",
                                            "blocking its thread (asleep in a syscall)",
                                            "suspended"};
    const TaskSituation s = LaneSituation(key);
    ImGui::Text("%s", kWhat[static_cast<int>(s)]);
    if (s != TaskSituation::kSuspended) {
      ImGui::Text("on %s", ThreadRef(*doc, LaneThread(key)).c_str());
    }
    ImGui::Text("from %s for %s",
                FormatOffset(static_cast<double>(items.start(i) - doc->origin_ns())).c_str(),
                FormatDurationLabel(static_cast<double>(items.end(i) - items.start(i))).c_str());
    ImGui::TextDisabled("Click to select the task.");
    ImGui::EndTooltip();
    return absl::StrCat("task ", doc->model().tasks[hit.task].id, " ", hit.interval);
  }
  void Clicked(LaneContext& c, const Hit& hit) const override { SelectTask(c, hit.doc, hit.task); }
  void LabelClicked(LaneContext& c, const Row& row) const override {
    SelectTask(c, row.doc, row.index);
  }
  ViewState::RowRect StateRow(const TraceDocument& doc, const Row& row) const override {
    return {'k', static_cast<int32_t>(doc.model().tasks[row.index].id), 0, 0};
  }
};

}  // namespace

const LaneKind& ThreadTaskRowKind() {
  static const ThreadTaskRow kind;
  return kind;
}
const LaneKind& TaskGroupHeaderKind() {
  static const TaskGroupHeader kind;
  return kind;
}
const LaneKind& TaskLaneKind() {
  static const TaskLane kind;
  return kind;
}

}  // namespace ctrace::viewer
