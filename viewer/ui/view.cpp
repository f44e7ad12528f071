#include "viewer/ui/view.h"

#include <algorithm>

#include "imgui_internal.h"
#include "viewer/ui/lane_kind.h"

namespace ctrace::viewer {

View::View() = default;

void View::SetTraces(std::vector<LoadedTrace>* traces) {
  traces_ = traces;
  OnTracesChanged();
}

void View::OnTracesChanged() {
  selection_ = {};
  collapsed_ = InitiallyCollapsed(Docs());
  layout_dirty_ = true;
  fitted_ = false;
  flows_doc_ = -1;
  flows_thread_ = kNoThread;
  wakes_given_.clear();
  wakes_received_.clear();
  range_stats_.reset();
  // Indices into the old set of traces.
  lock_doc_ = -1;
  lock_index_ = -1;
  lock_waits_.clear();
  path_doc_ = -1;
  path_.reset();
  controller_.ClearRange();
  controller_.SetScrollY(0);
  double longest = 1;
  for (const TraceDocument* d : Docs()) longest = std::max(longest, double(d->duration_ns()));
  controller_.axis().SetBounds(longest);
}

std::vector<const TraceDocument*> View::Docs() const {
  std::vector<const TraceDocument*> docs;
  if (traces_ == nullptr) return docs;
  for (const LoadedTrace& t : *traces_) docs.push_back(t.doc.get());
  return docs;
}

const TraceDocument* View::Doc(int d) const {
  if (traces_ == nullptr || d < 0 || static_cast<size_t>(d) >= traces_->size()) return nullptr;
  return (*traces_)[static_cast<size_t>(d)].doc.get();
}

const TraceAnalysis* View::Analysis(int d) const {
  if (traces_ == nullptr || d < 0 || static_cast<size_t>(d) >= traces_->size()) return nullptr;
  return (*traces_)[static_cast<size_t>(d)].analysis.get();
}

const TraceAnalysis* View::PanelAnalysis(int d) const {
  if (Doc(d) == nullptr) {
    ImGui::TextDisabled("No trace open.");
    return nullptr;
  }
  const TraceAnalysis* a = Analysis(d);
  if (a == nullptr) ImGui::TextDisabled("Computing metrics...");
  return a;
}

void View::RebuildLayoutIfNeeded() {
  if (layout_options_.filter != filter_ ||
      layout_options_.show_cpu_lanes != settings_.show_cpu_lanes) {
    layout_options_.filter = filter_;
    layout_options_.show_cpu_lanes = settings_.show_cpu_lanes;
    layout_dirty_ = true;
  }
  if (!layout_dirty_) return;
  std::vector<const TraceDocument*> docs = Docs();
  layout_ = BuildLayout(docs, layout_options_, collapsed_);
  layout_dirty_ = false;
  thread_rows_.assign(docs.size(), {});
  for (size_t d = 0; d < docs.size(); ++d)
    thread_rows_[d].assign(docs[d]->model().threads.size(), -1);
  // Each thread's row: its lane, or the header of the folded group that hides it.
  LaneContext lanes = Lanes();
  for (size_t i = 0; i < layout_.rows.size(); ++i) {
    const Row& r = layout_.rows[i];
    LaneKindOf(r.kind).ForThreadsShown(
        lanes, r, [&](uint32_t t) { thread_rows_[r.doc][t] = static_cast<int>(i); });
  }
}

LaneContext View::Lanes() {
  LaneContext c;
  c.docs = Docs();
  c.axis = &controller_.axis();
  c.settings = &settings_;
  c.layout = &layout_;
  c.filter = &layout_options_.filter;
  c.selection = &selection_;
  c.collapsed = &collapsed_;
  c.layout_dirty = &layout_dirty_;
  c.runs = &runs_;
  return c;
}

void View::SetGroupOpen(int doc, RowKind kind, uint32_t index, bool open) {
  const uint64_t key = GroupKey(static_cast<uint16_t>(doc), kind, index);
  if (open) {
    collapsed_.erase(key);
  } else {
    collapsed_.insert(key);
  }
  layout_dirty_ = true;
}

void View::SelectThread(int doc, uint32_t thread, bool scroll_to) {
  selection_ = {};
  selection_.doc = doc;
  selection_.thread = thread;
  if (scroll_to) {
    RebuildLayoutIfNeeded();
    const TraceDocument* d = Doc(doc);
    if (d != nullptr)
      scroll_to_row_ = layout_.ThreadOrGroupRow(*d, static_cast<uint16_t>(doc), thread);
  }
}

void View::SelectInterval(int doc, uint32_t thread, int64_t interval) {
  selection_ = {};
  selection_.doc = doc;
  selection_.thread = thread;
  selection_.interval = interval;
}

bool View::SelectTid(int32_t tid) {
  std::vector<const TraceDocument*> docs = Docs();
  for (size_t d = 0; d < docs.size(); ++d) {
    uint32_t t = docs[d]->FindThread(tid);
    if (t != kNoThread) {
      SelectThread(static_cast<int>(d), t);
      return true;
    }
  }
  return false;
}

bool View::SelectTidAt(int32_t tid, double offset_ns) {
  if (offset_ns < 0) return false;
  std::vector<const TraceDocument*> docs = Docs();
  for (size_t d = 0; d < docs.size(); ++d) {
    const std::vector<Thread>& threads = docs[d]->model().threads;
    const uint64_t ts = docs[d]->origin_ns() + static_cast<uint64_t>(offset_ns);
    for (uint32_t t = 0; t < threads.size(); ++t) {
      if (threads[t].tid != tid) continue;
      int64_t interval = docs[d]->IntervalAt(t, ts);
      if (interval < 0) continue;
      SelectThread(static_cast<int>(d), t);  // scrolls its lane into view
      selection_.interval = interval;
      return true;
    }
  }
  return false;
}

void View::SetVisibleRange(double t0, double t1) {
  if (t1 > t0) pending_range_ = {t0, t1};
}

ViewState View::State() const {
  ViewState s;
  s.t0_ns = controller_.axis().t0();
  s.t1_ns = controller_.axis().t1();
  if (const TraceDocument* d = Doc(selection_.doc);
      d && selection_.thread != kNoThread && selection_.thread < d->model().threads.size()) {
    s.selected_tid = d->model().threads[selection_.thread].tid;
    s.selected_interval = selection_.interval;
  }
  if (controller_.range()) {
    s.range_from_ns = controller_.range()->first;
    s.range_to_ns = controller_.range()->second;
  }
  s.frames = frames_;
  s.documents = traces_ ? static_cast<int>(traces_->size()) : 0;
  s.time_x = time_origin_.x;
  s.time_width = time_width_;
  s.lanes_top = time_origin_.y;
  s.lanes_bottom = time_origin_.y + lanes_height_;
  s.ns_per_px = controller_.axis().ns_per_px();
  s.bottom_tab = settings_.bottom_tab;
  s.hover = hover_;
  std::vector<const TraceDocument*> docs = Docs();
  for (size_t i = layout_.FirstVisible(controller_.scroll_y()); i < layout_.rows.size(); ++i) {
    const Row& r = layout_.rows[i];
    float y = time_origin_.y + r.y - controller_.scroll_y();
    if (y > s.lanes_bottom) break;
    ViewState::RowRect rr = LaneKindOf(r.kind).StateRow(*docs[r.doc], r);
    rr.y = y;
    rr.height = r.height;
    s.rows.push_back(rr);
  }
  return s;
}

void View::Splitter(const char* id, bool vertical, float* size, float min, float max, ImVec2 pos,
                    float length) {
  const float thickness = 6;
  ImGui::SetCursorScreenPos(pos);
  ImVec2 sz = vertical ? ImVec2(thickness, length) : ImVec2(length, thickness);
  ImGui::InvisibleButton(id, sz);
  bool active = ImGui::IsItemActive();
  if (ImGui::IsItemHovered() || active) {
    ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  }
  ImU32 col = ImGui::GetColorU32(active                   ? ImGuiCol_SeparatorActive
                                 : ImGui::IsItemHovered() ? ImGuiCol_SeparatorHovered
                                                          : ImGuiCol_Separator);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (vertical) {
    dl->AddLine({pos.x + thickness / 2, pos.y}, {pos.x + thickness / 2, pos.y + length}, col);
  } else {
    dl->AddLine({pos.x, pos.y + thickness / 2}, {pos.x + length, pos.y + thickness / 2}, col);
  }
  if (active) {
    float delta = vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
    // The side panel and the bottom panel grow when the splitter moves toward the timeline.
    *size = std::clamp(*size - delta, min, max);
    ImGui::MarkIniSettingsDirty();
  }
}

void View::Draw(ImVec2 pos, ImVec2 size) {
  ++frames_;
  RebuildLayoutIfNeeded();
  const float splitter = 6;
  const ImGuiWindowFlags child_flags =
      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;

  // The toolbar's height is its content's height on the previous frame.
  float toolbar_h = toolbar_h_ > 0 ? toolbar_h_ : ImGui::GetFrameHeightWithSpacing() * 2;
  ImGui::SetCursorScreenPos(pos);
  ImGui::BeginChild("##toolbar", ImVec2(size.x, toolbar_h), false, child_flags);
  DrawToolbar();
  toolbar_h_ = ImGui::GetCursorPosY();
  ImGui::EndChild();

  float top = pos.y + toolbar_h;
  float avail_h = size.y - toolbar_h;
  settings_.bottom_height =
      std::clamp(settings_.bottom_height, 60.0f, std::max(60.0f, avail_h - 120));
  settings_.side_width = std::clamp(settings_.side_width, 160.0f, std::max(160.0f, size.x - 300));
  float main_h = avail_h - settings_.bottom_height - splitter;
  float timeline_w = size.x - settings_.side_width - splitter;

  ImGui::SetCursorScreenPos({pos.x, top});
  ImGui::BeginChild("##timeline", ImVec2(timeline_w, main_h), false,
                    child_flags | ImGuiWindowFlags_NoMove);
  DrawTimeline(ImGui::GetCursorScreenPos(), ImVec2(timeline_w, main_h));
  ImGui::EndChild();

  Splitter("##split_side", true, &settings_.side_width, 160, size.x - 300,
           {pos.x + timeline_w, top}, main_h);

  ImGui::SetCursorScreenPos({pos.x + timeline_w + splitter, top});
  ImGui::BeginChild("##side", ImVec2(settings_.side_width, main_h), false);
  DrawDetailsPanel();
  ImGui::Spacing();
  DrawRangeStatsPanel();
  ImGui::EndChild();

  Splitter("##split_bottom", false, &settings_.bottom_height, 60, avail_h - 120,
           {pos.x, top + main_h}, size.x);

  ImGui::SetCursorScreenPos({pos.x, top + main_h + splitter});
  ImGui::BeginChild("##bottom", ImVec2(size.x, settings_.bottom_height), false, child_flags);
  if (ImGui::BeginTabBar("##panels")) {
    const char* names[] = {"Threads", "Process tree", "Histograms", "Summary", "Locks", "Compare"};
    for (int i = 0; i < static_cast<int>(BottomTab::kCount); ++i) {
      if (static_cast<BottomTab>(i) == BottomTab::kCompare && Docs().size() < 2) continue;
      ImGuiTabItemFlags flags = 0;
      if (frames_ == 1 && i == settings_.bottom_tab) flags |= ImGuiTabItemFlags_SetSelected;
      if (ImGui::BeginTabItem(names[i], nullptr, flags)) {
        if (settings_.bottom_tab != i && frames_ > 1) {
          settings_.bottom_tab = i;
          ImGui::MarkIniSettingsDirty();
        }
        switch (static_cast<BottomTab>(i)) {
          case BottomTab::kThreads:
            DrawThreadsPanel();
            break;
          case BottomTab::kProcesses:
            DrawProcessTreePanel();
            break;
          case BottomTab::kHistograms:
            DrawHistogramsPanel();
            break;
          case BottomTab::kSummary:
            DrawSummaryPanel();
            break;
          case BottomTab::kLocks:
            DrawLocksPanel();
            break;
          case BottomTab::kCompare:
            DrawComparePanel();
            break;
          case BottomTab::kCount:
            break;
        }
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  ImGui::EndChild();
}

}  // namespace ctrace::viewer
