// Lifecycle markers on a thread's lane (created, exec, exit with its code), drawn over the
// flows, and their tooltips. The flows and lost-event gaps, which span rows, are View's
// (lane_markers.cpp too).
#ifndef CTRACE_VIEWER_UI_LANE_MARKERS_H_
#define CTRACE_VIEWER_UI_LANE_MARKERS_H_

#include "imgui.h"
#include "viewer/core/hit_test.h"
#include "viewer/ui/lane_kind.h"

namespace ctrace::viewer {

void DrawThreadMarkers(const LaneContext& c, const Row& row, ImDrawList* dl, ImVec2 origin,
                       float width);
void MarkerTooltip(const LaneContext& c, const Hit& hit);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_UI_LANE_MARKERS_H_
