// The details panel: the selected interval (state, times, CPU, blocking syscall with its
// arguments and result, who woke the thread and how long it then waited to run), the
// selected CPU lane item, or the selected thread's summary.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/event.h"
#include "format/string_view_compat.h"
#include "format/syscall_table.h"
#include "imgui.h"
#include "text/duration_text.h"
#include "viewer/core/interval_details.h"
#include "viewer/core/syscall_format.h"
#include "viewer/core/time_format.h"
#include "viewer/ui/view.h"

namespace ctrace::viewer {
namespace {

// A value wider than the panel wraps under itself (a futex call's arguments do).
void Field(const char* name, const std::string& value) {
  ImGui::TextDisabled("%s", name);
  ImGui::SameLine(130);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
}

std::string ThreadRef(const TraceDocument& doc, uint32_t t) {
  if (t == kNoThread || t >= doc.model().threads.size()) return "an interrupt or untraced thread";
  const Thread& th = doc.model().threads[t];
  return absl::StrCat(ToAbsl(doc.ThreadName(t)), " (tid ", th.tid, ", pid ", th.pid, ")");
}

std::string SyscallText(int32_t nr) {
  std::string_view name = SyscallName(nr);
  return name.empty() ? absl::StrCat("syscall ", nr) : std::string(name);
}

}  // namespace

// A task: who made it and when, its life, and where its time went (docs/tasks.md).
void View::DrawTaskDetails(const TraceDocument& doc, uint32_t task) {
  const Model& m = doc.model();
  const Task& t = m.tasks[task];
  Field("task", doc.TaskLabel(task));
  Field("kind", TaskKindName(t.source));
  Field("process", absl::StrCat(ToAbsl(doc.ProcessName(t.process)), " (pid ",
                                m.processes[t.process].pid, ")"));
  if (t.parent != kNoTask) {
    Field("parent", doc.TaskLabel(t.parent));
  } else if (t.parent_id != 0) {
    Field("parent", absl::StrCat("id ", t.parent_id, " (not in the trace)"));
  }
  if (t.created_by != kNoThread) Field("created by", ThreadRef(doc, t.created_by));
  Field(t.created_in_trace ? "created" : "first seen",
        FormatOffset(static_cast<double>(t.first_ns - doc.origin_ns())));
  if (t.ended_ns) {
    Field("ended", FormatOffset(static_cast<double>(*t.ended_ns - doc.origin_ns())));
  } else if (t.gone_ns != 0) {
    Field("ended", "with its process, not by task_end");
  } else {
    Field("ended", "alive at the end of the trace");
  }
  const TraceAnalysis* a = Analysis(selection_.doc);
  if (a == nullptr || task >= a->tasks.tasks.size()) {
    ImGui::TextDisabled("computing metrics...");
    return;
  }
  const TaskMetrics& tm = a->tasks.tasks[task];
  Field("resumes", absl::StrCat(tm.resumes));
  std::string threads;
  for (uint32_t th : tm.threads) {
    absl::StrAppend(&threads, threads.empty() ? "" : ", ", ThreadRef(doc, th));
  }
  Field("threads", threads.empty() ? "never ran" : threads);
  Field("migrations", absl::StrCat(tm.migrations, " (runs on another thread than the last)"));
  Field("running", FormatDurationLabel(static_cast<double>(tm.running_ns)));
  Field("waiting for CPU", FormatDurationLabel(static_cast<double>(tm.waiting_for_cpu_ns)));
  std::string blocked = FormatDurationLabel(static_cast<double>(tm.thread_blocked_ns));
  for (int r = 0; r < kBlockReasonCount; ++r) {
    if (tm.thread_blocked_by_reason[r] == 0) continue;
    absl::StrAppend(&blocked, ", ", ToAbsl(BlockReasonName(static_cast<BlockReason>(r))), " ",
                    FormatDurationLabel(static_cast<double>(tm.thread_blocked_by_reason[r])));
  }
  Field("blocked its thread", blocked);
  Field("suspended", FormatDurationLabel(static_cast<double>(tm.suspended_ns)));
}

void View::DrawDetailsPanel() {
  ImGui::TextColored(ImVec4(0.6f, 0.8f, 1, 1), "Details");
  ImGui::Separator();
  const TraceDocument* doc = Doc(selection_.doc);
  if (doc == nullptr || selection_.empty()) {
    ImGui::TextDisabled("Click an interval, a CPU slice or a thread name.");
    return;
  }
  const Model& m = doc->model();
  if (selection_.task != kNoTask && selection_.task < m.tasks.size()) {
    DrawTaskDetails(*doc, selection_.task);
    return;
  }
  if (selection_.cpu >= 0 && selection_.cpu_item >= 0) {
    const PodVector<CpuItem>& e = doc->CpuEntries(static_cast<uint16_t>(selection_.cpu));
    size_t i = static_cast<size_t>(selection_.cpu_item);
    if (i + 1 < e.size()) {
      Field("CPU", absl::StrCat(selection_.cpu));
      std::string who = e[i].key == kLaneIdle    ? "idle"
                        : e[i].key == kLaneOther ? "a thread outside the traced set"
                        : e[i].key == kLaneNone  ? "unknown"
                                                 : ThreadRef(*doc, e[i].key);
      Field("ran", who);
      Field("start", FormatOffset(static_cast<double>(e[i].start_ns - doc->origin_ns())));
      Field("duration",
            FormatDurationLabel(static_cast<double>(e[i + 1].start_ns - e[i].start_ns)));
    }
    if (selection_.thread == kNoThread) return;
    ImGui::Separator();
  }
  if (selection_.thread >= m.threads.size()) return;
  const Thread& th = m.threads[selection_.thread];
  Field("thread", ThreadRef(*doc, selection_.thread));
  if (th.process != kNoProcess) {
    Field("process", absl::StrCat(ToAbsl(doc->ProcessName(th.process)), " (pid ", th.pid, ")"));
  }
  DrawCriticalPathDetails();

  if (selection_.interval >= 0 && static_cast<size_t>(selection_.interval) < th.intervals.size()) {
    IntervalDetails d =
        DescribeInterval(*doc, selection_.thread, static_cast<size_t>(selection_.interval));
    ImGui::Separator();
    Field("state", std::string(ThreadStateName(d.state)));
    Field("start", FormatOffset(static_cast<double>(d.start_ns - doc->origin_ns())));
    Field("duration", FormatDurationLabel(static_cast<double>(d.end_ns - d.start_ns)));
    if (d.state == ThreadState::kRunning) {
      Field("CPU", absl::StrCat(d.cpu));
    } else if (d.state == ThreadState::kRunnable) {
      Field("target CPU", absl::StrCat(d.cpu));
    } else if (IsBlocked(d.state)) {
      Field("left CPU", absl::StrCat(d.cpu));
    }
    if (d.syscall >= 0) Field("blocked in", SyscallText(d.syscall));
    if (d.span != nullptr) {
      Field("recorded call", SyscallText(d.span->nr));
      Field("arguments", FormatSyscallArguments(*d.span, m.String(d.span->str)));
      if (d.span->exit_ns != 0) {
        Field("result", FormatSyscallResult(*d.span));
        Field("call time",
              FormatDurationLabel(static_cast<double>(d.span->exit_ns - d.span->enter_ns)));
      } else {
        Field("result", "did not return within the trace");
      }
    }
    if (d.wake) {
      const char* what = d.state == ThreadState::kRunning ? "woken before" : "woken by";
      Field(what, ThreadRef(*doc, d.wake->waker));
      Field("woken at", FormatOffset(static_cast<double>(d.wake->ts_ns - doc->origin_ns())));
      if (d.wake->ran) {
        Field("run queue",
              absl::StrCat(FormatDurationLabel(static_cast<double>(d.wake->runqueue_ns)),
                           " from wakeup to running"));
      } else {
        Field("run queue", "did not run again within the trace");
      }
    } else if (IsBlocked(d.state)) {
      Field("woken by", "no recorded wakeup ended this block");
    }
    ImGui::TextDisabled("Interval %lld of %zu", static_cast<long long>(d.interval) + 1,
                        th.intervals.size());
    return;
  }

  // The thread alone.
  const char* origin = th.origin == ThreadOrigin::kCreated    ? "created in the trace"
                       : th.origin == ThreadOrigin::kSnapshot ? "alive when tracing began"
                                                              : "first seen mid-trace";
  Field("origin", origin);
  Field("first seen", FormatOffset(static_cast<double>(th.first_ns - doc->origin_ns())));
  if (th.created_by != kNoThread) Field("created by", ThreadRef(*doc, th.created_by));
  if (th.exit) {
    ExitStatus s = DecodeExitCode(th.exit->exit_code);
    Field(
        "exit",
        absl::StrCat(s.signaled ? "killed by signal " : "code ", s.signaled ? s.signal : s.code,
                     " at ", FormatOffset(static_cast<double>(th.exit->ts_ns - doc->origin_ns()))));
  }
  Field("intervals", absl::StrCat(th.intervals.size()));
  const TraceAnalysis* a = Analysis(selection_.doc);
  if (a == nullptr) {
    ImGui::TextDisabled("computing metrics...");
    return;
  }
  const ThreadMetrics& tm = a->metrics.threads[selection_.thread];
  Field("running", FormatDurationLabel(static_cast<double>(tm.running_ns)));
  Field("runnable", FormatDurationLabel(static_cast<double>(tm.runnable_ns)));
  Field("blocked", FormatDurationLabel(static_cast<double>(tm.blocked_total_ns())));
  Field("switches", absl::StrCat(tm.voluntary_switches, " voluntary, ", tm.involuntary_switches,
                                 " involuntary"));
  Field("wakeups", absl::StrCat(tm.wakeups_received, " received, ", tm.wakeups_given, " given"));
  if (tm.runqueue_latency.count > 0) {
    Field("run queue",
          absl::StrCat("p50 ", FormatDurationLabel(double(tm.runqueue_latency.p50)), ", p99 ",
                       FormatDurationLabel(double(tm.runqueue_latency.p99)), ", max ",
                       FormatDurationLabel(double(tm.runqueue_latency.max))));
  }
  ImGui::TextDisabled("Click an interval of its lane for more.");
}

}  // namespace ctrace::viewer
