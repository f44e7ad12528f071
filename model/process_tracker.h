// Identity: which Thread and Process objects events belong to. A tid or pid can be reused
// (the old thread exited; a new one got the number), a non-leader thread that execs takes
// over its leader's tid, exec and prctl rename, and threads that existed before the trace
// appear either in a snapshot or, without one, first in the middle of the trace.
//
// The traced set is processes, not threads: a thread belongs to it when its process does
// (snapshot, creation, exec, or events only the traced set produces). Switch partners from
// other processes (kworkers, other programs) stay out of the model.
#ifndef CTRACE_MODEL_PROCESS_TRACKER_H_
#define CTRACE_MODEL_PROCESS_TRACKER_H_

#include <array>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "model/model.h"

namespace ctrace {

class ProcessTracker {
 public:
  explicit ProcessTracker(Model* model) : model_(model) {}

  // The live thread `tid` of process `pid`, or kNoThread. A known tid in another process
  // means the number was reused: that is not this thread.
  uint32_t Find(int32_t tid, int32_t pid) {
    const CacheEntry& c = Lookup(tid);
    return c.thread == kNoThread || c.pid != pid ? kNoThread : c.thread;
  }
  bool IsTracedProcess(int32_t pid) const { return pids_.contains(pid); }

  // Find(), or else a new thread first seen at `ts` (and its process, if new).
  uint32_t FindOrAdd(int32_t tid, int32_t pid, uint64_t ts);
  // Find(), or else a new thread if its process is traced; kNoThread otherwise.
  uint32_t FindTraced(int32_t tid, int32_t pid, uint64_t ts) {
    uint32_t t = Find(tid, pid);
    return t != kNoThread ? t : AddIfTraced(tid, pid, ts);
  }

  // A thread alive when tracing began.
  uint32_t AddSnapshot(int32_t tid, int32_t pid, int32_t ppid, uint32_t comm, uint64_t ts);
  // A thread created by `creator` (kProcessFork): a new process when tid == pid.
  uint32_t AddCreated(int32_t tid, int32_t pid, uint32_t creator, int32_t creator_pid,
                      uint32_t comm, uint64_t ts);
  // Exec by `old_tid` of process `pid`; after it the thread is `pid`'s leader. Returns the
  // thread; sets *displaced to the old leader it replaced (kNoThread if none).
  uint32_t Exec(int32_t pid, const ExecPayload& exec, uint64_t ts, uint32_t* displaced);
  void Rename(uint32_t thread, uint32_t comm, uint64_t ts);
  void ProcessExited(uint32_t process, int32_t exit_code, uint64_t ts);
  void SetTitle(uint32_t process, uint32_t title) { model_->processes[process].title = title; }

 private:
  uint32_t NewThread(int32_t tid, int32_t pid, ThreadOrigin origin, uint64_t ts);
  uint32_t AddIfTraced(int32_t tid, int32_t pid, uint64_t ts);
  // The live process `pid`, or a new one first seen at `ts`.
  uint32_t FindOrAddProcess(int32_t pid, uint64_t ts);
  uint32_t NewProcess(int32_t pid, int32_t ppid, ThreadOrigin origin, uint32_t comm, uint64_t ts);
  void SetParent(uint32_t process, int32_t ppid);

  // tid -> latest thread with that tid, and its pid (a thread's pid never changes). Every
  // event looks up one or two tids, mostly the same few hundred: a direct-mapped cache in
  // front of the hash map saves most probes, and holding the pid saves reading the thread
  // (Find's check of it was 20% of applying a sched_switch: perf annotate of BM_LoadModel).
  struct CacheEntry {
    int32_t tid = -1;
    uint32_t thread = kNoThread;
    int32_t pid = 0;
  };
  const CacheEntry& Lookup(int32_t tid) {
    CacheEntry& c = cache_[static_cast<uint32_t>(tid) & (kCacheSize - 1)];
    if (c.tid != tid) c = Entry(tid, LookupMiss(tid));
    return c;
  }
  uint32_t LookupMiss(int32_t tid);
  CacheEntry Entry(int32_t tid, uint32_t thread) const {
    return {tid, thread, thread == kNoThread ? 0 : model_->threads[thread].pid};
  }
  void SetTid(int32_t tid, uint32_t thread) {
    tids_[tid] = thread;
    cache_[static_cast<uint32_t>(tid) & (kCacheSize - 1)] = Entry(tid, thread);
  }
  void EraseTid(int32_t tid) {
    tids_.erase(tid);
    cache_[static_cast<uint32_t>(tid) & (kCacheSize - 1)] = Entry(tid, kNoThread);
  }

  static constexpr uint32_t kCacheSize = 1024;

  Model* model_;
  std::array<CacheEntry, kCacheSize> cache_{};
  absl::flat_hash_map<int32_t, uint32_t> tids_;
  absl::flat_hash_map<int32_t, uint32_t> pids_;  // pid -> latest process with that pid
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_PROCESS_TRACKER_H_
