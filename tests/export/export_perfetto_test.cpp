// `--format perfetto`: the file is a Trace message that protoc decodes with the subset
// schema, and what it holds matches the input events and the model.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "export/export_trace.h"
#include "export/perfetto_sink.h"
#include "export/perfetto_subset.pb.h"
#include "model/load_model.h"
#include "tests/export/export_test_util.h"
#include "tests/export/golden_trace.h"
#include "tests/export/synthetic_trace.h"
#include "tests/export/task_trace.h"
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

// The tracks of a file by uuid, in the order their descriptors come.
struct Tracks {
  std::map<uint64_t, int32_t> process_pid;  // process track -> pid
  std::map<uint64_t, int32_t> thread_tid;   // thread track -> tid
  std::map<uint64_t, pb::TrackDescriptor> other;
  std::map<uint64_t, size_t> first_at;  // uuid -> packet index of its first descriptor
};

Tracks CollectTracks(const pb::Trace& trace) {
  Tracks tracks;
  for (int i = 0; i < trace.packet_size(); ++i) {
    if (!trace.packet(i).has_track_descriptor()) continue;
    const pb::TrackDescriptor& d = trace.packet(i).track_descriptor();
    tracks.first_at.emplace(d.uuid(), static_cast<size_t>(i));
    if (d.has_process()) {
      tracks.process_pid[d.uuid()] = d.process().pid();
    } else if (d.has_thread()) {
      tracks.thread_tid[d.uuid()] = d.thread().tid();
    } else {
      tracks.other[d.uuid()] = d;
    }
  }
  return tracks;
}

TEST(PerfettoExport, EachTaskHasATrackUnderItsProcess) {
  TempDir dir;
  ASSERT_TRUE(WriteTaskTrace(dir.File("tasks.ctrace")).ok());
  std::string out = ExportPerfetto(dir, dir.File("tasks.ctrace"));
  CommandResult decoded = Decode(out, " > /dev/null");
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  EXPECT_EQ(decoded.err, "");
  Tracks tracks = CollectTracks(Parse(out));
  std::map<std::string, int32_t> parent_pid;  // task track name -> its parent's pid
  for (const auto& [uuid, d] : tracks.other) {
    EXPECT_EQ(tracks.thread_tid.count(uuid), 0u);
    ASSERT_TRUE(d.has_parent_uuid()) << d.name();
    ASSERT_EQ(tracks.process_pid.count(d.parent_uuid()), 1u) << d.name();
    parent_pid[d.name()] = tracks.process_pid[d.parent_uuid()];
    // Described after its process.
    EXPECT_GT(tracks.first_at[uuid], tracks.first_at[d.parent_uuid()]) << d.name();
  }
  EXPECT_EQ(parent_pid, (std::map<std::string, int32_t>{
                            {"task 7: connection", 200}, {"task 8", 200}, {"goroutine 9", 300}}));
}

// A slice of a task track as the file has it.
struct RunSlice {
  uint64_t start_ns;
  uint64_t end_ns;
  std::string name;
  int64_t tid;
  std::string reason;
  std::string end;
  bool operator==(const RunSlice&) const = default;
};
std::ostream& operator<<(std::ostream& os, const RunSlice& r) {
  return os << "{" << r.start_ns << "-" << r.end_ns << " " << r.name << " tid " << r.tid
            << " reason '" << r.reason << "' end '" << r.end << "'}";
}

