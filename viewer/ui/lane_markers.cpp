// Drawn over the lanes: lifecycle markers (thread/process created, exec, exit with code),
// flows (creator -> created; waker -> wakee for the selection) and lost-event gaps.
#include "viewer/ui/lane_markers.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/interval_details.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/draw_util.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

std::string ExitText(int32_t raw) {
  ExitStatus s = DecodeExitCode(raw);
  return s.signaled ? absl::StrCat("killed by signal ", s.signal) : absl::StrCat("exit ", s.code);
}

}  // namespace

void DrawThreadMarkers(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                       float width) {
  const TraceDocument* doc = c.Doc(row.doc);
  if (doc == nullptr) return;
  const TimeAxis& axis = *c.axis;
  const std::vector<Marker>& markers = doc->Markers(row.index);
  const float h = row.height;
  for (size_t i = 0; i < markers.size(); ++i) {
    const Marker& mk = markers[i];
    float x = std::round(origin.x + axis.XOf(static_cast<double>(mk.ts_ns - doc->origin_ns())));
    if (x < origin.x - 10 || x > origin.x + width + 10) continue;
    const float y = origin.y;
    switch (mk.kind) {
      case MarkerKind::kThreadCreated:
        dl->AddTriangleFilled(ImVec2(x - 6, y), ImVec2(x + 6, y), ImVec2(x, y + 9),
                              Col(kMarkerThreadCreated));
        break;
      case MarkerKind::kProcessCreated:
        dl->AddQuadFilled(ImVec2(x, y), ImVec2(x + 6, y + 6), ImVec2(x, y + 12),
                          ImVec2(x - 6, y + 6), Col(kMarkerProcessCreated));
        break;
      case MarkerKind::kExec:
        dl->AddTriangleFilled(ImVec2(x - 6, y + h), ImVec2(x + 6, y + h), ImVec2(x, y + h - 9),
                              Col(kMarkerExec));
        break;
      case MarkerKind::kExit: {
        float cy = y + h / 2;
        dl->AddRectFilled(ImVec2(x - 4, cy - 4), ImVec2(x + 4, cy + 4), Col(kMarkerExit));
        dl->AddRect(ImVec2(x - 4, cy - 4), ImVec2(x + 4, cy + 4), IM_COL32(0, 0, 0, 255));
        // The exit code beside it, when the view leaves room.
        float next =
            i + 1 < markers.size()
                ? origin.x + axis.XOf(static_cast<double>(markers[i + 1].ts_ns - doc->origin_ns()))
                : origin.x + width;
        std::string text = ExitText(mk.exit_code);
        if (next - x > ImGui::CalcTextSize(text.c_str()).x + 12) {
          ClippedText(dl, x + 5, origin.x + width, y, y + h, IM_COL32(255, 200, 200, 255), text);
        }
        break;
      }
    }
  }
}

void MarkerTooltip(const LaneContext& c, const Hit& hit) {
  const TraceDocument* doc = c.Doc(hit.doc);
  if (doc == nullptr) return;
  const Marker& mk = doc->Markers(hit.thread)[static_cast<size_t>(hit.marker)];
  const Model& m = doc->model();
  const Thread& t = m.threads[hit.thread];
  ImGui::BeginTooltip();
  ImGui::Text("%s  tid %d", std::string(doc->ThreadName(hit.thread)).c_str(), t.tid);
  switch (mk.kind) {
    case MarkerKind::kThreadCreated:
    case MarkerKind::kProcessCreated: {
      ImGui::Text("%s",
                  mk.kind == MarkerKind::kThreadCreated ? "thread created" : "process created");
      if (t.created_by != kNoThread && t.created_by < m.threads.size()) {
        ImGui::Text("by %s (%d)", std::string(doc->ThreadName(t.created_by)).c_str(),
                    m.threads[t.created_by].tid);
        if (t.creation_start_ns != 0 && t.creation_start_ns <= t.first_ns) {
          ImGui::Text(
              "%s after the creating call began",
              FormatDurationLabel(static_cast<double>(t.first_ns - t.creation_start_ns)).c_str());
        }
      }
      break;
    }
    case MarkerKind::kExec:
      ImGui::Text("exec %s", std::string(m.String(mk.str)).c_str());
      break;
    case MarkerKind::kExit:
      ImGui::Text("%s", ExitText(mk.exit_code).c_str());
      break;
  }
  ImGui::Text("at %s", FormatOffset(static_cast<double>(mk.ts_ns - doc->origin_ns())).c_str());
  ImGui::EndTooltip();
}

