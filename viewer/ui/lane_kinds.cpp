// Which LaneKind draws each RowKind: the one table the view's row loops consult.
#include "viewer/ui/lane_kind.h"

namespace ctrace::viewer {

const LaneKind& LaneKindOf(RowKind kind) {
  switch (kind) {
    case RowKind::kTraceHeader:
      return TraceHeaderKind();
    case RowKind::kCpuHeader:
      return CpuHeaderKind();
    case RowKind::kCpuLane:
      return CpuLaneKind();
    case RowKind::kProcessHeader:
      return ProcessHeaderKind();
    case RowKind::kThreadLane:
      return ThreadLaneKind();
    case RowKind::kThreadTaskRow:
      return ThreadTaskRowKind();
    case RowKind::kTaskGroupHeader:
      return TaskGroupHeaderKind();
    case RowKind::kTaskLane:
      return TaskLaneKind();
  }
  return ThreadLaneKind();
}

}  // namespace ctrace::viewer
