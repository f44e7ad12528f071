#include "tests/report/sample_trace.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "format/trace_writer.h"
#include "model/timeline_builder.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kServerPath, kServer };

Event At(uint64_t rel, EventKind kind, uint16_t cpu, int32_t tid, int32_t pid) {
  Event e;
  e.ts_ns = kBase + rel;
  e.kind = kind;
  e.cpu = cpu;
  e.tid = tid;
  e.pid = pid;
  return e;
}

Event Switch(uint64_t rel, uint16_t cpu, int32_t prev, int32_t prev_pid, uint32_t state,
             int32_t next, int32_t next_pid, bool preempt = false, int32_t sc = kNoSyscall) {
  Event e = At(rel, EventKind::kSchedSwitch, cpu, prev, prev_pid);
  e.sched_switch = {state, static_cast<uint8_t>(preempt), sc, next, next_pid};
  return e;
}

Event Waking(uint64_t rel, uint16_t cpu, int32_t tid, int32_t waker) {
  Event e = At(rel, EventKind::kSchedWaking, cpu, tid, 100);
  e.wakeup = {waker, waker == 0 ? 0 : 100, cpu};
  return e;
}

Event Enter(uint64_t rel, uint16_t cpu, int32_t tid, int32_t nr, int64_t a0 = 0, int64_t a1 = 0,
            int64_t a2 = 0) {
  Event e = At(rel, EventKind::kSyscallEnter, cpu, tid, 100);
  e.syscall_enter.nr = nr;
  e.syscall_enter.args[0] = a0;
  e.syscall_enter.args[1] = a1;
  e.syscall_enter.args[2] = a2;
  return e;
}

Event Leave(uint64_t rel, uint16_t cpu, int32_t tid, int32_t nr, int64_t ret) {
  Event e = At(rel, EventKind::kSyscallExit, cpu, tid, 100);
  e.syscall_exit = {nr, ret};
  return e;
}

Event ExitOf(uint64_t rel, uint16_t cpu, int32_t tid, bool group_dead, uint64_t nvcsw,
             uint64_t nivcsw, uint64_t cpu_ns) {
  Event e = At(rel, EventKind::kProcessExit, cpu, tid, 100);
  e.exit = {7 << 8, static_cast<uint8_t>(group_dead), nvcsw, nivcsw, cpu_ns};
  return e;
}

}  // namespace

SampleTrace MakeSampleTrace() {
  using namespace syscall_nr;  // NOLINT: the syscall numbers read better bare here
  SampleTrace s;
  s.header.start_monotonic_ns = kBase;
  s.header.start_realtime_ns = 1'700'000'000'000'000'000;
  s.header.hostname = "testhost";
  s.header.kernel_release = "6.18.0";
  s.header.command = {"/usr/bin/server", "--port", "8080"};
  s.header.cpu_count = 2;
  s.header.recorder = "ctrace test";
  s.strings = {"", "ctrace", "/usr/bin/server", "server"};

  Event fork = At(1000, EventKind::kProcessFork, 0, 100, 100);
  fork.fork = {1, 1, kLauncher};
  Event exec = At(3000, EventKind::kProcessExec, 0, 100, 100);
  exec.exec.old_tid = 100;
  exec.exec.filename = kServerPath;
  exec.exec.comm = kServer;
  Event thread = At(4500, EventKind::kProcessFork, 0, 101, 100);
  thread.fork = {100, 100, kServer};
  s.events = {
      fork,
      Switch(2000, 0, 0, 0, 0, 100, 100),
      exec,
      Enter(4000, 0, 100, kClone3),
      thread,
      Leave(5000, 0, 100, kClone3, 101),
      Switch(6000, 1, 0, 0, 0, 101, 100),
      Enter(7000, 1, 101, kEpollWait, 3, 8, 10'000'000),
      Switch(7500, 1, 101, 100, kTaskInterruptible, 0, 0, false, kEpollWait),
      Switch(8000, 0, 100, 100, kTaskInterruptible, 0, 0, false, kFutex),
      Waking(20000, 1, 101, 0),
      Switch(21000, 1, 0, 0, 0, 101, 100),
      Leave(21500, 1, 101, kEpollWait, 2),
      Waking(22000, 1, 100, 101),
      Switch(23000, 0, 0, 0, 0, 100, 100),
      Enter(24000, 1, 101, kEpollWait, 3, 8, 0),
      Leave(24500, 1, 101, kEpollWait, 0),
      Switch(25000, 1, 101, 100, 0, 900, 900, true),
      Switch(26000, 1, 900, 900, kTaskInterruptible, 101, 100),
      ExitOf(30000, 1, 101, false, 1, 1, 9400),
      Switch(30100, 1, 101, 100, kTaskDead, 0, 0),
      ExitOf(40000, 0, 100, true, 1, 0, 23000),
      Switch(40100, 0, 100, 100, kTaskDead, 0, 0),
  };
  s.trailer.end_monotonic_ns = kBase + 50000;
  s.trailer.lost_per_cpu = {0, 0};
  s.trailer.end_reason = "program exited";
  return s;
}

Model BuildModel(const SampleTrace& s) {
  TimelineBuilder builder;
  builder.Add(s.events);
  Model m = builder.Finish(s.trailer.end_monotonic_ns);
  m.header = s.header;
  m.trailer = s.trailer;
  m.start_ns = s.header.start_monotonic_ns;
  m.strings = s.strings;
  return m;
}

absl::Status WriteTrace(const std::string& path, const SampleTrace& s, bool finish) {
  absl::StatusOr<std::unique_ptr<TraceWriter>> writer = TraceWriter::Create(path, s.header);
  if (!writer.ok()) return writer.status();
  for (uint32_t id = 1; id < s.strings.size(); ++id) {
    uint32_t got = (*writer)->InternString(s.strings[id]);
    if (got != id) return absl::InternalError(absl::StrCat("string id ", got, " != ", id));
  }
  for (const Event& e : s.events) {
    if (absl::Status st = (*writer)->Add(e); !st.ok()) return st;
  }
  if (!finish) return (*writer)->Flush();
  return (*writer)->Finish(s.trailer);
}

Model BuildSampleModel() { return BuildModel(MakeSampleTrace()); }

absl::Status WriteSampleTrace(const std::string& path, bool finish) {
  return WriteTrace(path, MakeSampleTrace(), finish);
}

}  // namespace ctrace::testing
