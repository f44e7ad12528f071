#include "viewer/core/trace_document.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "base/status_macros.h"
#include "model/load_model.h"

namespace ctrace::viewer {

namespace {

unsigned IndexWorkers() { return std::min(std::max(1u, std::thread::hardware_concurrency()), 8u); }

}  // namespace

absl::StatusOr<std::unique_ptr<TraceDocument>> TraceDocument::Load(const std::string& path,
                                                                   const LoadProgress& progress,
                                                                   LaneIndexing indexing) {
  TimelineBuilderOptions options;
  options.cpu_tiles = true;  // the CPU lanes, built in passing
  ASSIGN_OR_RETURN(Model model, LoadModel(path, options, progress));
  return FromModel(path, std::move(model), indexing);
}

std::unique_ptr<TraceDocument> TraceDocument::FromModel(std::string path, Model model,
                                                        LaneIndexing indexing) {
  std::unique_ptr<TraceDocument> doc(new TraceDocument());
  doc->path_ = std::move(path);
  doc->model_ = std::move(model);
  doc->BuildIndexes(indexing);
  return doc;
}

TraceDocument::~TraceDocument() = default;

void TraceDocument::IndexLanes(std::span<const uint16_t> cpus,
                               std::span<const uint32_t> threads) const {
  const size_t cpu_lanes = model_.cpu_tiles.size();
  std::vector<size_t> shown;
  for (uint16_t c : cpus) {
    if (c < cpu_lanes) shown.push_back(c);
  }
  for (uint32_t t : threads) {
    if (t < model_.threads.size()) shown.push_back(cpu_lanes + t);
  }
  lanes_->Build(shown, IndexWorkers());
}

std::string_view TraceDocument::name() const {
  std::string_view p = path_;
  size_t slash = p.find_last_of('/');
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

std::string_view TraceDocument::ThreadName(uint32_t t) const {
  return t < model_.threads.size() ? model_.String(model_.threads[t].comm) : "?";
}

std::string_view TraceDocument::ProcessName(uint32_t p) const {
  return p < model_.processes.size() ? model_.String(model_.processes[p].comm) : "?";
}

LaneItems TraceDocument::ThreadItems(uint32_t t) const {
  const Thread& th = model_.threads[t];
  LaneItems items;
  items.base = th.intervals.data();
  items.stride = sizeof(StateInterval);
  items.count = th.intervals.size();
  items.end_ns = th.intervals.empty() ? 0 : model_.IntervalEnd(th, th.intervals.size() - 1);
  items.key_mask = kThreadKeyMask;
  return items;
}

LaneItems TraceDocument::CpuItems(uint16_t cpu) const {
  const PodVector<CpuItem>& e = model_.cpu_tiles[cpu];
  LaneItems items;
  items.base = e.data();
  items.stride = sizeof(CpuItem);
  items.count = e.empty() ? 0 : e.size() - 1;  // the last entry is the end sentinel
  items.end_ns = e.empty() ? 0 : e.back().start_ns;
  return items;
}

uint32_t TraceDocument::FindThread(int32_t tid) const {
  for (size_t i = model_.threads.size(); i-- > 0;) {
    if (model_.threads[i].tid == tid) return static_cast<uint32_t>(i);
  }
  return kNoThread;
}

int64_t TraceDocument::IntervalAt(uint32_t t, uint64_t ts) const {
  if (t >= model_.threads.size()) return -1;
  const Thread& th = model_.threads[t];
  auto it = std::upper_bound(th.intervals.begin(), th.intervals.end(), ts,
                             [](uint64_t v, const StateInterval& s) { return v < s.start_ns; });
  if (it == th.intervals.begin()) return -1;
  size_t i = static_cast<size_t>(it - th.intervals.begin()) - 1;
  if (ts >= model_.IntervalEnd(th, i)) return -1;
  return static_cast<int64_t>(i);
}

size_t TraceDocument::IndexMemoryBytes() const {
  return lanes_->MemoryBytes() + task_lanes_.MemoryBytes();
}

std::string TraceDocument::TaskLabel(uint32_t task) const {
  const Task& t = model_.tasks[task];
  std::string_view name = model_.String(t.name);
  return std::string(name.empty() ? std::string_view(TaskKindName(t.source)) : name) + " " +
         std::to_string(t.id);
}

void TraceDocument::BuildIndexes(LaneIndexing indexing) {
  const Model& m = model_;
  const size_t threads = m.threads.size();

  // Load() has the builder tile the CPUs in passing; a model built without is tiled here.
  CpuTiles& tiles = model_.cpu_tiles;
  if (tiles.empty()) tiles = DeriveCpuTiles(m);
  if (tiles.size() < m.header.cpu_count) tiles.resize(m.header.cpu_count);
  // The lanes' indexes are independent: built in any order, on any thread.
  std::vector<IndexedLane> lanes;
  lanes.reserve(tiles.size() + threads);
  for (size_t c = 0; c < tiles.size(); ++c) {
    lanes.push_back({CpuItems(static_cast<uint16_t>(c)), CpuKeyClass});
  }
  for (size_t t = 0; t < threads; ++t) {
    lanes.push_back({ThreadItems(static_cast<uint32_t>(t)), ThreadKeyClass});
  }
  lanes_ = std::make_unique<LaneIndexes>(std::move(lanes));
  if (indexing == LaneIndexing::kAll) lanes_->BuildAll(IndexWorkers());
  task_lanes_ = TaskLanes(m);

  // Process tree order: roots by start, then depth-first with children by start.
  const size_t procs = m.processes.size();
  auto by_start = [&m](uint32_t a, uint32_t b) {
    const Process& pa = m.processes[a];
    const Process& pb = m.processes[b];
    return pa.first_ns != pb.first_ns ? pa.first_ns < pb.first_ns : a < b;
  };
  process_depth_.assign(procs, 0);
  std::vector<uint32_t> roots;
  for (uint32_t p = 0; p < procs; ++p) {
    uint32_t parent = m.processes[p].parent;
    if (parent == kNoProcess || parent >= procs || parent == p) roots.push_back(p);
  }
  std::sort(roots.begin(), roots.end(), by_start);
  std::vector<bool> placed(procs, false);
  std::vector<std::pair<uint32_t, uint16_t>> stack;
  auto visit = [&](uint32_t root) {
    stack.push_back({root, 0});
    while (!stack.empty()) {
      auto [p, depth] = stack.back();
      stack.pop_back();
      if (placed[p]) continue;  // a malformed tree with a cycle
      placed[p] = true;
      process_order_.push_back(p);
      process_depth_[p] = depth;
      std::vector<uint32_t> children;
      for (uint32_t c : m.processes[p].children) {
        if (c < procs && !placed[c]) children.push_back(c);
      }
      std::sort(children.begin(), children.end(), by_start);
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        stack.push_back({*it, static_cast<uint16_t>(depth + 1)});
      }
    }
  };
  for (uint32_t r : roots) visit(r);
  for (uint32_t p = 0; p < procs; ++p) {
    if (!placed[p]) visit(p);  // only reachable through a cycle
  }

  // Lifecycle markers and creation flows.
  markers_.assign(threads, {});
  for (uint32_t t = 0; t < threads; ++t) {
    const Thread& th = m.threads[t];
    if (th.origin == ThreadOrigin::kCreated) {
      markers_[t].push_back(
          {th.first_ns,
           th.created_as_process ? MarkerKind::kProcessCreated : MarkerKind::kThreadCreated, 0, 0});
      if (th.created_by != kNoThread && th.created_by < threads) {
        uint64_t from = th.creation_start_ns != 0 ? th.creation_start_ns : th.first_ns;
        creation_flows_.push_back(
            {std::min(from, th.first_ns), th.first_ns, th.created_by, t, th.created_as_process});
      }
    }
    if (th.exit) markers_[t].push_back({th.exit->ts_ns, MarkerKind::kExit, th.exit->exit_code, 0});
  }
  for (const Process& p : m.processes) {
    for (const ExecRecord& e : p.execs) {
      // After exec the process runs on its leader thread (tid == pid) alone.
      uint32_t lane = kNoThread;
      for (uint32_t t : p.threads) {
        if (t < threads && m.threads[t].tid == p.pid && m.threads[t].first_ns <= e.ts_ns) lane = t;
      }
      if (lane == kNoThread && !p.threads.empty() && p.threads.front() < threads) {
        lane = p.threads.front();
      }
      if (lane != kNoThread) markers_[lane].push_back({e.ts_ns, MarkerKind::kExec, 0, e.filename});
    }
  }
  for (std::vector<Marker>& mk : markers_) {
    std::stable_sort(mk.begin(), mk.end(),
                     [](const Marker& a, const Marker& b) { return a.ts_ns < b.ts_ns; });
  }
  std::sort(creation_flows_.begin(), creation_flows_.end(),
            [](const CreationFlow& a, const CreationFlow& b) { return a.to_ns < b.to_ns; });
}

}  // namespace ctrace::viewer
