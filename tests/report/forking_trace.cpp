#include "tests/report/forking_trace.h"

#include "format/syscall_table.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kServerPath, kServer, kChild };

Event At(uint64_t rel, EventKind kind, int32_t tid, int32_t pid) {
  Event e;
  e.ts_ns = kBase + rel;
  e.kind = kind;
  e.cpu = 0;
  e.tid = tid;
  e.pid = pid;
  return e;
}

Event Switch(uint64_t rel, int32_t prev, uint32_t state, int32_t next, int32_t sc = kNoSyscall) {
  Event e = At(rel, EventKind::kSchedSwitch, prev, prev);
  e.sched_switch = {state, 0, sc, next, next};
  return e;
}

Event Fork(uint64_t rel, int32_t child, int32_t parent, uint32_t comm) {
  Event e = At(rel, EventKind::kProcessFork, child, child);
  e.fork = {parent, parent, comm};
  return e;
}

}  // namespace

SampleTrace MakeForkingTrace(int children) {
  SampleTrace s;
  s.header.start_monotonic_ns = kBase;
  s.header.start_realtime_ns = 1'700'000'000'000'000'000;
  s.header.hostname = "testhost";
  s.header.kernel_release = "6.18.0";
  s.header.command = {"/usr/bin/forker"};
  s.header.cpu_count = 2;
  s.header.recorder = "ctrace test";
  s.strings = {"", "ctrace", "/usr/bin/forker", "forker", "child"};

  Event exec = At(1500, EventKind::kProcessExec, 200, 200);
  exec.exec = {200, kServerPath, kServer, 0};
  s.events = {Fork(1000, 200, 1, kLauncher), Switch(1200, 0, 0, 200), exec};
  for (int i = 0; i < children; ++i) {
    const uint64_t t = 10000 * static_cast<uint64_t>(i + 1);
    const int32_t child = 300 + i;
    Event enter = At(t, EventKind::kSyscallEnter, 200, 200);
    enter.syscall_enter.nr = syscall_nr::kFork;
    Event leave = At(t + 200, EventKind::kSyscallExit, 200, 200);
    leave.syscall_exit = {syscall_nr::kFork, child};
    Event exit = At(t + 2300, EventKind::kProcessExit, child, child);
    exit.exit = {0, 1, 0, 0, 2000};  // matches the model: no switch before exit
    Event wake = At(t + 2350, EventKind::kSchedWaking, 200, 200);
    wake.wakeup = {child, child, 0};
    s.events.insert(s.events.end(),
                    {enter, Fork(t + 100, child, 200, kChild), leave,
                     Switch(t + 300, 200, kTaskInterruptible, child, syscall_nr::kWait4), exit,
                     wake, Switch(t + 2400, child, kTaskDead, 200)});
  }
  s.trailer.end_monotonic_ns = kBase + 10000 * static_cast<uint64_t>(children + 2);
  s.trailer.lost_per_cpu = {0, 0};
  s.trailer.end_reason = "stopped";
  return s;
}

Model BuildForkingModel(int children) { return BuildModel(MakeForkingTrace(children)); }

absl::Status WriteForkingTrace(const std::string& path, int children) {
  return WriteTrace(path, MakeForkingTrace(children));
}

}  // namespace ctrace::testing
