// The level-of-detail indexes of a document's lanes, each built once, when it is first needed.
//
// Opening a trace used to index every lane before the first frame. A window shows a few
// dozen lanes of the hundreds or thousands a big trace has (the benchmark's: 2 CPU lanes and
// 22 of its 100 thread lanes), so the viewer now indexes the lanes its first frame shows, on
// all cores, draws, and leaves the others to a background thread. A lane asked for before
// that thread reaches it (scrolled to at once) is built on the asking thread; one being
// built elsewhere is waited for. Every lane's index is the same whoever builds it and when.
#ifndef CTRACE_VIEWER_CORE_LANE_INDEXES_H_
#define CTRACE_VIEWER_CORE_LANE_INDEXES_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "viewer/core/lod_index.h"

namespace ctrace::viewer {

// A lane to index: its level 0 (read in place; it must outlive the LaneIndexes and not
// change) and how its keys are classed.
struct IndexedLane {
  LaneItems items;
  KeyClassFn classify;
};

class LaneIndexes {
 public:
  explicit LaneIndexes(std::vector<IndexedLane> lanes);
  // Stops the background thread (after the lane it is building) and waits for it.
  ~LaneIndexes() = default;
  // Not movable either: the background thread works on this object.
  LaneIndexes(const LaneIndexes&) = delete;
  LaneIndexes& operator=(const LaneIndexes&) = delete;

  size_t size() const { return lanes_.size(); }
  // Lane `i`'s index: built now, on this thread, if no one has; waited for if another
  // thread is building it. Safe from any thread.
  const LodIndex& Get(size_t i) const;
  // Builds the listed lanes (those not built yet) on up to `workers` threads, the largest
  // first, and returns when all are built.
  void Build(std::span<const size_t> lanes, unsigned workers) const;
  // Builds every lane; see Build.
  void BuildAll(unsigned workers) const;
  // Starts one thread building, in order, the lanes nobody has asked for yet. Once.
  void BuildRestInBackground();
  // Bytes of the lanes' indexes; builds those not built yet first.
  size_t MemoryBytes() const;

 private:
  std::vector<IndexedLane> lanes_;
  // One per lane. Mutable: an index is a cache of what the lane's items already say.
  mutable std::unique_ptr<std::once_flag[]> built_;
  mutable std::vector<LodIndex> index_;
  std::jthread background_;  // declared last: stopped and joined before the rest goes
};

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_LANE_INDEXES_H_
