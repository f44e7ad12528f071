#include "report/text_report.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "format/string_view_compat.h"
#include "format/syscall_table.h"
#include "report/name_cell.h"
#include "text/counted.h"
#include "text/duration_text.h"

namespace ctrace {
namespace {

std::string ExitText(const std::optional<int32_t>& raw) {
  if (!raw) return "running";
  ExitStatus s = DecodeExitCode(*raw);
  return s.signaled ? absl::StrCat("signal ", s.signal) : absl::StrCat("exit ", s.code);
}

std::optional<int32_t> ProcessExitCode(const Process& p) {
  return p.exit ? std::optional<int32_t>(p.exit->exit_code) : std::nullopt;
}

void AppendHeader(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  const TraceMetrics& mt = r.metrics;
  absl::StrAppend(&out, "ctrace report: ", r.path, "\n");
  absl::StrAppend(&out, "command     ",
                  m.header.command.empty() ? "-" : absl::StrJoin(m.header.command, " "), "\n");
  if (!m.header.hostname.empty() || !m.header.kernel_release.empty()) {
    absl::StrAppend(&out, "host        ", m.header.hostname, " (Linux ", m.header.kernel_release,
                    ", ", m.header.cpu_count, " CPUs)\n");
  }
  absl::StrAppend(&out, "duration    ", FormatDurationCell(m.end_ns - m.start_ns), "   events ",
                  m.stats.events, "   lost events ", m.LostEvents(), "   processes ",
                  m.processes.size(), "   threads ", m.threads.size(), "\n");
  const ActivityMetrics& t = mt.total;
  absl::StrAppend(&out, "cpu time    ", FormatDurationCell(t.running_ns), " running, ",
                  FormatDurationCell(t.runnable_ns), " runnable, ",
                  FormatDurationCell(t.blocked_total_ns()), " blocked; peak ",
                  Counted(mt.peak_running_threads, "thread", "threads"), " running at once\n");
  absl::StrAppend(&out, "run queue   p50 ", FormatDurationCell(t.runqueue_latency.p50), "  p90 ",
                  FormatDurationCell(t.runqueue_latency.p90), "  p99 ",
                  FormatDurationCell(t.runqueue_latency.p99), "  max ",
                  FormatDurationCell(t.runqueue_latency.max), "  (",
                  Counted(t.runqueue_latency.count, "wait", "waits"), ")\n");
  absl::StrAppend(&out, "switches    ", t.voluntary_switches, " voluntary, ",
                  t.involuntary_switches, " involuntary; ",
                  Counted(t.migrations, "migration", "migrations"), "; ",
                  Counted(t.wakeups_received, "wakeup", "wakeups"), "\n");
  if (const TaskTotals& tt = r.task_metrics.total; tt.tasks > 0) {
    absl::StrAppend(
        &out, "tasks       ", tt.tasks, " (peak ", tt.peak_live_tasks, " live), ",
        Counted(tt.task_switches, "switch", "switches"),
        tt.task_switches_per_context_switch
            ? absl::StrFormat(" (%.2f per context switch)", *tt.task_switches_per_context_switch)
            : std::string(),
        ", ", Counted(tt.migrations, "migration", "migrations"), "\n");
  }
  if (t.threads_created + t.processes_created > 0) {
    absl::StrAppend(&out, "created     ", Counted(t.threads_created, "thread", "threads"), ", ",
                    Counted(t.processes_created, "process", "processes"), "; first run after p50 ",
                    FormatDurationCell(t.creation_latency.p50), ", max ",
                    FormatDurationCell(t.creation_latency.max), "\n");
  }

  const SelfCheck& c = r.self_check;
  if (c.threads_checked == 0) {
    absl::StrAppend(&out, "self-check  no thread both started and exited in the trace\n");
  } else {
    absl::StrAppend(
        &out, "self-check  ", c.all_matching() ? "OK: " : "MISMATCH: ", c.threads_matching, "/",
        c.threads_checked, " exited threads match the kernel's switch counts; max CPU-time diff ",
        FormatDurationCell(c.max_cpu_time_diff_ns), "\n");
  }
  for (const SelfCheckMismatch& x : c.mismatches) {
    const Thread& th = m.threads[x.thread];
    absl::StrAppend(&out, "            tid ", th.tid, " (", NameCell(m.String(th.comm), kNameWidth),
                    "): voluntary ", x.model_voluntary, " vs kernel ", x.kernel_voluntary,
                    ", involuntary ", x.model_involuntary, " vs kernel ", x.kernel_involuntary,
                    "\n");
  }
  if (m.truncated) {
    absl::StrAppend(&out, "warning: the recording was cut off (", m.truncation_reason,
                    "): this reports the part that was written\n");
  }
  if (m.LostEvents() > 0) {
    absl::StrAppend(&out, "warning: the kernel dropped ",
                    Counted(m.LostEvents(), "event", "events"), ": results may be incomplete\n");
  }
  if (c.late_events > 0 || c.inconsistencies > 0) {
    absl::StrAppend(&out, "warning: ", Counted(c.late_events, "event", "events"),
                    " arrived out of order and ", c.inconsistencies,
                    " contradicted a thread's known state\n");
  }
}

void AppendProcesses(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  absl::StrAppend(&out, "\nprocesses\n");
  // PIDs are right-aligned in a column wide enough for PID_MAX_LIMIT (4194304); the tree's
  // indentation goes before the name.
  absl::StrAppend(&out, absl::StrFormat("%7s %-23s %8s %8s %-10s %7s %7s %4s\n", "PID", "NAME",
                                        "PPID", "THREADS", "EXIT", "RUNNING", "BLOCKED", "PEAK"));
  for (uint32_t p : r.process_order) {
    const Process& proc = m.processes[p];
    const ProcessMetrics& pm = r.metrics.processes[p];
    // Indent by depth, up to a point: deep trees stay inside the column.
    std::string indent(std::min<uint32_t>(r.process_depth[p], 4) * 2, ' ');
    // What it calls itself, if it rewrote its argv ("nginx: worker process"), else its name.
    std::string_view title = m.TitleOf(proc);
    std::string name =
        absl::StrCat(indent, title.empty() ? NameCell(m.String(proc.comm), kNameWidth)
                                           : NameCell(title, 23 - indent.size()));
    absl::StrAppend(
        &out, absl::StrFormat("%7d %-23s %8s %8d %-10s %7s %7s %4d\n", proc.pid, name,
                              proc.ppid > 0 ? absl::StrCat(proc.ppid) : "-", proc.threads.size(),
                              ExitText(ProcessExitCode(proc)), FormatDurationCell(pm.running_ns),
                              FormatDurationCell(pm.blocked_total_ns()), pm.peak_running_threads));
    for (const ExecRecord& e : proc.execs) {
      std::string filename(m.String(e.filename));
      if (filename.size() > 80) filename = "..." + filename.substr(filename.size() - 77);
      absl::StrAppend(&out, "        ", indent, "  exec ", filename, "\n");
    }
  }
}

void AppendThreads(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  absl::StrAppend(&out, "\nthreads by CPU time\n");
  auto row = [](auto&&... cells) {
    return absl::StrFormat("%7s %-15s %7s %7s %7s %6s %6s %5s %6s %7s %7s %7s\n", cells...);
  };
  absl::StrAppend(&out, row("TID", "NAME", "RUNNING", "RUNNABL", "BLOCKED", "VOL", "INVOL", "MIGR",
                            "WAKEUP", "RQ P50", "RQ P99", "RQ MAX"));
  for (uint32_t t : r.threads_by_cpu_time) {
    const Thread& th = m.threads[t];
    const ThreadMetrics& tm = r.metrics.threads[t];
    absl::StrAppend(
        &out, row(absl::StrCat(th.tid), NameCell(m.String(th.comm), kNameWidth),
                  FormatDurationCell(tm.running_ns), FormatDurationCell(tm.runnable_ns),
                  FormatDurationCell(tm.blocked_total_ns()), absl::StrCat(tm.voluntary_switches),
                  absl::StrCat(tm.involuntary_switches), absl::StrCat(tm.migrations),
                  absl::StrCat(tm.wakeups_received), FormatDurationCell(tm.runqueue_latency.p50),
                  FormatDurationCell(tm.runqueue_latency.p99),
                  FormatDurationCell(tm.runqueue_latency.max)));
  }
}

void AppendBlocked(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  bool any = false;
  for (uint32_t t : r.threads_by_cpu_time) {
    const ThreadMetrics& tm = r.metrics.threads[t];
    if (tm.blocked_total_ns() == 0) continue;
    if (!any) {
      any = true;
      absl::StrAppend(&out, "\nblocked time by reason\n",
                      absl::StrFormat("%7s %-15s", "TID", "NAME"));
      // Column titles: the JSON keys, short enough for 8 columns.
      for (std::string_view title :
           {"EPOLL", "FUTEX", "IO", "POLL", "SLEEP", "WAIT", "OTHER", "D", "STOPPED"}) {
        absl::StrAppend(&out, absl::StrFormat(" %7s", title));
      }
      out.push_back('\n');
    }
    const Thread& th = m.threads[t];
    absl::StrAppend(&out,
                    absl::StrFormat("%7d %-15s", th.tid, NameCell(m.String(th.comm), kNameWidth)));
    for (uint64_t ns : tm.blocked_ns) {
      absl::StrAppend(&out, absl::StrFormat(" %7s", ns == 0 ? "-" : FormatDurationCell(ns)));
    }
    out.push_back('\n');
  }
}

void AppendEpoll(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  bool any = false;
  for (uint32_t t : r.threads_by_cpu_time) {
    const EpollStats& e = r.metrics.threads[t].epoll;
    if (e.calls == 0) continue;
    if (!any) {
      any = true;
      absl::StrAppend(&out, "\nepoll_wait\n",
                      absl::StrFormat("%7s %-15s %9s %8s %9s %8s %9s\n", "TID", "NAME", "CALLS",
                                      "WAITING", "EVENTS", "PER CALL", "EMPTY"));
    }
    const Thread& th = m.threads[t];
    absl::StrAppend(
        &out, absl::StrFormat("%7d %-15s %9d %8s %9d %8.2f %9d\n", th.tid,
                              NameCell(m.String(th.comm), kNameWidth), e.calls,
                              FormatDurationCell(e.wait_ns), e.events_returned,
                              static_cast<double>(e.events_returned) / static_cast<double>(e.calls),
                              e.empty_returns));
  }
}

void AppendCreators(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  bool any = false;
  for (uint32_t t : r.threads_by_cpu_time) {
    const ThreadMetrics& tm = r.metrics.threads[t];
    if (tm.threads_created + tm.processes_created == 0) continue;
    if (!any) {
      any = true;
      absl::StrAppend(&out, "\nthread and process creation (latency: creating call to first run)\n",
                      absl::StrFormat("%7s %-15s %8s %9s %8s %8s\n", "TID", "NAME", "THREADS",
                                      "PROCESSES", "LAT P50", "LAT MAX"));
    }
    const Thread& th = m.threads[t];
    absl::StrAppend(
        &out, absl::StrFormat("%7d %-15s %8d %9d %8s %8s\n", th.tid,
                              NameCell(m.String(th.comm), kNameWidth), tm.threads_created,
                              tm.processes_created, FormatDurationCell(tm.creation_latency.p50),
                              FormatDurationCell(tm.creation_latency.max)));
  }
}

// M:N over time for the processes with the most tasks: tasks alive (N) against the threads
// that ran them (M), slice by slice.
void AppendTaskConcurrency(const ReportContent& r, std::string& out) {
  constexpr size_t kMaxProcesses = 3;
  const Model& m = r.model;
  std::vector<const ProcessTaskConcurrency*> order;
  for (const ProcessTaskConcurrency& c : r.task_concurrency) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
    return m.processes[a->process].tasks.size() > m.processes[b->process].tasks.size();
  });
  for (size_t k = 0; k < order.size() && k < kMaxProcesses; ++k) {
    const ProcessTaskConcurrency& c = *order[k];
    if (c.slices.empty()) continue;
    const Process& proc = m.processes[c.process];
    absl::StrAppend(
        &out,
        absl::StrFormat("\ntasks over time (M:N), pid %d %s: its tasks' span in %d slices "
                        "of %s (FROM: since the trace's start)\n",
                        proc.pid, ToAbsl(m.String(proc.comm)), c.slices.size(),
                        FormatDurationCell(c.slices[0].end_ns - c.slices[0].start_ns)),
        absl::StrFormat("%9s %8s %6s %10s %7s %12s\n", "FROM", "LIVE", "PEAK", "ON THREADS",
                        "THREADS", "TASKS/THREAD"));
    for (const TaskConcurrencySlice& s : c.slices) {
      const std::string per_thread =
          s.threads > 0 ? absl::StrFormat("%.1f", s.live_tasks / s.threads) : std::string("-");
      absl::StrAppend(&out,
                      absl::StrFormat("%9s %8.1f %6d %10.2f %7d %12s\n",
                                      FormatDurationCell(s.start_ns - m.start_ns), s.live_tasks,
                                      s.peak_live_tasks, s.current_tasks, s.threads, per_thread));
    }
  }
  if (order.size() > kMaxProcesses) {
    absl::StrAppend(&out, absl::StrFormat("(%d more processes with tasks: see report --json)\n",
                                          order.size() - kMaxProcesses));
  }
}

