// `--format perfetto`: the file is a Trace message that protoc decodes with the subset
// schema, and what it holds matches the input events and the model.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "export/export_trace.h"
#include "export/perfetto_sink.h"
#include "export/perfetto_subset.pb.h"
#include "model/load_model.h"
#include "tests/export/export_test_util.h"
#include "tests/export/golden_trace.h"
#include "tests/export/synthetic_trace.h"
#include "tests/support/command_runner.h"
#include "tests/support/temp_dir.h"

namespace ctrace::testing {
namespace {

namespace pb = perfetto::protos;

std::string ExportPerfetto(const TempDir& dir, const std::string& trace) {
  std::string out = dir.File("out.pftrace");
  ExportOptions options;
  options.format = ExportFormat::kPerfetto;
  absl::StatusOr<ExportResult> r = ExportTrace(trace, out, options);
  EXPECT_TRUE(r.ok()) << r.status();
  return out;
}

pb::Trace Parse(const std::string& path) {
  pb::Trace trace;
  EXPECT_TRUE(trace.ParseFromString(ReadFile(path))) << path;
  return trace;
}

// protoc --decode against the subset schema, as docs/export.md tells users to.
CommandResult Decode(const std::string& path, const std::string& redirect = "") {
  std::string cmd = std::string(CTRACE_PROTOC) + " --proto_path=" + CTRACE_EXPORT_SOURCE_DIR +
                    " --decode=perfetto.protos.Trace perfetto_subset.proto < '" + path + "'" +
                    redirect;
  return RunCommand({"/bin/sh", "-c", cmd});
}

// ftrace event type name -> count, and checks per-CPU time order along the way.
std::map<std::string, int> FtraceCounts(const pb::Trace& trace) {
  std::map<std::string, int> counts;
  std::map<uint32_t, uint64_t> last_ts;
  for (const pb::TracePacket& p : trace.packet()) {
    if (!p.has_ftrace_events()) continue;
    const pb::FtraceEventBundle& b = p.ftrace_events();
    for (const pb::FtraceEvent& e : b.event()) {
      EXPECT_GE(e.timestamp(), last_ts[b.cpu()]) << "cpu " << b.cpu();
      last_ts[b.cpu()] = e.timestamp();
      const auto* field = e.GetDescriptor()->FindFieldByNumber(e.event_case());
      EXPECT_NE(field, nullptr);
      ++counts[field != nullptr ? field->name() : "?"];
    }
  }
  return counts;
}

TEST(PerfettoPrevState, FollowsTheKernelsTracepointFormat) {
  EXPECT_EQ(PerfettoPrevState(0, false), 0);                             // R
  EXPECT_EQ(PerfettoPrevState(kTaskInterruptible, true), 0x100);         // R+ (preempted)
  EXPECT_EQ(PerfettoPrevState(kTaskInterruptible, false), 0x1);          // S
  EXPECT_EQ(PerfettoPrevState(kTaskUninterruptible, false), 0x2);        // D
  EXPECT_EQ(PerfettoPrevState(0x100 | kTaskUninterruptible, false), 2);  // TASK_KILLABLE: D
  EXPECT_EQ(PerfettoPrevState(0x402, false), 0x80);                      // TASK_IDLE: I
  EXPECT_EQ(PerfettoPrevState(kTaskStopped | 0x100, false), 0x4);        // TASK_STOPPED: T
  EXPECT_EQ(PerfettoPrevState(kTaskTraced, false), 0x8);                 // t
  EXPECT_EQ(PerfettoPrevState(kTaskDead, false), 0x10);                  // X
  EXPECT_EQ(PerfettoPrevState(0x40, false), 0x40);                       // TASK_PARKED: P
  EXPECT_EQ(PerfettoPrevState(0x1000, false), 0x2);                      // RTLOCK_WAIT: D
}

TEST(PerfettoExport, ProtocDecodesItAsTheGoldenText) {
  TempDir dir;
  ASSERT_TRUE(WriteGoldenTrace(dir.File("golden.ctrace")).ok());
  std::string out = ExportPerfetto(dir, dir.File("golden.ctrace"));
  CommandResult decoded = Decode(out);
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  EXPECT_EQ(decoded.err, "");
  ExpectGolden("golden.pftrace.txt", decoded.out);
}

TEST(PerfettoExport, StartsWithClockSnapshotSystemInfoAndSequence) {
  TempDir dir;
  ASSERT_TRUE(WriteGoldenTrace(dir.File("golden.ctrace")).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("golden.ctrace")));
  ASSERT_GE(trace.packet_size(), 3);
  const pb::ClockSnapshot& clocks = trace.packet(0).clock_snapshot();
  EXPECT_EQ(clocks.primary_trace_clock(), pb::BUILTIN_CLOCK_MONOTONIC);
  ASSERT_GE(clocks.clocks_size(), 2);
  EXPECT_EQ(clocks.clocks(0).clock_id(), static_cast<uint32_t>(pb::BUILTIN_CLOCK_BOOTTIME));
  EXPECT_EQ(clocks.clocks(1).clock_id(), static_cast<uint32_t>(pb::BUILTIN_CLOCK_MONOTONIC));
  EXPECT_EQ(clocks.clocks(1).timestamp(), kGoldenBase);
  EXPECT_EQ(trace.packet(1).system_info().utsname().release(), "6.18.0");
  const pb::TracePacket& seq = trace.packet(2);
  EXPECT_EQ(seq.trusted_packet_sequence_id(), 1u);
  EXPECT_EQ(seq.sequence_flags(), 1u);
  EXPECT_EQ(seq.trace_packet_defaults().timestamp_clock_id(), 3u);
}

TEST(PerfettoExport, DescribesProcessesAndThreadsWithParentsAndNames) {
  TempDir dir;
  ASSERT_TRUE(WriteGoldenTrace(dir.File("golden.ctrace")).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("golden.ctrace")));
  std::map<int32_t, pb::ProcessTree::Process> processes;  // the last entry per pid
  std::map<int32_t, pb::ProcessTree::Thread> threads;
  std::map<int32_t, std::string> thread_tracks;  // tid -> last thread_name
  for (const pb::TracePacket& p : trace.packet()) {
    for (const auto& proc : p.process_tree().processes()) processes[proc.pid()] = proc;
    for (const auto& th : p.process_tree().threads()) threads[th.tid()] = th;
    if (p.track_descriptor().has_thread()) {
      const pb::ThreadDescriptor& t = p.track_descriptor().thread();
      thread_tracks[t.tid()] = t.thread_name();
      EXPECT_TRUE(p.track_descriptor().has_parent_uuid());
    }
  }
  ASSERT_TRUE(processes.count(100));
  EXPECT_EQ(processes[100].ppid(), 1);
  std::vector<std::string> cmdline(processes[100].cmdline().begin(),
                                   processes[100].cmdline().end());
  EXPECT_EQ(cmdline, (std::vector<std::string>{"server", "--port", "8080"}));
  ASSERT_TRUE(threads.count(101));
  EXPECT_EQ(threads[101].tgid(), 100);
  EXPECT_EQ(threads[101].name(), "wk \"1\"\t\xEF\xBF\xBD");
  EXPECT_EQ(thread_tracks[100], "server");
  EXPECT_EQ(thread_tracks[101], "wk \"1\"\t\xEF\xBF\xBD");
}

