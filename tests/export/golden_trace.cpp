#include "tests/export/golden_trace.h"

#include "tests/support/event_builders.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kServerPath, kServer, kArgv, kOddName };

}  // namespace

GoldenTrace MakeGoldenTrace() {
  namespace sc = syscall_nr;
  constexpr uint64_t b = kGoldenBase;
  GoldenTrace g;
  g.header.start_monotonic_ns = b;
  g.header.start_realtime_ns = 1'700'000'000'000'000'000;
  g.header.hostname = "goldenhost";
  g.header.kernel_release = "6.18.0";
  g.header.command = {"/usr/bin/server", "--port", "8080"};
  g.header.cpu_count = 2;
  g.header.recorder = "ctrace test";
  g.strings = {"",
               "launcher",
               "/usr/bin/server",
               "server",
               std::string("server\0--port\0"
                           "8080",
                           18),
               "wk \"1\"\t\xff"};

  Event execve = SyscallEnter(b + 2500, 0, 100, 100, sc::kExecve);
  execve.syscall_enter.str = kServerPath;
  Event exec = Exec(b + 3000, 0, 100, 100, kServerPath, kServer);
  exec.exec.argv = kArgv;
  g.events = {
      Fork(b + 1000, 0, 100, 100, 1, 1, kLauncher),
      Switch(b + 2000, 0, 0, 0, 0, 100, 100),
      execve,
      exec,
      SyscallEnter(b + 4000, 0, 100, 100, sc::kClone3, 0x3d0f00, 88),
      Fork(b + 4500, 0, 101, 100, 100, 100, kServer),
      SyscallExit(b + 5000, 0, 100, 100, sc::kClone3, 101),
      Switch(b + 6000, 1, 0, 0, 0, 101, 100),
      Rename(b + 6500, 1, 101, 100, kOddName),
      SyscallEnter(b + 7000, 1, 101, 100, sc::kEpollWait, 3, 8, 10'000'000),
      Switch(b + 7500, 1, 101, 100, kTaskInterruptible, 0, 0, false, sc::kEpollWait),
      Switch(b + 8000, 0, 100, 100, kTaskInterruptible, 0, 0, false, sc::kFutex),
      Wake(b + 20000, 1, 101, 100, 0, 0, EventKind::kSchedWaking, 1),
      Switch(b + 21000, 1, 0, 0, 0, 101, 100),
      SyscallExit(b + 21500, 1, 101, 100, sc::kEpollWait, 2),
      Wake(b + 22000, 1, 100, 100, 101, 100, EventKind::kSchedWaking, 0),
      Switch(b + 23000, 0, 0, 0, 0, 100, 100),
      SyscallEnter(b + 24000, 1, 101, 100, sc::kEpollWait, 3, 8, 0),
      SyscallExit(b + 24500, 1, 101, 100, sc::kEpollWait, 0),
      Switch(b + 25000, 1, 101, 100, 0, 900, 900, true),
      Switch(b + 26000, 1, 900, 900, kTaskInterruptible, 101, 100),
      Lost(b + 27000, 1, 3),
      Exit(b + 30000, 1, 101, 100, 0, false, 2, 1, 9000),
      Switch(b + 30100, 1, 101, 100, kTaskDead, 0, 0),
      Switch(b + 31000, 0, 100, 100, kTaskUninterruptible, 0, 0),
      Wake(b + 32000, 0, 100, 100, 0, 0, EventKind::kSchedWakeup, 0),
      Switch(b + 33000, 0, 0, 0, 0, 100, 100),
      Exit(b + 40000, 0, 100, 100, 7 << 8, true, 3, 0, 20000),
      Switch(b + 40100, 0, 100, 100, kTaskDead, 0, 0),
  };
  g.trailer.end_monotonic_ns = b + 50000;
  g.trailer.lost_per_cpu = {0, 3};
  g.trailer.end_reason = "program exited";
  return g;
}

absl::Status WriteGoldenTrace(const std::string& path, uint32_t chunk_events, bool finish) {
  return WriteFixedTrace(MakeGoldenTrace(), path, chunk_events, finish);
}

}  // namespace ctrace::testing