// Tasks, per process that has any: a summary row, then the busiest tasks and the ones that
// blocked their thread longest (the notes' "a task that blocks instead of awaiting stalls its
// thread").
void AppendTasks(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  const TaskMetricsSet& tms = r.task_metrics;
  if (m.tasks.empty()) return;
  absl::StrAppend(&out, "\ntasks\n",
                  absl::StrFormat("%7s %-15s %7s %6s %9s %8s %6s %7s %8s %8s %9s\n", "PID", "NAME",
                                  "TASKS", "PEAK", "SWITCHES", "PER CTX", "MIGR", "THREADS",
                                  "RUNNING", "BLK THR", "SUSPENDED"));
  for (uint32_t p : r.process_order) {
    const Process& proc = m.processes[p];
    if (proc.tasks.empty()) continue;
    const TaskTotals& t = tms.processes[p];
    const std::string per_ctx = t.task_switches_per_context_switch
                                    ? absl::StrFormat("%.2f", *t.task_switches_per_context_switch)
                                    : std::string("-");
    absl::StrAppend(
        &out,
        absl::StrFormat("%7d %-15s %7d %6d %9d %8s %6d %7d %8s %8s %9s\n", proc.pid,
                        NameCell(m.String(proc.comm), kNameWidth), t.tasks, t.peak_live_tasks,
                        t.task_switches, per_ctx, t.migrations, t.threads_running_tasks,
                        FormatDurationCell(t.running_ns), FormatDurationCell(t.thread_blocked_ns),
                        FormatDurationCell(t.suspended_ns)));
  }
  constexpr size_t kTop = 10;
  // By name: a Go program's goroutines by start function, what each kind costs and waits for.
  absl::StrAppend(
      &out, "\ntasks by name (goroutines: by start function)\n",
      absl::StrFormat("%7s %-24s %-9s %7s %8s %9s %7s %6s  %s\n", "PID", "NAME", "KIND", "COUNT",
                      "RUNNING", "SUSPENDED", "RESUMES", "MIGR", "SUSPENDED MOSTLY"));
  for (size_t k = 0; k < r.task_groups.size() && k < kTop; ++k) {
    const TaskGroup& g = r.task_groups[k];
    std::string mostly;
    for (size_t j = 0; j < g.suspended_by_reason.size() && j < 3; ++j) {
      const auto& [reason, ns] = g.suspended_by_reason[j];
      if (g.suspended_ns == 0 || ns * 100 < g.suspended_ns) break;  // under 1%
      std::string_view why = reason == kNotYetRun ? std::string_view("(not yet run)")
                             : reason != 0        ? m.String(reason)
                                                  : std::string_view("(none given)");
      absl::StrAppend(&mostly, mostly.empty() ? "" : ", ", ToAbsl(why), " ",
                      ns * 100 / g.suspended_ns, "%");
    }
    absl::StrAppend(
        &out, absl::StrFormat("%7d %-24s %-9s %7d %8s %9s %7d %6d  %s\n",
                              m.processes[g.process].pid, NameCell(m.String(g.name), 24),
                              TaskKindName(g.source), g.tasks, FormatDurationCell(g.running_ns),
                              FormatDurationCell(g.suspended_ns), g.resumes, g.migrations, mostly));
  }
  AppendTaskConcurrency(r, out);
  std::vector<uint32_t> order(m.tasks.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t top = std::min(kTop, order.size());
  const auto by = [&](auto key) {
    std::partial_sort(
        order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
        [&](uint32_t a, uint32_t b) { return key(tms.tasks[a]) > key(tms.tasks[b]); });
  };
  by([](const TaskMetrics& tm) { return tm.running_ns; });
  absl::StrAppend(&out, "\ntasks by running time\n",
                  absl::StrFormat("%7s %10s %-15s %8s %8s %9s %7s %7s %6s\n", "PID", "ID", "NAME",
                                  "RUNNING", "BLK THR", "SUSPENDED", "RESUMES", "THREADS", "MIGR"));
  for (size_t k = 0; k < top; ++k) {
    const Task& task = m.tasks[order[k]];
    const TaskMetrics& tm = tms.tasks[order[k]];
    absl::StrAppend(
        &out,
        absl::StrFormat("%7d %10d %-15s %8s %8s %9s %7d %7d %6d\n", m.processes[task.process].pid,
                        task.id, NameCell(m.String(task.name), kNameWidth),
                        FormatDurationCell(tm.running_ns), FormatDurationCell(tm.thread_blocked_ns),
                        FormatDurationCell(tm.suspended_ns), tm.resumes, tm.threads.size(),
                        tm.migrations));
  }
  by([](const TaskMetrics& tm) { return tm.thread_blocked_ns; });
  if (tms.tasks[order[0]].thread_blocked_ns == 0) return;
  absl::StrAppend(
      &out, "\ntasks that blocked their thread (asleep in a syscall while current)\n",
      absl::StrFormat("%7s %10s %-15s %8s  %s\n", "PID", "ID", "NAME", "BLK THR", "MOSTLY IN"));
  for (size_t k = 0; k < top && tms.tasks[order[k]].thread_blocked_ns > 0; ++k) {
    const Task& task = m.tasks[order[k]];
    const TaskMetrics& tm = tms.tasks[order[k]];
    const auto& reasons = tm.thread_blocked_by_reason;
    const auto most = std::max_element(reasons.begin(), reasons.end()) - reasons.begin();
    absl::StrAppend(&out, absl::StrFormat("%7d %10d %-15s %8s  %s\n", m.processes[task.process].pid,
                                          task.id, NameCell(m.String(task.name), kNameWidth),
                                          FormatDurationCell(tm.thread_blocked_ns),
                                          BlockReasonName(static_cast<BlockReason>(most))));
  }
}

// Futex words slept on, the most waited on first (the JSON report has every one).
void AppendLocks(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  if (r.locks.empty()) return;
  constexpr size_t kTop = 10;
  constexpr size_t kVariableWidth = 60;  // the last column: C++ names are long
  absl::StrAppend(
      &out, "\nlocks (futex words slept on, most wait time first)\n",
      absl::StrFormat("%7s %-15s %14s %7s %8s %8s %7s %6s %8s  %s\n", "PID", "NAME", "ADDRESS",
                      "WAITS", "WAITED", "MAX", "WAITERS", "WAKERS", "NO WAKER", "VARIABLE"));
  for (size_t k = 0; k < std::min(kTop, r.locks.size()); ++k) {
    const Lock& lock = r.locks[k];
    const std::string_view name =
        lock.process != kNoProcess ? m.String(m.processes[lock.process].comm) : "";
    absl::StrAppend(&out, absl::StrFormat("%7d %-15s %#14x %7d %8s %8s %7d %6d %8d  %s\n", lock.pid,
                                          NameCell(name, kNameWidth), lock.address, lock.waits,
                                          FormatDurationCell(lock.wait_ns),
                                          FormatDurationCell(lock.max_wait_ns), lock.waiters.size(),
                                          lock.wakers.size(), lock.waits_without_waker,
                                          NameCell(LockName(m, lock), kVariableWidth)));
  }
  if (r.locks.size() > kTop) {
    absl::StrAppend(&out, "        ... ", Counted(r.locks.size() - kTop, "more lock", "more locks"),
                    " (ctrace report --json lists every one)\n");
  }
}

// Wakeups out of recorded calls (epoll always, every call with --syscalls) that found
// nothing to do: the thread slept again in the same call, or epoll returned no events.
void AppendFutileWakeups(const ReportContent& r, std::string& out) {
  const Model& m = r.model;
  if (r.wakeup_groups.empty()) return;
  uint64_t wakeups = 0;
  uint64_t futile = 0;
  for (const WakeupGroup& g : r.wakeup_groups) {
    wakeups += g.wakeups;
    futile += g.futile();
  }
  absl::StrAppend(&out, "\nwakeups that found nothing to do: ", futile, " of ",
                  Counted(wakeups, "wakeup", "wakeups"),
                  " out of recorded calls (epoll; all with --syscalls)\n");
  if (futile == 0) return;
  absl::StrAppend(
      &out, absl::StrFormat("%7s %-15s %-13s %8s %-23s %7s %6s %6s %6s\n", "PID", "NAME", "CALL",
                            "ON", "WAKER", "WAKEUPS", "AGAIN", "EMPTY", "THREADS"));
  constexpr size_t kTop = 10;
  for (size_t k = 0; k < std::min(kTop, r.wakeup_groups.size()); ++k) {
    const WakeupGroup& g = r.wakeup_groups[k];
    if (g.futile() == 0) break;
    const Process& proc = m.processes[g.process];
    const std::string waker = g.waker == kNoThread
                                  ? std::string("interrupt/untraced")
                                  : absl::StrCat(m.threads[g.waker].tid, " ",
                                                 NameCell(m.String(m.threads[g.waker].comm)));
    absl::StrAppend(
        &out, absl::StrFormat("%7d %-15s %-13s %8d %-23s %7d %6d %6d %6d\n", proc.pid,
                              NameCell(m.String(proc.comm)), SyscallName(g.syscall), g.resource,
                              waker, g.wakeups, g.slept_again, g.returned_empty, g.woken.size()));
  }
}

}  // namespace

std::string RenderTextReport(const ReportContent& r) {
  std::string out;
  AppendHeader(r, out);
  AppendProcesses(r, out);
  AppendThreads(r, out);
  AppendBlocked(r, out);
  AppendEpoll(r, out);
  AppendCreators(r, out);
  AppendTasks(r, out);
  AppendLocks(r, out);
  AppendFutileWakeups(r, out);
  return out;
}

}  // namespace ctrace
