// One opened trace and everything the viewer derives from it before drawing: the model,
// CPU lanes, a level-of-detail index per lane (each built when first needed: lane_indexes.h),
// the process tree order, lifecycle markers and creation flows. The document never touches
// ImGui; the view never parses (see ../shared/style.md, Tracy: Worker and View).
#ifndef CTRACE_VIEWER_CORE_TRACE_DOCUMENT_H_
#define CTRACE_VIEWER_CORE_TRACE_DOCUMENT_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "model/cpu_lanes.h"
#include "model/load_model.h"
#include "model/model.h"
#include "viewer/core/lane_indexes.h"
#include "viewer/core/lod_index.h"
#include "viewer/core/task_lanes.h"

namespace ctrace::viewer {

// Bits of StateInterval::bits a thread lane draws: the state and the CPU.
inline constexpr uint32_t kThreadKeyMask = 0xFFFF000Fu;
inline ThreadState KeyState(uint32_t key) { return static_cast<ThreadState>(key & 0xF); }
inline uint16_t KeyCpu(uint32_t key) { return static_cast<uint16_t>(key >> 16); }

// A CPU lane's level 0: the model's CPU tiles (model/cpu_tiles.h).
using CpuItem = CpuTile;

// A thread lane's key class: its state (the key's low bits).
inline constexpr KeyClassFn ThreadKeyClass = LowBitsKeyClass;

enum class MarkerKind : uint8_t { kThreadCreated, kProcessCreated, kExec, kExit };

struct Marker {
  uint64_t ts_ns;
  MarkerKind kind;
  int32_t exit_code;  // kExit: raw (status << 8) | termsig
  uint32_t str;       // kExec: the filename (string id)
};

// An arrow creator -> created: from the creator's clone/fork entry to the child's start.
struct CreationFlow {
  uint64_t from_ns;
  uint64_t to_ns;
  uint32_t from;  // thread index of the creator
  uint32_t to;    // thread index of the created thread
  bool process;   // a new process (fork/vfork/clone without CLONE_THREAD)
};

// When a document builds its lanes' levels of detail (lane_indexes.h).
enum class LaneIndexing {
  kAll,       // every lane's, on all cores, before Load or FromModel returns
  kOnDemand,  // each lane's when first asked for (IndexLanes, IndexRestInBackground)
};

class TraceDocument {
 public:
  // Reads `path` and builds the model and the indexes. Fails with the reader's message.
  // `progress` as LoadModel's (called on the loading thread after each chunk).
  static absl::StatusOr<std::unique_ptr<TraceDocument>> Load(
      const std::string& path, const LoadProgress& progress = {},
      LaneIndexing indexing = LaneIndexing::kAll);
  // Indexes an already built model (tests, benchmarks).
  // The CPU lanes are the model's tiles (derived here if it has none).
  static std::unique_ptr<TraceDocument> FromModel(std::string path, Model model,
                                                  LaneIndexing indexing = LaneIndexing::kAll);
  ~TraceDocument();
  TraceDocument(const TraceDocument&) = delete;
  TraceDocument& operator=(const TraceDocument&) = delete;

  // Builds the indexes of these lanes now, on all cores (those the first frame will show).
  void IndexLanes(std::span<const uint16_t> cpus, std::span<const uint32_t> threads) const;
  // Starts a thread building the other lanes' indexes (once the first frame is on screen:
  // it would take a CPU that frame is drawn on). Lanes asked for before it gets to them are
  // built when asked (ThreadLod, CpuLod).
  void IndexRestInBackground() { lanes_->BuildRestInBackground(); }

  const std::string& path() const { return path_; }
  std::string_view name() const;  // the file name without its directory
  const Model& model() const { return model_; }
  // The view's time 0 and length: the recording's start and duration.
  uint64_t origin_ns() const { return model_.start_ns; }
  uint64_t duration_ns() const { return model_.end_ns - model_.start_ns; }
  bool empty() const { return model_.threads.empty(); }

  std::string_view ThreadName(uint32_t t) const;
  std::string_view ProcessName(uint32_t p) const;

  // Thread lane level 0: the thread's intervals.
  LaneItems ThreadItems(uint32_t t) const;
  // Its level-of-detail index; built now if it has not been (safe from any thread).
  const LodIndex& ThreadLod(uint32_t t) const { return lanes_->Get(model_.cpu_tiles.size() + t); }
  // CPU lane level 0: items keyed by thread index (or kLaneIdle/kLaneOther/kLaneNone).
  size_t cpu_count() const { return model_.cpu_tiles.size(); }
  const PodVector<CpuItem>& CpuEntries(uint16_t cpu) const { return model_.cpu_tiles[cpu]; }
  LaneItems CpuItems(uint16_t cpu) const;
  const LodIndex& CpuLod(uint16_t cpu) const { return lanes_->Get(cpu); }
  bool CpuUsed(uint16_t cpu) const { return model_.cpu_tiles[cpu].size() > 1; }

  // Processes in tree order (each parent before its children, siblings by start) and
  // each one's depth in the tree.
  const std::vector<uint32_t>& process_order() const { return process_order_; }
  const std::vector<uint16_t>& process_depth() const { return process_depth_; }  // by index

  const std::vector<Marker>& Markers(uint32_t t) const { return markers_[t]; }
  // The task rows under the thread lanes and the task lanes (task_lanes.h).
  const TaskLanes& tasks() const { return task_lanes_; }
  std::string TaskLabel(uint32_t task) const;  // "connection 17", or "task 17" unnamed
  // Sorted by to_ns.
  const std::vector<CreationFlow>& creation_flows() const { return creation_flows_; }

  // The last thread incarnation with this tid, or kNoThread.
  uint32_t FindThread(int32_t tid) const;
  // The interval of thread `t` containing absolute time `ts`, or -1.
  int64_t IntervalAt(uint32_t t, uint64_t ts) const;

  // Bytes of the level-of-detail indexes (the CPU tiles are counted in the model); builds
  // those not built yet first.
  size_t IndexMemoryBytes() const;

 private:
  TraceDocument() = default;
  void BuildIndexes(LaneIndexing indexing);

  std::string path_;
  Model model_;
  std::vector<uint32_t> process_order_;
  std::vector<uint16_t> process_depth_;
  std::vector<std::vector<Marker>> markers_;
  TaskLanes task_lanes_;
  std::vector<CreationFlow> creation_flows_;
  // The CPU lanes', then the thread lanes'. Last: its background thread, which reads the
  // model, is stopped before anything else goes.
  std::unique_ptr<LaneIndexes> lanes_;
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_TRACE_DOCUMENT_H_
