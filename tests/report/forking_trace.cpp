#include "tests/report/forking_trace.h"

#include "format/syscall_table.h"
#include "tests/support/event_builders.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kServerPath, kServer, kChild };

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

  s.events = {Fork(kBase + 1000, 0, 200, 200, 1, 1, kLauncher),
              Switch(kBase + 1200, 0, 0, 0, 0, 200, 200),
              Exec(kBase + 1500, 0, 200, 200, kServerPath, kServer)};
  for (int i = 0; i < children; ++i) {
    const uint64_t t = kBase + 10000 * static_cast<uint64_t>(i + 1);
    const int32_t child = 300 + i;
    s.events.insert(s.events.end(), {SyscallEnter(t, 0, 200, 200, syscall_nr::kFork),
                                     Fork(t + 100, 0, child, child, 200, 200, kChild),
                                     SyscallExit(t + 200, 0, 200, 200, syscall_nr::kFork, child),
                                     Switch(t + 300, 0, 200, 200, kTaskInterruptible, child, child,
                                            false, syscall_nr::kWait4),
                                     // no switch before exit: the counters match the model
                                     Exit(t + 2300, 0, child, child, 0, true, 0, 0, 2000),
                                     Wake(t + 2350, 0, 200, 200, child, child),
                                     Switch(t + 2400, 0, child, child, kTaskDead, 200, 200)});
  }
  s.trailer.end_monotonic_ns = kBase + 10000 * static_cast<uint64_t>(children + 2);
  s.trailer.lost_per_cpu = {0, 0};
  s.trailer.end_reason = "stopped";
  return s;
}

Model BuildForkingModel(int children) { return BuildModel(MakeForkingTrace(children)); }

absl::Status WriteForkingTrace(const std::string& path, int children) {
  return WriteFixedTrace(MakeForkingTrace(children), path);
}

}  // namespace ctrace::testing