void View::DrawFlows(ImDrawList* dl, ImVec2 origin, float width, float height) {
  const TimeAxis& axis = controller_.axis();
  std::vector<const TraceDocument*> docs = Docs();
  auto visible_row = [&](int r) {
    if (r < 0) return false;
    float y = RowCenterY(r);
    return y > origin.y - 2000 && y < origin.y + height + 2000;
  };
  for (size_t d = 0; d < docs.size(); ++d) {
    const TraceDocument& doc = *docs[d];
    const double origin_ns = static_cast<double>(doc.origin_ns());
    const double t0 = axis.t0() + origin_ns, t1 = axis.t1() + origin_ns;
    auto x_of = [&](uint64_t ts) {
      return origin.x + axis.XOf(static_cast<double>(ts) - origin_ns);
    };
    const std::vector<int>& rows = thread_rows_[d];
    // The selected task's moves: from where a run ended on one thread to where the next began
    // on another (its thread's task row, else its lane).
    if (selection_.doc == static_cast<int>(d) && selection_.task != kNoTask &&
        selection_.task < doc.model().tasks.size()) {
      const Model& m = doc.model();
      const std::vector<uint32_t>& runs = m.tasks[selection_.task].runs;
      auto row_of = [&](uint32_t thread) {
        int r = rows[thread];
        if (r >= 0 && static_cast<size_t>(r + 1) < layout_.rows.size() &&
            layout_.rows[static_cast<size_t>(r + 1)].kind == RowKind::kThreadTaskRow) {
          ++r;
        }
        return r;
      };
      for (size_t i = 1; i < runs.size(); ++i) {
        const TaskRun& before = m.task_runs[runs[i - 1]];
        const TaskRun& after = m.task_runs[runs[i]];
        if (before.thread == after.thread) continue;
        if (static_cast<double>(after.start_ns) < t0 || static_cast<double>(before.end_ns) > t1) {
          continue;
        }
        int a = row_of(before.thread), b = row_of(after.thread);
        if (a < 0 || b < 0 || a == b || !visible_row(a) || !visible_row(b)) continue;
        Arrow(dl, ImVec2(x_of(before.end_ns), RowCenterY(a)),
              ImVec2(x_of(after.start_ns), RowCenterY(b)), Col(kTaskMoveFlow), 2.0f);
      }
    }
    if (settings_.show_creation_flows) {
      const auto& flows = doc.creation_flows();
      auto it =
          std::lower_bound(flows.begin(), flows.end(), t0,
                           [](const CreationFlow& f, double v) { return double(f.to_ns) < v; });
      for (; it != flows.end(); ++it) {
        if (static_cast<double>(it->from_ns) > t1) break;
        int a = rows[it->from], b = rows[it->to];
        if (a < 0 || b < 0 || a == b || !visible_row(a) || !visible_row(b)) continue;
        ImVec2 p0(x_of(it->from_ns), RowCenterY(a));
        ImVec2 p1(x_of(it->to_ns), RowCenterY(b));
        Arrow(dl, p0, p1, Col(kCreateFlow, 200), 1.5f);
      }
    }
    if (!settings_.show_wake_flows || selection_.doc != static_cast<int>(d) ||
        selection_.thread == kNoThread) {
      continue;
    }
    if (flows_doc_ != selection_.doc || flows_thread_ != selection_.thread) {
      flows_doc_ = selection_.doc;
      flows_thread_ = selection_.thread;
      wakes_given_ = WakesGivenBy(doc, selection_.thread);
      wakes_received_ = WakesReceivedBy(doc, selection_.thread);
    }
    // At most one arrow every few pixels: more would be a solid wall.
    for (const std::vector<Flow>* list : {&wakes_received_, &wakes_given_}) {
      auto it = std::lower_bound(list->begin(), list->end(), t0,
                                 [](const Flow& f, double v) { return double(f.ts_ns) < v; });
      float last_x = -1e9f;
      for (; it != list->end() && static_cast<double>(it->ts_ns) <= t1; ++it) {
        if (it->from == kNoThread) continue;
        float x = x_of(it->ts_ns);
        if (x - last_x < 3) continue;
        int a = rows[it->from], b = rows[it->to];
        if (a < 0 || b < 0 || a == b) continue;
        last_x = x;
        Arrow(dl, ImVec2(x, RowCenterY(a)), ImVec2(x, RowCenterY(b)), Col(kWakeFlow, 170), 1.0f);
      }
    }
    // The wakeup that concerns the selected interval, emphasised.
    if (selection_.interval >= 0) {
      IntervalDetails det =
          DescribeInterval(doc, selection_.thread, static_cast<size_t>(selection_.interval));
      if (det.wake && det.wake->waker != kNoThread) {
        int a = rows[det.wake->waker], b = rows[selection_.thread];
        if (a >= 0 && b >= 0 && a != b) {
          float x = x_of(det.wake->ts_ns);
          Arrow(dl, ImVec2(x, RowCenterY(a)), ImVec2(x, RowCenterY(b)), Col(kWakeFlow), 2.5f);
        }
      }
    }
  }
  (void)width;
}

void View::DrawLostGaps(ImDrawList* dl, ImVec2 origin, float width, float height, bool ruler) {
  const TimeAxis& axis = controller_.axis();
  std::vector<const TraceDocument*> docs = Docs();
  for (const TraceDocument* doc : docs) {
    for (const LostGap& g : doc->model().gaps) {
      double a = static_cast<double>(g.start_ns) - static_cast<double>(doc->origin_ns());
      double b = static_cast<double>(g.end_ns) - static_cast<double>(doc->origin_ns());
      float x0 = origin.x + axis.XOf(a), x1 = origin.x + axis.XOf(b);
      if (x1 < origin.x - 3 || x0 > origin.x + width + 3) continue;
      if (x1 - x0 < 3) {
        float c = (x0 + x1) / 2;
        x0 = c - 1.5f;
        x1 = c + 1.5f;
      }
      if (!ruler) {
        dl->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x1, origin.y + height), Col(kLostGap, 60));
        continue;
      }
      ImVec2 p0(x0, origin.y + height - 8), p1(x1, origin.y + height);
      dl->AddRectFilled(p0, p1, Col(kLostGap));
      if (ImGui::IsMouseHoveringRect(ImVec2(x0 - 2, origin.y), ImVec2(x1 + 2, p1.y))) {
        ImGui::BeginTooltip();
        ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%llu events lost on CPU %u",
                           static_cast<unsigned long long>(g.count), g.cpu);
        ImGui::Text("between %s and %s", FormatOffset(a).c_str(), FormatOffset(b).c_str());
        ImGui::TextDisabled("Thread states in this span may be wrong.");
        ImGui::EndTooltip();
      }
    }
  }
}

}  // namespace ctrace::viewer
