// The view: draws open traces with ImGui and owns only UI state (selection, time range,
// options, panel sizes). It never parses; the documents (TraceDocument) hold the data.
// Like Tracy's View, its drawing is split by concern into files: view_timeline.cpp (ruler,
// rows, input), one file per lane kind (lane_kind.h: lane_thread.cpp, lane_cpu.cpp,
// lane_headers.cpp), lane_markers.cpp (markers, flows, lost gaps) and one panel_*.cpp per
// panel.
#ifndef CTRACE_VIEWER_UI_VIEW_H_
#define CTRACE_VIEWER_UI_VIEW_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imgui.h"
#include "model/critical_path.h"
#include "model/flows.h"
#include "model/locks.h"
#include "viewer/core/hit_test.h"
#include "viewer/core/lane_layout.h"
#include "viewer/core/lod_index.h"
#include "viewer/core/range_stats.h"
#include "viewer/core/timeline_controller.h"
#include "viewer/core/trace_analysis.h"
#include "viewer/core/trace_document.h"
#include "viewer/core/view_state.h"

namespace ctrace::viewer {

struct LaneContext;

// One open trace: its document, and its analysis once the background thread delivers it.
struct LoadedTrace {
  std::unique_ptr<TraceDocument> doc;
  std::unique_ptr<TraceAnalysis> analysis;  // null while computing
};

// What is selected: an interval of a thread lane, an item of a CPU lane, or a thread alone.
struct Selection {
  int doc = -1;
  uint32_t thread = kNoThread;
  int64_t interval = -1;  // in the thread's intervals
  int cpu = -1;           // a CPU lane item was clicked
  int64_t cpu_item = -1;
  uint32_t task = kNoTask;  // a task (its lane, or its run on a thread's task row)
  bool empty() const { return doc < 0; }
};

// Options and panel sizes, persisted in imgui.ini.
struct ViewSettings {
  float side_width = 400;
  float bottom_height = 270;
  float label_width = 190;
  bool tint_by_cpu = false;
  bool show_cpu_lanes = true;
  bool show_creation_flows = true;
  bool show_wake_flows = true;
  int bottom_tab = 0;  // panel shown first in the bottom tab bar
  // The window's size when the layout was last saved (0: never saved).
  int window_width = 0;
  int window_height = 0;
};

enum class BottomTab { kThreads, kProcesses, kHistograms, kSummary, kLocks, kCompare, kCount };

class View {
 public:
  View();
  // The traces to show (owned by the app; reset when the set of files changes).
  void SetTraces(std::vector<LoadedTrace>* traces);

  // Draws the whole view into the area [pos, pos + size) of the current window.
  void Draw(ImVec2 pos, ImVec2 size);
  // Draws only the timeline into [pos, pos + size) (what the benchmark times).
  void DrawTimeline(ImVec2 pos, ImVec2 size);

  ViewSettings& settings() { return settings_; }
  TimelineController& controller() { return controller_; }
  const Selection& selection() const { return selection_; }
  void SelectThread(int doc, uint32_t thread, bool scroll_to = true);
  void SelectInterval(int doc, uint32_t thread, int64_t interval);
  // Selects the thread with this tid in the first trace that has one; false if none does.
  bool SelectTid(int32_t tid);
  // Selects the interval of thread `tid` that covers `offset_ns` from the trace start, in the
  // first trace that has one (of any incarnation of the tid); false if none does.
  bool SelectTidAt(int32_t tid, double offset_ns);
  // Folds or unfolds a group (a trace, the CPUs, a process or a process's tasks).
  void SetGroupOpen(int doc, RowKind kind, uint32_t index, bool open);
  // Selects lock `index` of trace `doc` (in its analysis's order: the Locks panel's); its
  // waits are drawn on the lanes. -1 clears. False if there is no such lock (yet).
  bool SelectLock(int doc, int index);
  // Draws the critical path of the selected thread, over the dragged range or else its
  // life; false if no thread is selected.
  bool ShowCriticalPath();
  void ClearCriticalPath() { path_.reset(); }
  // The visible range in ns from the trace start; t0 == t1 leaves the view as it is.
  void SetVisibleRange(double t0, double t1);
  ViewState State() const;
  // Height of the lanes' area at the last frame, drawn with or without traces (pixels).
  float lanes_height() const { return lanes_height_; }
  uint64_t frames() const { return frames_; }

