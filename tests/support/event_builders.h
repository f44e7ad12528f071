// Hand-written events for tests: one function per event kind, fields in the order the
// event's comment in format/event.h gives them. Every test that makes events by hand uses
// these, so an event of a kind is made one way.
#ifndef CTRACE_TESTS_SUPPORT_EVENT_BUILDERS_H_
#define CTRACE_TESTS_SUPPORT_EVENT_BUILDERS_H_

#include <cstdint>

#include "format/event.h"
#include "format/syscall_table.h"

namespace ctrace::testing {

inline Event Base(uint64_t ts, EventKind kind, uint16_t cpu, int32_t tid, int32_t pid) {
  Event e;
  e.ts_ns = ts;
  e.kind = kind;
  e.cpu = cpu;
  e.tid = tid;
  e.pid = pid;
  return e;
}

// prev (tid/pid) leaves `cpu` in `prev_state`; next runs.
inline Event Switch(uint64_t ts, uint16_t cpu, int32_t prev_tid, int32_t prev_pid,
                    uint32_t prev_state, int32_t next_tid, int32_t next_pid, bool preempt = false,
                    int32_t prev_syscall = kNoSyscall) {
  Event e = Base(ts, EventKind::kSchedSwitch, cpu, prev_tid, prev_pid);
  e.sched_switch = {prev_state, static_cast<uint8_t>(preempt), prev_syscall, next_tid, next_pid};
  return e;
}

// prev (tid/pid) goes to sleep in futex(address, op) on `cpu`; next runs.
inline Event FutexSleep(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, uint64_t address,
                        int32_t next_tid = 0, int32_t next_pid = 0, int64_t op = 0x80) {
  Event e =
      Switch(ts, cpu, tid, pid, kTaskInterruptible, next_tid, next_pid, false, syscall_nr::kFutex);
  e.sched_switch.wait_args[0] = static_cast<int64_t>(address);
  e.sched_switch.wait_args[1] = op;
  return e;
}

inline Event Wake(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t waker_tid,
                  int32_t waker_pid, EventKind kind = EventKind::kSchedWaking,
                  int32_t target_cpu = -1) {
  Event e = Base(ts, kind, cpu, tid, pid);
  e.wakeup = {waker_tid, waker_pid, target_cpu < 0 ? cpu : target_cpu};
  return e;
}

inline Event Fork(uint64_t ts, uint16_t cpu, int32_t child_tid, int32_t child_pid,
                  int32_t parent_tid, int32_t parent_pid, uint32_t comm = 0) {
  Event e = Base(ts, EventKind::kProcessFork, cpu, child_tid, child_pid);
  e.fork = {parent_tid, parent_pid, comm};
  return e;
}

inline Event Exec(uint64_t ts, uint16_t cpu, int32_t pid, int32_t old_tid, uint32_t filename,
                  uint32_t comm) {
  Event e = Base(ts, EventKind::kProcessExec, cpu, pid, pid);
  e.exec.old_tid = old_tid;
  e.exec.filename = filename;
  e.exec.comm = comm;
  return e;
}

inline Event Exit(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t exit_code,
                  bool group_dead, uint64_t nvcsw = 0, uint64_t nivcsw = 0,
                  uint64_t cpu_time_ns = 0) {
  Event e = Base(ts, EventKind::kProcessExit, cpu, tid, pid);
  e.exit = {exit_code, static_cast<uint8_t>(group_dead), nvcsw, nivcsw, cpu_time_ns};
  return e;
}

inline Event Rename(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, uint32_t comm) {
  Event e = Base(ts, EventKind::kTaskRename, cpu, tid, pid);
  e.rename = {comm};
  return e;
}

inline Event Snapshot(uint64_t ts, int32_t tid, int32_t pid, int32_t ppid, uint32_t comm = 0) {
  Event e = Base(ts, EventKind::kThreadSnapshot, 0, tid, pid);
  e.snapshot = {ppid, comm};
  return e;
}

inline Event SyscallEnter(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t nr,
                          int64_t a0 = 0, int64_t a1 = 0, int64_t a2 = 0) {
  Event e = Base(ts, EventKind::kSyscallEnter, cpu, tid, pid);
  e.syscall_enter.nr = nr;
  e.syscall_enter.args[0] = a0;
  e.syscall_enter.args[1] = a1;
  e.syscall_enter.args[2] = a2;
  return e;
}

inline Event SyscallExit(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t nr,
                         int64_t ret) {
  Event e = Base(ts, EventKind::kSyscallExit, cpu, tid, pid);
  e.syscall_exit = {nr, ret};
  return e;
}

// A task event (kTaskCreate..kTaskWake) on thread tid/pid: `other` is the parent (create) or
// the waker (wake), `str` the name (create) or reason (suspend).
inline Event TaskEvent(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, EventKind kind,
                       uint64_t id, uint64_t other = 0, uint32_t str = 0,
                       TaskSource source = TaskSource::kProbes) {
  Event e = Base(ts, kind, cpu, tid, pid);
  e.task = {id, other, str, source};
  return e;
}

inline Event Lost(uint64_t ts, uint16_t cpu, uint64_t count) {
  Event e = Base(ts, EventKind::kLost, cpu, 0, 0);
  e.lost = {count};
  return e;
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_EVENT_BUILDERS_H_