TEST(PerfettoExport, FtraceEventsMatchTheInputEventsPerCpuInTimeOrder) {
  TempDir dir;
  ASSERT_TRUE(WriteGoldenTrace(dir.File("golden.ctrace")).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("golden.ctrace")));
  std::map<std::string, int> counts = FtraceCounts(trace);
  GoldenTrace g = MakeGoldenTrace();
  std::map<EventKind, int> in;
  for (const Event& e : g.events) ++in[e.kind];
  EXPECT_EQ(counts["sched_switch"], in[EventKind::kSchedSwitch]);
  EXPECT_EQ(counts["sched_waking"], in[EventKind::kSchedWaking]);
  EXPECT_EQ(counts["sched_wakeup"], in[EventKind::kSchedWakeup]);
  EXPECT_EQ(counts["task_newtask"], in[EventKind::kProcessFork]);
  EXPECT_EQ(counts["sched_process_exit"], in[EventKind::kProcessExit]);

  // The preemption of 101 by untraced 900 at +25000, as the kernel would format it.
  bool found = false;
  bool lost_marked = false;
  for (const pb::TracePacket& p : trace.packet()) {
    if (p.ftrace_events().lost_events()) {
      EXPECT_EQ(p.ftrace_events().cpu(), 1u);
      EXPECT_GT(p.ftrace_events().event(0).timestamp(), kGoldenBase + 27000);
      lost_marked = true;
    }
    for (const pb::FtraceEvent& e : p.ftrace_events().event()) {
      if (e.timestamp() != kGoldenBase + 25000) continue;
      found = true;
      EXPECT_EQ(p.ftrace_events().cpu(), 1u);
      EXPECT_EQ(e.pid(), 101u);
      EXPECT_EQ(e.sched_switch().prev_pid(), 101);
      EXPECT_EQ(e.sched_switch().prev_state(), 0x100);
      EXPECT_EQ(e.sched_switch().prev_comm(), "wk \"1\"\t\xEF\xBF\xBD");
      EXPECT_EQ(e.sched_switch().next_pid(), 900);
      EXPECT_EQ(e.sched_switch().next_comm(), "");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(lost_marked);
}

TEST(PerfettoExport, SyscallSlicesAndCreationFlowsMatchTheModel) {
  TempDir dir;
  ASSERT_TRUE(WriteGoldenTrace(dir.File("golden.ctrace")).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("golden.ctrace")));
  absl::StatusOr<Model> model = LoadModel(dir.File("golden.ctrace"));
  ASSERT_TRUE(model.ok());
  std::vector<uint64_t> begins;
  std::vector<uint64_t> ends;
  std::map<uint64_t, int> flow_ends;  // flow id -> events naming it
  int epoll_with_args = 0;
  for (const pb::TracePacket& p : trace.packet()) {
    if (!p.has_track_event()) continue;
    EXPECT_EQ(p.trusted_packet_sequence_id(), 1u);
    const pb::TrackEvent& ev = p.track_event();
    if (ev.type() == pb::TrackEvent::TYPE_SLICE_BEGIN) {
      begins.push_back(p.timestamp());
      if (ev.name() == "epoll_wait") {
        std::map<std::string, int64_t> args;
        for (const auto& a : ev.debug_annotations()) args[a.name()] = a.int_value();
        EXPECT_EQ(args["epfd"], 3);
        EXPECT_EQ(args["maxevents"], 8);
        ++epoll_with_args;
      }
    } else if (ev.type() == pb::TrackEvent::TYPE_SLICE_END) {
      ends.push_back(p.timestamp());
    }
    for (uint64_t id : ev.flow_ids()) ++flow_ends[id];
    for (uint64_t id : ev.terminating_flow_ids()) ++flow_ends[id];
  }
  std::vector<uint64_t> want_begins;
  for (const Thread& th : model->threads) {
    for (const SyscallSpan& s : th.syscalls) want_begins.push_back(s.enter_ns);
  }
  std::sort(begins.begin(), begins.end());
  std::sort(want_begins.begin(), want_begins.end());
  EXPECT_EQ(begins, want_begins);
  EXPECT_EQ(ends.size(), begins.size());
  EXPECT_EQ(epoll_with_args, 2);
  // One creation flow with a traced creator (100 -> 101): begins on 100, ends on 101.
  ASSERT_EQ(flow_ends.size(), 1u);
  EXPECT_EQ(flow_ends.begin()->second, 2);
}

