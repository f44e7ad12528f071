#include "report/json_report.h"

#include <optional>
#include <string_view>

#include "format/syscall_table.h"
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

// The task figures every process and the trace total have (docs/report-json.md).
void WriteTaskTotals(JsonWriter& w, const TaskTotals& t) {
  w.Field("tasks_created", t.tasks_created);
  w.Field("peak_live_tasks", t.peak_live_tasks);
  w.Field("task_switches", t.task_switches);
  w.Key("task_switches_per_context_switch");
  if (t.task_switches_per_context_switch) {
    w.Double(*t.task_switches_per_context_switch);
  } else {
    w.Null();
  }
  w.Field("task_migrations", t.migrations);
}

// A string of the trace by id, null for none (id 0).
void StringOrNull(JsonWriter& w, const Model& m, uint32_t id) {
  if (id != kEmptyString) {
    w.String(m.String(id));
  } else {
    w.Null();
  }
}

// M:N over time: one process's slices.
void WriteTaskConcurrency(JsonWriter& w, const Model& m, const ProcessTaskConcurrency& c) {
  w.BeginObject();
  w.Field("pid", m.processes[c.process].pid);
  w.Key("slices");
  w.BeginArray();
  for (const TaskConcurrencySlice& s : c.slices) {
    w.BeginObject();
    w.Field("start_ns", s.start_ns);
    w.Field("end_ns", s.end_ns);
    w.Key("live_tasks");
    w.Double(s.live_tasks);
    w.Field("peak_live_tasks", s.peak_live_tasks);
    w.Key("current_tasks");
    w.Double(s.current_tasks);
    w.Field("threads", s.threads);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteTaskGroup(JsonWriter& w, const Model& m, const TaskGroup& g) {
  w.BeginObject();
  w.Field("pid", m.processes[g.process].pid);
  w.Field("kind", TaskKindName(g.source));
  w.Key("name");
  StringOrNull(w, m, g.name);
  w.Field("tasks", g.tasks);
  w.Field("running_ns", g.running_ns);
  w.Field("suspended_ns", g.suspended_ns);
  w.Field("resumes", g.resumes);
  w.Field("migrations", g.migrations);
  w.Key("suspended_by_reason");
  w.BeginArray();
  for (const auto& [reason, ns] : g.suspended_by_reason) {
    w.BeginObject();
    w.Key("reason");
    if (reason == kNotYetRun) {
      w.String("not yet run");
    } else {
      StringOrNull(w, m, reason);
    }
    w.Field("ns", ns);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteTask(JsonWriter& w, const ReportContent& r, uint32_t i) {
  const Model& m = r.model;
  const Task& task = m.tasks[i];
  const TaskMetrics& tm = r.task_metrics.tasks[i];
  w.BeginObject();
  w.Field("pid", m.processes[task.process].pid);
  w.Field("id", task.id);
  w.Field("kind", TaskKindName(task.source));
  w.Key("name");
  StringOrNull(w, m, task.name);
  w.Key("parent_id");
  w.IntOrNull(task.parent_id != 0 ? std::optional<uint64_t>(task.parent_id) : std::nullopt);
  w.Field("created_ns", task.first_ns);
  w.Field("created_in_trace", task.created_in_trace);
  w.Key("ended_ns");
  w.IntOrNull(task.ended_ns);
  w.Field("running_ns", tm.running_ns);
  w.Field("waiting_for_cpu_ns", tm.waiting_for_cpu_ns);
  w.Field("thread_blocked_ns", tm.thread_blocked_ns);
  w.Key("thread_blocked_by_reason_ns");
  w.BeginObject();
  for (int reason = 0; reason < kBlockReasonCount; ++reason) {
    w.Field(BlockReasonName(static_cast<BlockReason>(reason)), tm.thread_blocked_by_reason[reason]);
  }
  w.EndObject();
  w.Field("suspended_ns", tm.suspended_ns);
  w.Field("resumes", tm.resumes);
  w.Key("threads");
  w.BeginArray();
  for (uint32_t t : tm.threads) w.Int(m.threads[t].tid);
  w.EndArray();
  w.Field("migrations", tm.migrations);
  w.EndObject();
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
  w.Key("title");
  if (std::string_view title = m.TitleOf(proc); !title.empty()) {
    w.String(title);
  } else {
    w.Null();
  }
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
  WriteTaskTotals(w, r.task_metrics.processes[p]);
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
  w.Field("task_inconsistencies", m.stats.task_inconsistencies);
  w.EndObject();
}

void WriteTids(JsonWriter& w, std::string_view name, const Model& m,
               const std::vector<uint32_t>& threads) {
  w.Key(name);
  w.BeginArray();
  for (uint32_t t : threads) w.Int(m.threads[t].tid);
  w.EndArray();
}

void WriteLock(JsonWriter& w, const Model& m, const Lock& lock) {
  w.BeginObject();
  w.Field("pid", lock.pid);
  w.Field("address", lock.address);
  w.Key("name");
  if (lock.name != 0) {
    w.String(LockName(m, lock));
  } else {
    w.Null();
  }
  w.Key("object");
  if (lock.name != 0) {
    w.String(m.String(lock.object));
  } else {
    w.Null();
  }
  w.Field("waits", lock.waits);
  w.Field("wait_ns", lock.wait_ns);
  w.Field("max_wait_ns", lock.max_wait_ns);
  w.Field("waits_without_waker", lock.waits_without_waker);
  WriteTids(w, "waiters", m, lock.waiters);
  WriteTids(w, "wakers", m, lock.wakers);
  w.EndObject();
}

void WriteWakeupGroup(JsonWriter& w, const Model& m, const WakeupGroup& g) {
  w.BeginObject();
  w.Field("pid", g.process != kNoProcess ? m.processes[g.process].pid : 0);
  w.Field("syscall", SyscallName(g.syscall));
  w.Field("resource", g.resource);
  w.Key("waker");
  w.IntOrNull(g.waker != kNoThread ? std::optional<int32_t>(m.threads[g.waker].tid) : std::nullopt);
  w.Field("wakeups", g.wakeups);
  w.Field("slept_again", g.slept_again);
  w.Field("returned_empty", g.returned_empty);
  WriteTids(w, "woken", m, g.woken);
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
  WriteTaskTotals(w, r.task_metrics.total);
  w.EndObject();
  w.Key("processes");
  w.BeginArray();
  for (uint32_t p : r.process_order) WriteProcess(w, r, p);
  w.EndArray();
  w.Key("threads");
  w.BeginArray();
  for (uint32_t t : r.threads_by_cpu_time) WriteThread(w, r, t);
  w.EndArray();
  // Tasks by process (in the tree's order), then in order of appearance.
  w.Key("tasks");
  w.BeginArray();
  for (uint32_t p : r.process_order) {
    for (uint32_t task : m.processes[p].tasks) WriteTask(w, r, task);
  }
  w.EndArray();
  w.Key("task_groups");
  w.BeginArray();
  for (const TaskGroup& g : r.task_groups) WriteTaskGroup(w, m, g);
  w.EndArray();
  w.Key("task_concurrency");
  w.BeginArray();
  for (const ProcessTaskConcurrency& c : r.task_concurrency) WriteTaskConcurrency(w, m, c);
  w.EndArray();
  w.Key("locks");
  w.BeginArray();
  for (const Lock& lock : r.locks) WriteLock(w, m, lock);
  w.EndArray();
  w.Key("wakeup_groups");
  w.BeginArray();
  for (const WakeupGroup& g : r.wakeup_groups) WriteWakeupGroup(w, m, g);
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace ctrace