TEST(PerfettoExport, EachTaskRunIsASliceOnItsTrackNamedAfterTheThread) {
  TempDir dir;
  ASSERT_TRUE(WriteTaskTrace(dir.File("tasks.ctrace")).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("tasks.ctrace")));
  Tracks tracks = CollectTracks(trace);
  std::map<std::string, std::vector<RunSlice>> got;  // by track name
  const pb::TrackEvent* open = nullptr;              // a begin waiting for its end
  uint64_t open_ts = 0;
  for (const pb::TracePacket& p : trace.packet()) {
    if (!p.has_track_event()) continue;
    const pb::TrackEvent& ev = p.track_event();
    auto track = tracks.other.find(ev.track_uuid());
    if (track == tracks.other.end()) {
      EXPECT_EQ(open, nullptr) << "a task slice's end does not follow its begin";
      continue;
    }
    EXPECT_EQ(p.trusted_packet_sequence_id(), 1u);
    if (ev.type() == pb::TrackEvent::TYPE_SLICE_BEGIN) {
      ASSERT_EQ(open, nullptr) << "two begins in a row on " << track->second.name();
      open = &ev;
      open_ts = p.timestamp();
      continue;
    }
    ASSERT_EQ(ev.type(), pb::TrackEvent::TYPE_SLICE_END);
    ASSERT_NE(open, nullptr) << "an end without a begin on " << track->second.name();
    EXPECT_EQ(open->track_uuid(), ev.track_uuid());
    RunSlice r{open_ts, p.timestamp(), open->name(), -1, "", ""};
    EXPECT_EQ(open->categories_size(), 1);
    EXPECT_EQ(open->categories(0), "task");
    for (const pb::DebugAnnotation& a : open->debug_annotations()) {
      if (a.name() == "tid") r.tid = a.int_value();
      if (a.name() == "reason") r.reason = a.string_value();
      if (a.name() == "end") r.end = a.string_value();
    }
    got[track->second.name()].push_back(r);
    open = nullptr;
  }
  EXPECT_EQ(open, nullptr);
  // Each track's runs are in time order and do not overlap.
  for (const auto& [name, runs] : got) {
    for (size_t i = 1; i < runs.size(); ++i) EXPECT_GE(runs[i].start_ns, runs[i - 1].end_ns);
  }

  constexpr uint64_t b = kTaskBase;
  std::map<std::string, std::vector<RunSlice>> want = {
      {"task 7: connection",
       {{b + 4000, b + 6000, "on worker-1 (201)", 201, "read", "suspended"},
        {b + 7000, b + 9000, "on worker-2 (202)", 202, "", "ended"}}},
      {"task 8",
       {{b + 5000, b + 7000, "on worker-2 (202)", 202, "", "replaced"},
        {b + 8000, b + 20000, "on worker-1 (201)", 201, "", "trace end"}}},
      {"goroutine 9", {{b + 10000, b + 11000, "on 301", 301, "", "suspended"}}},
  };
  EXPECT_EQ(got, want);

  // And the model's runs, one slice each.
  absl::StatusOr<Model> model = LoadModel(dir.File("tasks.ctrace"));
  ASSERT_TRUE(model.ok()) << model.status();
  size_t slices = 0;
  for (const auto& [name, runs] : got) slices += runs.size();
  EXPECT_EQ(slices, model->task_runs.size());
  std::map<uint64_t, std::string> labels = {
      {7, "task 7: connection"}, {8, "task 8"}, {9, "goroutine 9"}};
  for (const TaskRun& run : model->task_runs) {
    const std::string& label = labels[model->tasks[run.task].id];
    const std::vector<RunSlice>& runs = got[label];
    bool found = std::any_of(runs.begin(), runs.end(), [&](const RunSlice& r) {
      return r.start_ns == run.start_ns && r.end_ns == run.end_ns &&
             r.tid == model->threads[run.thread].tid;
    });
    EXPECT_TRUE(found) << label << " " << run.start_ns << "-" << run.end_ns;
  }
}

TEST(PerfettoExport, TraceWithoutTasksHasNoTaskTracksOrSlices) {
  TempDir dir;
  ASSERT_TRUE(WriteGoldenTrace(dir.File("golden.ctrace")).ok());
  pb::Trace trace = Parse(ExportPerfetto(dir, dir.File("golden.ctrace")));
  EXPECT_TRUE(CollectTracks(trace).other.empty());
  for (const pb::TracePacket& p : trace.packet()) {
    for (const std::string& cat : p.track_event().categories()) EXPECT_NE(cat, "task");
  }
}

}  // namespace
}  // namespace ctrace::testing
