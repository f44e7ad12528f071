#include "model/process_tracker.h"

namespace ctrace {

uint32_t ProcessTracker::FindOrAdd(int32_t tid, int32_t pid, uint64_t ts) {
  uint32_t t = Find(tid, pid);
  return t != kNoThread ? t : NewThread(tid, pid, ThreadOrigin::kFirstSeen, ts);
}

uint32_t ProcessTracker::AddIfTraced(int32_t tid, int32_t pid, uint64_t ts) {
  return IsTracedProcess(pid) ? NewThread(tid, pid, ThreadOrigin::kFirstSeen, ts) : kNoThread;
}

uint32_t ProcessTracker::LookupMiss(int32_t tid) {
  auto it = tids_.find(tid);
  return it == tids_.end() ? kNoThread : it->second;
}

uint32_t ProcessTracker::NewThread(int32_t tid, int32_t pid, ThreadOrigin origin, uint64_t ts) {
  uint32_t p = FindOrAddProcess(pid, ts);
  uint32_t t = static_cast<uint32_t>(model_->threads.size());
  Thread& th = model_->threads.emplace_back();
  th.tid = tid;
  th.pid = pid;
  th.process = p;
  th.origin = origin;
  th.first_ns = ts;
  // A thread starts with its process's name until it is told its own.
  th.comm = model_->processes[p].comm;
  model_->processes[p].threads.push_back(t);
  SetTid(tid, t);
  return t;
}

uint32_t ProcessTracker::FindOrAddProcess(int32_t pid, uint64_t ts) {
  auto it = pids_.find(pid);
  if (it != pids_.end()) return it->second;
  return NewProcess(pid, -1, ThreadOrigin::kFirstSeen, kEmptyString, ts);
}

uint32_t ProcessTracker::NewProcess(int32_t pid, int32_t ppid, ThreadOrigin origin, uint32_t comm,
                                    uint64_t ts) {
  uint32_t p = static_cast<uint32_t>(model_->processes.size());
  Process& proc = model_->processes.emplace_back();
  proc.pid = pid;
  proc.ppid = ppid;
  proc.origin = origin;
  proc.comm = comm;
  proc.first_ns = ts;
  SetParent(p, ppid);
  pids_[pid] = p;
  return p;
}

void ProcessTracker::SetParent(uint32_t process, int32_t ppid) {
  Process& proc = model_->processes[process];
  proc.ppid = ppid;
  if (ppid <= 0) return;
  auto parent = pids_.find(ppid);
  if (parent == pids_.end() || parent->second == process) return;
  proc.parent = parent->second;
  model_->processes[parent->second].children.push_back(process);
}

uint32_t ProcessTracker::AddSnapshot(int32_t tid, int32_t pid, int32_t ppid, uint32_t comm,
                                     uint64_t ts) {
  uint32_t t = Find(tid, pid);
  if (t == kNoThread) {
    if (tid == pid && !pids_.contains(pid)) {
      NewProcess(pid, ppid, ThreadOrigin::kSnapshot, comm, ts);
    }
    t = NewThread(tid, pid, ThreadOrigin::kSnapshot, ts);
  }
  Thread& th = model_->threads[t];
  th.comm = comm;
  Process& proc = model_->processes[th.process];
  if (tid == pid) {
    // The process may have been first seen through one of its other threads.
    proc.comm = comm;
    proc.origin = ThreadOrigin::kSnapshot;
    if (proc.parent == kNoProcess) SetParent(th.process, ppid);
  }
  return t;
}

uint32_t ProcessTracker::AddCreated(int32_t tid, int32_t pid, uint32_t creator, int32_t creator_pid,
                                    uint32_t comm, uint64_t ts) {
  bool is_process = tid == pid;
  if (is_process) NewProcess(pid, creator_pid, ThreadOrigin::kCreated, comm, ts);
  uint32_t t = NewThread(tid, pid, ThreadOrigin::kCreated, ts);
  Thread& th = model_->threads[t];
  th.comm = comm;
  th.created_by = creator;
  th.created_as_process = is_process;
  return t;
}

uint32_t ProcessTracker::Exec(int32_t pid, const ExecPayload& exec, uint64_t ts,
                              uint32_t* displaced) {
  *displaced = kNoThread;
  int32_t old_tid = exec.old_tid;
  uint32_t t = FindOrAdd(old_tid, pid, ts);
  if (old_tid != pid) {
    // de_thread(): a non-leader that execs takes over the leader's tid; the old leader is
    // gone.
    uint32_t leader = Find(pid, pid);
    if (leader != t) *displaced = leader;
    EraseTid(old_tid);
    model_->threads[t].tid = pid;
    SetTid(pid, t);
  }
  Process& proc = model_->processes[model_->threads[t].process];
  proc.execs.push_back({ts, exec.filename, exec.comm, exec.argv, old_tid});
  Rename(t, exec.comm, ts);
  return t;
}

void ProcessTracker::Rename(uint32_t thread, uint32_t comm, uint64_t ts) {
  Thread& th = model_->threads[thread];
  th.comm = comm;
  th.renames.push_back({ts, comm});
  // A process is known by its leader's name (what ps shows).
  if (th.tid == th.pid) model_->processes[th.process].comm = comm;
}

void ProcessTracker::ProcessExited(uint32_t process, int32_t exit_code, uint64_t ts) {
  model_->processes[process].exit = ProcessExit{ts, exit_code};
}

}  // namespace ctrace