TEST(PerfettoExport, LargeTraceKeepsEveryEventAndPerCpuOrder) {
  TempDir dir;
  ASSERT_TRUE(WriteSyntheticTrace(dir.File("synthetic.ctrace"), 100'000).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("synthetic.ctrace")));
  std::map<std::string, int> counts = FtraceCounts(trace);
  absl::StatusOr<Model> model = LoadModel(dir.File("synthetic.ctrace"));
  ASSERT_TRUE(model.ok());
  const auto& by_kind = model->stats.events_by_kind;
  auto n = [&](EventKind k) { return static_cast<int>(by_kind[static_cast<int>(k)]); };
  EXPECT_EQ(counts["sched_switch"], n(EventKind::kSchedSwitch));
  EXPECT_EQ(counts["sched_waking"], n(EventKind::kSchedWaking));
  EXPECT_EQ(counts["sched_wakeup_new"], n(EventKind::kSchedWakeupNew));
  EXPECT_EQ(counts["task_newtask"], n(EventKind::kProcessFork));
  EXPECT_EQ(counts["sched_process_exit"], n(EventKind::kProcessExit));
  CommandResult decoded = Decode(dir.File("out.pftrace"), " > /dev/null");
  EXPECT_EQ(decoded.exit_code, 0) << decoded.err;
}

}  // namespace
}  // namespace ctrace::testing
