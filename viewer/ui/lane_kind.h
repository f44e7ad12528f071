// One kind of timeline row, as Tracy's timeline items are: what its label says, what it draws
// in the time area, what its tooltip shows, what a click on it selects, and what the state
// file says about it. The view's loops over the rows ask each row's kind (LaneKindOf) instead
// of switching on RowKind: a new kind of lane is a RowKind for the layout to place, one file
// with its LaneKind, and one line in lane_kinds.cpp.
#ifndef CTRACE_VIEWER_UI_LANE_KIND_H_
#define CTRACE_VIEWER_UI_LANE_KIND_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "imgui.h"
#include "viewer/core/hit_test.h"
#include "viewer/core/lane_layout.h"
#include "viewer/core/lod_index.h"
#include "viewer/core/time_axis.h"
#include "viewer/core/trace_document.h"
#include "viewer/core/view_state.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {

// What a lane kind may read and change of the view while it handles one of its rows.
struct LaneContext {
  std::vector<const TraceDocument*> docs;
  const TimeAxis* axis = nullptr;
  const ViewSettings* settings = nullptr;
  const Layout* layout = nullptr;
  const std::string* filter = nullptr;  // the thread filter the layout was built with
  Selection* selection = nullptr;
  CollapsedGroups* collapsed = nullptr;
  bool* layout_dirty = nullptr;          // set when a fold changes which rows there are
  std::vector<LaneRun>* runs = nullptr;  // scratch for level-of-detail runs

  const TraceDocument* Doc(int d) const {
    return d >= 0 && static_cast<size_t>(d) < docs.size() ? docs[static_cast<size_t>(d)] : nullptr;
  }
  bool Folded(const Row& row) const {
    return collapsed->contains(GroupKey(row.doc, row.kind, row.index));
  }
};

// The label column's text for a row, and its colour.
struct LaneLabel {
  std::string text;
  ImU32 color = IM_COL32(220, 222, 228, 255);
};

class LaneKind {
 public:
  virtual ~LaneKind() = default;

  // A group header: a fold triangle before its label, and a click on the label folds or
  // unfolds the rows under it.
  virtual bool IsGroupHeader() const { return false; }
  // The label; may draw behind or before it (a selection band, a colour swatch) and move
  // *text_x, where the text will start. `cell` is the label cell's top left corner.
  virtual LaneLabel Label(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 cell,
                          float cell_width, float* text_x) const = 0;
  // The row's time area, under the flows (origin: its top left corner).
  virtual void DrawBody(const LaneContext& /*c*/, const Row& /*row*/, ImDrawList* /*dl*/,
                        ImVec2 /*origin*/, float /*width*/) const {}
  // Drawn over the flows (lifecycle markers).
  virtual void DrawOverlay(const LaneContext& /*c*/, const Row& /*row*/, ImDrawList* /*dl*/,
                           ImVec2 /*origin*/, float /*width*/) const {}
  // Shows the tooltip for what `hit` found on this row; returns what it describes, as the
  // state file's `hover` says it ("" if there was nothing to show).
  virtual std::string Tooltip(const LaneContext& /*c*/, const Hit& /*hit*/) const { return ""; }
  // A click in the time area: what it selects (nothing, by default).
  virtual void Clicked(LaneContext& c, const Hit& /*hit*/) const { *c.selection = {}; }
  // A click on the label: group headers fold or unfold.
  virtual void LabelClicked(LaneContext& c, const Row& row) const;
  // The row as the state file lists it.
  virtual ViewState::RowRect StateRow(const TraceDocument& doc, const Row& row) const = 0;
  // Calls `f` with each thread whose flows and selection end at this row: its own thread, or
  // those a folded group hides.
  virtual void ForThreadsShown(const LaneContext& /*c*/, const Row& /*row*/,
                               const std::function<void(uint32_t)>& /*f*/) const {}
};

const LaneKind& LaneKindOf(RowKind kind);

// The kinds, one file each.
const LaneKind& ThreadLaneKind();       // lane_thread.cpp
const LaneKind& CpuLaneKind();          // lane_cpu.cpp
const LaneKind& TraceHeaderKind();      // lane_headers.cpp
const LaneKind& CpuHeaderKind();        // lane_headers.cpp
const LaneKind& ProcessHeaderKind();    // lane_headers.cpp
const LaneKind& ThreadTaskRowKind();    // lane_tasks.cpp
const LaneKind& TaskGroupHeaderKind();  // lane_tasks.cpp
const LaneKind& TaskLaneKind();         // lane_tasks.cpp

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_UI_LANE_KIND_H_
