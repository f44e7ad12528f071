#include "tests/export/task_trace.h"

#include "tests/support/event_builders.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kSrv, kWorker1, kWorker2, kConnection, kRead };

Event TaskEvent(uint64_t ts, EventKind kind, uint16_t cpu, int32_t tid, int32_t pid, uint64_t id,
                uint64_t other = 0, uint32_t str = 0, TaskSource source = TaskSource::kProbes) {
  Event e = Base(ts, kind, cpu, tid, pid);
  e.task = TaskPayload{id, other, str, source};
  return e;
}

}  // namespace

GoldenTrace MakeTaskTrace() {
  constexpr uint64_t b = kTaskBase;
  using K = EventKind;
  GoldenTrace g;
  g.header.start_monotonic_ns = b;
  g.header.start_realtime_ns = 1'700'000'000'000'000'000;
  g.header.hostname = "taskhost";
  g.header.kernel_release = "6.18.0";
  g.header.command = {"srv"};
  g.header.cpu_count = 2;
  g.header.recorder = "ctrace test";
  g.strings = {"", "launcher", "srv", "worker-1", "worker-2", "connection", "read"};
  g.events = {
      Fork(b + 1000, 0, 200, 200, 1, 1, kSrv),
      Fork(b + 1500, 0, 201, 200, 200, 200, kWorker1),
      Fork(b + 1600, 0, 202, 200, 200, 200, kWorker2),
      Switch(b + 2000, 0, 0, 0, 0, 201, 200),
      Switch(b + 2000, 1, 0, 0, 0, 202, 200),
      TaskEvent(b + 3000, K::kTaskCreate, 0, 201, 200, 7, 0, kConnection),
      TaskEvent(b + 3100, K::kTaskCreate, 0, 201, 200, 8, 7),
      TaskEvent(b + 4000, K::kTaskResume, 0, 201, 200, 7),
      TaskEvent(b + 5000, K::kTaskResume, 1, 202, 200, 8),
      TaskEvent(b + 6000, K::kTaskSuspend, 0, 201, 200, 7, 0, kRead),
      TaskEvent(b + 7000, K::kTaskResume, 1, 202, 200, 7),
      TaskEvent(b + 8000, K::kTaskResume, 0, 201, 200, 8),
      TaskEvent(b + 9000, K::kTaskEnd, 1, 202, 200, 7),
      Switch(b + 9500, 1, 202, 200, kTaskInterruptible, 301, 300),
      TaskEvent(b + 10000, K::kTaskResume, 1, 301, 300, 9, 0, 0, TaskSource::kGoRuntime),
      TaskEvent(b + 11000, K::kTaskSuspend, 1, 301, 300, 9, 0, 0, TaskSource::kGoRuntime),
  };
  g.trailer.end_monotonic_ns = b + 20000;
  g.trailer.lost_per_cpu = {0, 0};
  g.trailer.end_reason = "program exited";
  return g;
}

absl::Status WriteTaskTrace(const std::string& path) {
  return WriteFixedTrace(MakeTaskTrace(), path);
}

}  // namespace ctrace::testing
