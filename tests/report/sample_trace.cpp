#include "tests/report/sample_trace.h"

#include "model/timeline_builder.h"
#include "tests/support/event_builders.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kServerPath, kServer };

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

  s.events = {
      Fork(kBase + 1000, 0, 100, 100, 1, 1, kLauncher),
      Switch(kBase + 2000, 0, 0, 0, 0, 100, 100),
      Exec(kBase + 3000, 0, 100, 100, kServerPath, kServer),
      SyscallEnter(kBase + 4000, 0, 100, 100, kClone3),
      Fork(kBase + 4500, 0, 101, 100, 100, 100, kServer),
      SyscallExit(kBase + 5000, 0, 100, 100, kClone3, 101),
      Switch(kBase + 6000, 1, 0, 0, 0, 101, 100),
      SyscallEnter(kBase + 7000, 1, 101, 100, kEpollWait, 3, 8, 10'000'000),
      Switch(kBase + 7500, 1, 101, 100, kTaskInterruptible, 0, 0, false, kEpollWait),
      FutexSleep(kBase + 8000, 0, 100, 100, kSampleFutexWord),
      Wake(kBase + 20000, 1, 101, 100, 0, 0),
      Switch(kBase + 21000, 1, 0, 0, 0, 101, 100),
      SyscallExit(kBase + 21500, 1, 101, 100, kEpollWait, 2),
      Wake(kBase + 22000, 1, 100, 100, 101, 100),
      Switch(kBase + 23000, 0, 0, 0, 0, 100, 100),
      SyscallEnter(kBase + 24000, 1, 101, 100, kEpollWait, 3, 8, 0),
      SyscallExit(kBase + 24500, 1, 101, 100, kEpollWait, 0),
      Switch(kBase + 25000, 1, 101, 100, 0, 900, 900, true),
      Switch(kBase + 26000, 1, 900, 900, kTaskInterruptible, 101, 100),
      Exit(kBase + 30000, 1, 101, 100, 7 << 8, false, 1, 1, 9400),
      Switch(kBase + 30100, 1, 101, 100, kTaskDead, 0, 0),
      Exit(kBase + 40000, 0, 100, 100, 7 << 8, true, 1, 0, 23000),
      Switch(kBase + 40100, 0, 100, 100, kTaskDead, 0, 0),
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

Model BuildSampleModel() { return BuildModel(MakeSampleTrace()); }

absl::Status WriteSampleTrace(const std::string& path, bool finish) {
  return WriteFixedTrace(MakeSampleTrace(), path, 65536, finish);
}

}  // namespace ctrace::testing
