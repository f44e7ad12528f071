#include "report/json_report.h"

#include <optional>
#include <string_view>

#include "text/json_writer.h"

namespace ctrace {
namespace {

std::string_view OriginName(ThreadOrigin o) {
  switch (o) {
    case ThreadOrigin::kCreated:
      return "created";
    case ThreadOrigin::kSnapshot:
      return "snapshot";
    case ThreadOrigin::kFirstSeen:
      return "first_seen";
  }
  return "?";
}

void WriteLatency(JsonWriter& w, std::string_view name, const LatencySummary& s) {
  w.Key(name);
  w.BeginObject();
  w.Field("count", s.count);
  w.Field("p50", s.p50);
  w.Field("p90", s.p90);
  w.Field("p99", s.p99);
  w.Field("max", s.max);
  w.EndObject();
}

// The fields every thread, process and the trace total share.
void WriteActivity(JsonWriter& w, const ActivityMetrics& m) {
  w.Field("running_ns", m.running_ns);
  w.Field("runnable_ns", m.runnable_ns);
  w.Key("blocked_ns");
  w.BeginObject();
  for (int r = 0; r < kBlockReasonCount; ++r) {
    w.Field(BlockReasonName(static_cast<BlockReason>(r)), m.blocked_ns[r]);
  }
  w.EndObject();
  w.Field("unknown_ns", m.unknown_ns);
  w.Field("voluntary_switches", m.voluntary_switches);
  w.Field("involuntary_switches", m.involuntary_switches);
  w.Field("migrations", m.migrations);
  w.Field("wakeups_received", m.wakeups_received);
  w.Field("wakeups_given", m.wakeups_given);
  WriteLatency(w, "runqueue_latency_ns", m.runqueue_latency);
  w.Key("epoll");
  w.BeginObject();
  w.Field("calls", m.epoll.calls);
  w.Field("wait_ns", m.epoll.wait_ns);
  w.Field("events_returned", m.epoll.events_returned);
  w.Field("empty_returns", m.epoll.empty_returns);
  w.EndObject();
  w.Field("threads_created", m.threads_created);
  w.Field("processes_created", m.processes_created);
  WriteLatency(w, "creation_latency_ns", m.creation_latency);
}

void WriteExit(JsonWriter& w, std::optional<int32_t> raw) {
  w.Key("exit_code");
  w.IntOrNull(ShellExitCode(raw));
  w.Key("exit_signal");
  w.IntOrNull(ExitSignal(raw));
}

void WriteProcess(JsonWriter& w, const ReportContent& r, uint32_t p) {
  const Model& m = r.model;
  const Process& proc = m.processes[p];
  const ProcessMetrics& pm = r.metrics.processes[p];
  w.BeginObject();
  w.Field("pid", proc.pid);
  w.Key("ppid");
  w.IntOrNull(proc.ppid > 0 ? std::optional<int32_t>(proc.ppid) : std::nullopt);
  w.Field("comm", m.String(proc.comm));
  w.Field("origin", OriginName(proc.origin));
  w.Key("execs");
  w.BeginArray();
  for (const ExecRecord& e : proc.execs) w.String(m.String(e.filename));
  w.EndArray();
  WriteExit(w, proc.exit ? std::optional<int32_t>(proc.exit->exit_code) : std::nullopt);
  w.Key("threads");
  w.BeginArray();
  for (uint32_t t : proc.threads) w.Int(m.threads[t].tid);
  w.EndArray();
  w.Key("children");
  w.BeginArray();
  for (uint32_t c : proc.children) w.Int(m.processes[c].pid);
  w.EndArray();
  w.Field("peak_running_threads", pm.peak_running_threads);
  WriteActivity(w, pm);
  w.EndObject();
}

void WriteThread(JsonWriter& w, const ReportContent& r, uint32_t t) {
  const Model& m = r.model;
  const Thread& th = m.threads[t];
  const ThreadMetrics& tm = r.metrics.threads[t];
  w.BeginObject();
  w.Field("tid", th.tid);
  w.Field("pid", th.pid);
  w.Field("comm", m.String(th.comm));
  w.Field("origin", OriginName(th.origin));
  WriteActivity(w, tm);
  w.Key("created_by");
  w.IntOrNull(th.created_by != kNoThread ? std::optional<int32_t>(m.threads[th.created_by].tid)
                                         : std::nullopt);
  w.Key("own_creation_latency_ns");
  w.IntOrNull(tm.creation_latency_ns);
  WriteExit(w, th.exit ? std::optional<int32_t>(th.exit->exit_code) : std::nullopt);
  w.EndObject();
}

void WriteSelfCheck(JsonWriter& w, const ReportContent& r) {
  const SelfCheck& c = r.self_check;
  const Model& m = r.model;
  w.Key("self_check");
  w.BeginObject();
  w.Field("threads_checked", c.threads_checked);
  w.Field("threads_matching", c.threads_matching);
  w.Field("threads_not_checked", c.threads_not_checked);
  w.Field("max_cpu_time_diff_ns", c.max_cpu_time_diff_ns);
  w.Key("max_cpu_time_diff_tid");
  w.IntOrNull(c.max_cpu_time_diff_thread != kNoThread
                  ? std::optional<int32_t>(m.threads[c.max_cpu_time_diff_thread].tid)
                  : std::nullopt);
  w.Key("mismatches");
  w.BeginArray();
  for (const SelfCheckMismatch& x : c.mismatches) {
    w.BeginObject();
    w.Field("tid", m.threads[x.thread].tid);
    w.Field("pid", m.threads[x.thread].pid);
    w.Field("model_voluntary_switches", x.model_voluntary);
    w.Field("kernel_voluntary_switches", x.kernel_voluntary);
    w.Field("model_involuntary_switches", x.model_involuntary);
    w.Field("kernel_involuntary_switches", x.kernel_involuntary);
    w.EndObject();
  }
  w.EndArray();
  w.Field("incomplete", c.incomplete());
  w.Field("lost_events", c.lost_events);
  w.Field("late_events", c.late_events);
  w.Field("inconsistencies", c.inconsistencies);
  w.EndObject();
}

}  // namespace

std::string RenderJsonReport(const ReportContent& r) {
  const Model& m = r.model;
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Field("file", r.path);
  w.Key("command");
  w.BeginArray();
  for (const std::string& arg : m.header.command) w.String(arg);
  w.EndArray();
  w.Field("hostname", m.header.hostname);
  w.Field("kernel_release", m.header.kernel_release);
  w.Field("recorder", m.header.recorder);
  w.Field("cpu_count", m.header.cpu_count);
  w.Field("start_ns", m.start_ns);
  w.Field("end_ns", m.end_ns);
  w.Field("duration_ns", m.end_ns - m.start_ns);
  w.Field("events", m.stats.events);
  w.Field("lost_events", m.LostEvents());
  w.Field("truncated", m.truncated);
  w.Key("truncation_reason");
  if (m.truncated) {
    w.String(m.truncation_reason);
  } else {
    w.Null();
  }
  w.Key("end_reason");
  if (m.trailer) {
    w.String(m.trailer->end_reason);
  } else {
    w.Null();
  }
  w.Field("peak_running_threads", r.metrics.peak_running_threads);
  WriteSelfCheck(w, r);
  w.Key("totals");
  w.BeginObject();
  WriteActivity(w, r.metrics.total);
  w.EndObject();
  w.Key("processes");
  w.BeginArray();
  for (uint32_t p : r.process_order) WriteProcess(w, r, p);
  w.EndArray();
  w.Key("threads");
  w.BeginArray();
  for (uint32_t t : r.threads_by_cpu_time) WriteThread(w, r, t);
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace ctrace