 private:
  // view.cpp
  void OnTracesChanged();
  std::vector<const TraceDocument*> Docs() const;
  const TraceDocument* Doc(int d) const;
  const TraceAnalysis* Analysis(int d) const;
  // A panel's trace `d`'s analysis, or nullptr after saying why there is none (no trace open,
  // or its analysis still computing).
  const TraceAnalysis* PanelAnalysis(int d) const;
  void RebuildLayoutIfNeeded();
  void Splitter(const char* id, bool vertical, float* size, float min, float max, ImVec2 pos,
                float length);

  // view_timeline.cpp
  void DrawRuler(ImDrawList* dl, ImVec2 origin, float width, float height);
  void DrawRowLabels(ImDrawList* dl, ImVec2 origin, float width, float height);
  void DrawRows(ImDrawList* dl, ImVec2 origin, float width, float height);
  void HandleTimelineInput(ImVec2 time_origin, float width, float ruler_height, float lanes_height);
  void DrawHoverTooltip(const Hit& hit, float x);
  void DrawRangeOverlay(ImDrawList* dl, ImVec2 origin, float width, float height);
  void DrawEmptyMessage(ImVec2 pos, ImVec2 size);

  // What the lane kinds (lane_kind.h) may read and change, for this frame.
  LaneContext Lanes();
  void DrawMarkerPass(ImDrawList* dl, ImVec2 origin, float width, float height);

  // lane_markers.cpp
  void DrawFlows(ImDrawList* dl, ImVec2 origin, float width, float height);
  void DrawLostGaps(ImDrawList* dl, ImVec2 origin, float width, float height, bool ruler);
  // lane_waits.cpp: the critical path and the selected lock's waits, over the lanes.
  void DrawWaitOverlays(ImDrawList* dl, ImVec2 origin, float width, float height);
  float RowCenterY(int row) const;

  // One panel per file.
  void DrawToolbar();       // toolbar.cpp: legend, options, filter
  void DrawDetailsPanel();  // panel_details.cpp
  void DrawTaskDetails(const TraceDocument& doc, uint32_t task);
  void DrawRangeStatsPanel();      // panel_range_stats.cpp
  void DrawThreadsPanel();         // panel_threads.cpp
  void DrawProcessTreePanel();     // panel_process_tree.cpp
  void DrawHistogramsPanel();      // panel_histograms.cpp
  void DrawSummaryPanel();         // panel_summary.cpp
  void DrawComparePanel();         // panel_compare.cpp
  void DrawLocksPanel();           // panel_locks.cpp
  void DrawCriticalPathDetails();  // panel_critical_path.cpp

  std::vector<LoadedTrace>* traces_ = nullptr;
  ViewSettings settings_;
  TimelineController controller_;
  Layout layout_;
  LayoutOptions layout_options_;
  CollapsedGroups collapsed_;
  bool layout_dirty_ = true;
  char filter_[128] = {};
  Selection selection_;
  // What the tooltip shown this frame describes (ViewState::hover), empty if none.
  std::string hover_;
  int scroll_to_row_ = -1;  // scroll so this row is visible next frame
  bool fitted_ = false;
  std::optional<std::pair<double, double>> pending_range_;  // applied once the width is known
  float toolbar_h_ = 0;
  uint64_t frames_ = 0;

  // Per trace, per thread: its row, or its collapsed group's row, or -1 (filtered out).
  std::vector<std::vector<int>> thread_rows_;

  // Cached per selection: wakeups given and received by the selected thread.
  int flows_doc_ = -1;
  uint32_t flows_thread_ = kNoThread;
  std::vector<Flow> wakes_given_;
  std::vector<Flow> wakes_received_;

  // The lock chosen in the Locks panel and its waits (lock_doc_ -1: none).
  int lock_doc_ = -1;
  int lock_index_ = -1;
  std::vector<LockWait> lock_waits_;
  // The chain drawn over the lanes, of a thread of trace path_doc_.
  int path_doc_ = -1;
  std::optional<CriticalPath> path_;

  // Cached per range: statistics of the dragged range (first open trace with the range).
  std::optional<RangeStats> range_stats_;
  std::pair<double, double> range_stats_key_{-1, -1};
  int range_stats_doc_ = -1;

  // Scratch reused every frame.
  std::vector<LaneRun> runs_;  // a lane's level-of-detail runs
  ImVec2 time_origin_{0, 0};   // screen position of the time area's left edge, lanes top
  float time_width_ = 1;
  float lanes_height_ = 1;
  bool histogram_selected_only_ = false;
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_UI_VIEW_H_
