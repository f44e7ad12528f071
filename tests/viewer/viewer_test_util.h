// Small synthetic traces for the viewer's tests, built through the real TimelineBuilder.
#ifndef CTRACE_TESTS_VIEWER_VIEWER_TEST_UTIL_H_
#define CTRACE_TESTS_VIEWER_VIEWER_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "format/event.h"
#include "format/syscall_table.h"
#include "model/timeline_builder.h"
#include "tests/support/event_builders.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer::testing {

// Events from the shared builders (tests/support/event_builders.h), added in a chain.
class EventList {
 public:
  EventList& Snapshot(uint64_t ts, int32_t tid, int32_t pid, int32_t ppid, uint32_t comm = 0) {
    return Add(::ctrace::testing::Snapshot(ts, tid, pid, ppid, comm));
  }
  // `prev` leaves `cpu` (prev_state 0 + preempt: runnable; kTaskInterruptible: blocked in
  // `syscall`), `next` (0: idle) runs.
  EventList& Switch(uint64_t ts, uint16_t cpu, int32_t prev, int32_t prev_pid, uint32_t prev_state,
                    int32_t next, int32_t next_pid, bool preempt = false,
                    int32_t syscall = kNoSyscall) {
    return Add(::ctrace::testing::Switch(ts, cpu, prev, prev_pid, prev_state, next, next_pid,
                                         preempt, syscall));
  }
  EventList& Wake(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t waker,
                  int32_t waker_pid) {
    return Add(::ctrace::testing::Wake(ts, cpu, tid, pid, waker, waker_pid));
  }
  EventList& Fork(uint64_t ts, uint16_t cpu, int32_t child, int32_t child_pid, int32_t parent,
                  int32_t parent_pid) {
    return Add(::ctrace::testing::Fork(ts, cpu, child, child_pid, parent, parent_pid));
  }
  EventList& Exit(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t code,
                  bool group_dead) {
    return Add(::ctrace::testing::Exit(ts, cpu, tid, pid, code, group_dead));
  }
  EventList& SyscallEnter(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t nr,
                          int64_t a0 = 0, int64_t a1 = 0, int64_t a2 = 0) {
    return Add(::ctrace::testing::SyscallEnter(ts, cpu, tid, pid, nr, a0, a1, a2));
  }
  EventList& SyscallExit(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, int32_t nr,
                         int64_t ret) {
    return Add(::ctrace::testing::SyscallExit(ts, cpu, tid, pid, nr, ret));
  }
  // A task event (docs/tasks.md): `other` is a create's parent, `str` its name or a
  // suspension's reason.
  EventList& Task(uint64_t ts, uint16_t cpu, int32_t tid, int32_t pid, EventKind kind, uint64_t id,
                  uint64_t other = 0, uint32_t str = 0) {
    return Add(::ctrace::testing::TaskEvent(ts, cpu, tid, pid, kind, id, other, str));
  }
  EventList& Lost(uint64_t ts, uint16_t cpu, uint64_t count) {
    return Add(::ctrace::testing::Lost(ts, cpu, count));
  }
  const std::vector<Event>& events() const { return events_; }

  Model BuildModel(uint64_t end_ns = 0, uint32_t cpus = 2) const {
    TimelineBuilder b;
    b.Add(events_);
    Model m = b.Finish(end_ns);
    m.header.cpu_count = cpus;
    return m;
  }
  std::unique_ptr<TraceDocument> BuildDocument(uint64_t end_ns = 0, uint32_t cpus = 2) const {
    return TraceDocument::FromModel("test.ctrace", BuildModel(end_ns, cpus));
  }

 private:
  EventList& Add(const Event& e) {
    events_.push_back(e);
    return *this;
  }
  std::vector<Event> events_;
};

// Process 100 (threads 100 and 101) and its child process 200, on CPUs 0 and 1:
//   t=1000   snapshot of 100 (running on cpu 0 from its first switch)
//   t=2000   100 creates thread 101; 101 runs on cpu 1 at 2500
//   t=3000   100 blocks in futex; cpu 0 idle
//   t=4000   101 wakes 100 (runnable), 100 runs at 4600 on cpu 0
//   t=5000   100 forks process 200; 200 runs on cpu 0 at 6000 (100 preempted)
//   t=8000   200 exits with code 3; 100 runs again
//   t=9000   101 is preempted by nothing (idle)
// The trace ends at 10000.
inline EventList SmallTrace() {
  EventList l;
  l.Snapshot(1000, 100, 100, 1);
  l.Switch(1100, 0, 0, 0, 0, 100, 100);
  l.Fork(2000, 0, 101, 100, 100, 100);
  l.Switch(2500, 1, 0, 0, 0, 101, 100);
  l.Switch(3000, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex);
  l.Wake(4000, 1, 100, 100, 101, 100);
  l.Switch(4600, 0, 0, 0, 0, 100, 100);
  l.Fork(5000, 0, 200, 200, 100, 100);
  l.Switch(6000, 0, 100, 100, 0, 200, 200, true);
  l.Exit(8000, 0, 200, 200, 3 << 8, true);
  l.Switch(8000, 0, 200, 200, kTaskDead, 100, 100);
  l.Switch(9000, 1, 101, 100, 0, 0, 0, true);
  return l;
}

}  // namespace ctrace::viewer::testing

#endif  // CTRACE_TESTS_VIEWER_VIEWER_TEST_UTIL_H_
