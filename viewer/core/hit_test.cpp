#include "viewer/core/hit_test.h"

#include <algorithm>
#include <cmath>

namespace ctrace::viewer {

int64_t CpuItemAt(const TraceDocument& doc, uint16_t cpu, uint64_t ts) {
  if (cpu >= doc.cpu_count()) return -1;
  const PodVector<CpuItem>& e = doc.CpuEntries(cpu);
  if (e.size() < 2) return -1;
  // e.back() is the end sentinel.
  auto it = std::upper_bound(e.begin(), e.end() - 1, ts,
                             [](uint64_t v, const CpuItem& x) { return v < x.start_ns; });
  if (it == e.begin()) return -1;
  size_t i = static_cast<size_t>(it - e.begin()) - 1;
  if (ts >= e[i + 1].start_ns) return -1;
  return static_cast<int64_t>(i);
}

int MarkerNear(const TraceDocument& doc, uint32_t t, uint64_t ts, double reach_ns) {
  const std::vector<Marker>& mk = doc.Markers(t);
  int best = -1;
  double best_d = reach_ns;
  for (size_t i = 0; i < mk.size(); ++i) {
    double d = std::fabs(static_cast<double>(mk[i].ts_ns) - static_cast<double>(ts));
    if (d <= best_d) {
      best_d = d;
      best = static_cast<int>(i);
    }
  }
  return best;
}

Hit HitTest(const std::vector<const TraceDocument*>& docs, const Layout& layout,
            const TimeAxis& axis, float x, float y) {
  Hit hit;
  hit.t_ns = axis.TimeAt(x);
  hit.row = layout.RowAt(y);
  if (hit.row < 0) return hit;
  const Row& row = layout.rows[static_cast<size_t>(hit.row)];
  hit.kind = row.kind;
  hit.doc = row.doc;
  if (row.doc >= docs.size()) return hit;
  const TraceDocument& doc = *docs[row.doc];
  if (hit.t_ns < 0) return hit;
  uint64_t ts = doc.origin_ns() + static_cast<uint64_t>(std::llround(std::floor(hit.t_ns)));
  if (row.kind == RowKind::kThreadLane) {
    hit.thread = row.index;
    hit.interval = doc.IntervalAt(row.index, ts);
    hit.marker = MarkerNear(doc, row.index, ts, kMarkerReachPx * axis.ns_per_px());
  } else if (row.kind == RowKind::kCpuLane) {
    uint16_t cpu = static_cast<uint16_t>(row.index);
    hit.interval = CpuItemAt(doc, cpu, ts);
    if (hit.interval >= 0) {
      uint32_t key = doc.CpuEntries(cpu)[static_cast<size_t>(hit.interval)].key;
      if (key < doc.model().threads.size()) hit.thread = key;
    }
  } else if (row.kind == RowKind::kThreadTaskRow) {
    hit.thread = row.index;
    hit.interval = doc.tasks().RunAt(row.index, ts);
    if (hit.interval >= 0) hit.task = doc.model().task_runs[static_cast<size_t>(hit.interval)].task;
  } else if (row.kind == RowKind::kTaskLane) {
    hit.task = row.index;
    hit.interval = doc.tasks().TaskPieceAt(row.index, ts);
  }
  return hit;
}

}  // namespace ctrace::viewer
