#include "viewer/core/lane_layout.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace ctrace::viewer {

uint64_t GroupKey(uint16_t doc, RowKind kind, uint32_t index) {
  return (static_cast<uint64_t>(doc) << 40) | (static_cast<uint64_t>(kind) << 32) | index;
}

CollapsedGroups InitiallyCollapsed(const std::vector<const TraceDocument*>& docs) {
  CollapsedGroups collapsed;
  for (size_t d = 0; d < docs.size(); ++d) {
    const Model& m = docs[d]->model();
    for (uint32_t p = 0; p < m.processes.size(); ++p) {
      if (m.processes[p].tasks.size() > kTaskLanesOpenAtMost) {
        collapsed.insert(GroupKey(static_cast<uint16_t>(d), RowKind::kTaskGroupHeader, p));
      }
    }
  }
  return collapsed;
}

namespace {

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it != haystack.end() || needle.empty();
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool ThreadMatches(const TraceDocument& doc, uint32_t t, const std::string& filter) {
  if (filter.empty()) return true;
  const Thread& th = doc.model().threads[t];
  if (ContainsIgnoreCase(doc.ThreadName(t), filter)) return true;
  if (StartsWith(std::to_string(th.tid), filter)) return true;
  if (StartsWith(std::to_string(th.pid), filter)) return true;
  return th.process != kNoProcess && ContainsIgnoreCase(doc.ProcessName(th.process), filter);
}

int Layout::RowAt(float y) const {
  auto it =
      std::upper_bound(rows.begin(), rows.end(), y, [](float v, const Row& r) { return v < r.y; });
  if (it == rows.begin()) return -1;
  const Row& r = *(it - 1);
  return y < r.y + r.height ? static_cast<int>(it - rows.begin() - 1) : -1;
}

size_t Layout::FirstVisible(float y) const {
  auto it = std::partition_point(rows.begin(), rows.end(),
                                 [y](const Row& r) { return r.y + r.height < y; });
  return static_cast<size_t>(it - rows.begin());
}

LanesInView LanesWithin(const Layout& layout, uint16_t doc, float height) {
  LanesInView lanes;
  for (const Row& r : layout.rows) {
    if (r.y >= height) break;  // rows are in order from the top
    if (r.doc != doc) continue;
    if (r.kind == RowKind::kCpuLane) lanes.cpus.push_back(static_cast<uint16_t>(r.index));
    if (r.kind == RowKind::kThreadLane) lanes.threads.push_back(r.index);
  }
  return lanes;
}

LanesInView IndexLanesInView(const TraceDocument& doc, float height) {
  const std::vector<const TraceDocument*> alone{&doc};
  LanesInView shown =
      LanesWithin(BuildLayout(alone, LayoutOptions{}, InitiallyCollapsed(alone)), 0, height);
  doc.IndexLanes(shown.cpus, shown.threads);
  return shown;
}

int Layout::ThreadRow(uint16_t doc, uint32_t t) const {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].kind == RowKind::kThreadLane && rows[i].doc == doc && rows[i].index == t) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

int Layout::ThreadOrGroupRow(const TraceDocument& d, uint16_t doc, uint32_t t) const {
  int row = ThreadRow(doc, t);
  if (row >= 0 || t >= d.model().threads.size()) return row;
  uint32_t p = d.model().threads[t].process;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].kind == RowKind::kProcessHeader && rows[i].doc == doc && rows[i].index == p) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

Layout BuildLayout(const std::vector<const TraceDocument*>& docs, const LayoutOptions& options,
                   const CollapsedGroups& collapsed) {
  Layout layout;
  float y = 0;
  auto add = [&](RowKind kind, uint16_t doc, uint16_t depth, uint32_t index, float height) {
    layout.rows.push_back({kind, doc, depth, index, y, height});
    y += height + options.gap;
  };
  for (uint16_t d = 0; d < docs.size(); ++d) {
    const TraceDocument& doc = *docs[d];
    if (docs.size() > 1) {
      add(RowKind::kTraceHeader, d, 0, 0, options.header_height);
      if (collapsed.contains(GroupKey(d, RowKind::kTraceHeader, 0))) continue;
    }
    if (options.show_cpu_lanes && doc.cpu_count() > 0) {
      bool any = false;
      for (uint16_t c = 0; c < doc.cpu_count(); ++c) any = any || doc.CpuUsed(c);
      if (any) {
        add(RowKind::kCpuHeader, d, 0, 0, options.header_height);
        if (!collapsed.contains(GroupKey(d, RowKind::kCpuHeader, 0))) {
          for (uint16_t c = 0; c < doc.cpu_count(); ++c) {
            if (doc.CpuUsed(c)) add(RowKind::kCpuLane, d, 1, c, options.cpu_lane_height);
          }
        }
      }
    }
    const Model& m = doc.model();
    for (uint32_t p : doc.process_order()) {
      const Process& proc = m.processes[p];
      std::vector<uint32_t> shown;
      for (uint32_t t : proc.threads) {
        if (t < m.threads.size() && ThreadMatches(doc, t, options.filter)) shown.push_back(t);
      }
      if (shown.empty()) continue;
      uint16_t depth = doc.process_depth()[p];
      add(RowKind::kProcessHeader, d, depth, p, options.header_height);
      if (collapsed.contains(GroupKey(d, RowKind::kProcessHeader, p))) continue;
      for (uint32_t t : shown) {
        add(RowKind::kThreadLane, d, static_cast<uint16_t>(depth + 1), t,
            options.thread_lane_height);
        if (doc.tasks().ThreadHasTasks(t)) {
          add(RowKind::kThreadTaskRow, d, static_cast<uint16_t>(depth + 1), t,
              options.task_row_height);
        }
      }
      if (proc.tasks.empty()) continue;
      add(RowKind::kTaskGroupHeader, d, static_cast<uint16_t>(depth + 1), p, options.header_height);
      if (collapsed.contains(GroupKey(d, RowKind::kTaskGroupHeader, p))) continue;
      for (uint32_t task : proc.tasks) {
        add(RowKind::kTaskLane, d, static_cast<uint16_t>(depth + 2), task,
            options.task_lane_height);
      }
    }
  }
  layout.height = y;
  return layout;
}

}  // namespace ctrace::viewer
