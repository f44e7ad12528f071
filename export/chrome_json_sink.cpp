// The Chrome JSON Trace Event Format ("JSON Object Format": {"traceEvents":[...]}), written
// one event at a time:
//   - "X" complete events for each thread's state intervals (cat "state", named as the model
//     names states: "running", "runnable", "blocked: epoll", ...) and for syscall spans
//     (cat "syscall"). State intervals are cut where a syscall begins or ends, so the syscall
//     slice encloses the states inside it and every thread's slices nest.
//   - "M" metadata: process_name and thread_name, again whenever a name changes.
//   - Flow events "s" (on the creator or waker, bound to its enclosing slice) and "f" with
//     "bp":"e" (bound to the slice enclosing it on the created or woken thread: the runnable
//     interval that begins there), id'd per flow.
//   - "i" instants for exec and exit (thread scope) and lost events (global scope).
//   - "b"/"e" nestable async slices (cat "task") for each run of a user-level task, named
//     after the task ("task 7: connection"), with the task's id ("task-<pid>-<index>"), the
//     process's pid and the tid of the thread it ran on.
// Times are microseconds with three decimals, so every nanosecond survives.
//
// Events are formatted straight into the output buffer: report/json_writer.h's JsonWriter
// has no fractional numbers (timestamps in us need them) and a container stack per call;
// its string quoting (JsonWriter::AppendQuoted: escapes, invalid UTF-8 -> U+FFFD) is used for
// every string that comes from the trace, and the writer itself for the closing metadata.
#include <charconv>
#include <string>

#include "export/export_sink.h"
#include "export/syscall_args.h"
#include "model/process.h"
#include "model/thread_state.h"
#include "text/json_writer.h"

namespace ctrace {
namespace {

void AppendInt(std::string& b, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  b.append(buf, end);
}

// `ns` as microseconds with exactly three decimals: 1234567 -> "1234.567".
void AppendMicros(std::string& b, uint64_t ns) {
  char buf[28];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf) - 4, ns / 1000);
  unsigned frac = static_cast<unsigned>(ns % 1000);
  end[0] = '.';
  end[1] = static_cast<char>('0' + frac / 100);
  end[2] = static_cast<char>('0' + frac / 10 % 10);
  end[3] = static_cast<char>('0' + frac % 10);
  b.append(buf, end + 4);
}

class ChromeJsonSink : public ExportSink {
 public:
  using ExportSink::ExportSink;

  void Begin() override { ctx_.out->Append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["); }

  void End(const ExportSummary& summary) override {
    std::string& b = ctx_.out->buffer();
    b += "\n],\"otherData\":";
    const TraceHeader& h = ctx_.reader->header();
    JsonWriter w(&b);
    w.BeginObject();
    w.Field("source", "ctrace export");
    w.Field("trace", ctx_.input_path);
    w.Field("hostname", h.hostname);
    w.Field("kernel_release", h.kernel_release);
    w.Field("clock", "CLOCK_MONOTONIC");
    w.Field("events", summary.events);
    w.Field("lost_events", summary.lost_events);
    w.Field("truncated", summary.truncated);
    w.EndObject();
    b += "}\n";
    ctx_.out->MaybeFlush();
  }

  void OnProcess(uint32_t p, bool /*first*/) override {
    const Process& proc = ProcessAt(p);
    if (proc.comm == kEmptyString) return;
    std::string& b = Head("M", nullptr, "process_name", proc.pid, proc.pid);
    b += ",\"args\":{\"name\":";
    JsonWriter::AppendQuoted(String(proc.comm), &b);
    if (proc.ppid > 0) {
      b += ",\"ppid\":";
      AppendInt(b, proc.ppid);
    }
    Close("}}");
  }

  void OnThread(uint32_t t, bool /*first*/) override {
    const Thread& th = ThreadAt(t);
    if (th.comm == kEmptyString) return;
    std::string& b = Head("M", nullptr, "thread_name", th.pid, th.tid);
    b += ",\"args\":{\"name\":";
    JsonWriter::AppendQuoted(String(th.comm), &b);
    Close("}}");
  }

  void OnInterval(uint32_t t, StateInterval piece, uint64_t end_ns) override {
    const Thread& th = ThreadAt(t);
    ThreadState state = piece.state();
    std::string_view name = ThreadStateName(state);
    std::string& b = Head("X", "state", name, th.pid, th.tid);
    Times(b, piece.start_ns, end_ns);
    b += ",\"args\":{\"cpu\":";
    AppendInt(b, piece.cpu());
    if (IsBlocked(state) && piece.syscall() >= 0) {
      b += ",\"syscall\":";
      JsonWriter::AppendQuoted(SyscallTitle(piece.syscall()), &b);
    }
    Close("}}");
  }

  void OnSyscallEnd(uint32_t t, const SyscallSpan& span, bool returned) override {
    const Thread& th = ThreadAt(t);
    std::string& b = Head("X", "syscall", SyscallTitle(span.nr), th.pid, th.tid);
    Times(b, span.enter_ns, span.exit_ns);
    b += ",\"args\":{";
    SyscallArgs args = ArgsOf(span);
    for (int i = 0; i < args.count; ++i) {
      JsonWriter::AppendQuoted(args.args[i].name, &b);
      b += ':';
      AppendInt(b, args.args[i].value);
      b += ',';
    }
    if (args.has_filename) {
      b += "\"filename\":";
      JsonWriter::AppendQuoted(String(span.str), &b);
      b += ',';
    }
    if (returned) {
      b += "\"ret\":";
      AppendInt(b, span.ret);
    } else {
      b += "\"returned\":false";
    }
    Close("}}");
  }

  void OnFlow(const Flow& flow) override {
    if (flow.from == kNoThread) return;  // woken by an interrupt or an untraced thread
    const char* name = flow.kind == FlowKind::kCreate ? "create" : "wakeup";
    uint64_t id = next_flow_id_++;
    const Thread& from = ThreadAt(flow.from);
    std::string& b = Head("s", "flow", name, from.pid, from.tid);
    FlowTail(b, flow.ts_ns, id);
    const Thread& to = ThreadAt(flow.to);
    std::string& b2 = Head("f", "flow", name, to.pid, to.tid);
    b2 += ",\"bp\":\"e\"";
    FlowTail(b2, flow.ts_ns, id);
  }

  // A nestable async slice per run: every run of a task has the task's id, so a viewer puts
  // them on one track per task under its process.
  void OnTaskRun(const TaskRun& run) override {
    const Task& task = TaskAt(run.task);
    const Thread& th = ThreadAt(run.thread);
    const int32_t pid = task.process != kNoProcess ? ProcessAt(task.process).pid : th.pid;
    std::string label = TaskLabel(task, String(task.name));
    std::string& b = Head("b", "task", label, pid, th.tid);
    TaskTail(b, run.start_ns, pid, run.task);
    b += ",\"args\":{\"tid\":";
    AppendInt(b, th.tid);
    if (th.comm != kEmptyString) {
      b += ",\"thread\":";
      JsonWriter::AppendQuoted(String(th.comm), &b);
    }
    if (run.reason != 0) {
      b += ",\"reason\":";
      JsonWriter::AppendQuoted(String(run.reason), &b);
    }
    b += ",\"end\":";
    JsonWriter::AppendQuoted(TaskRunEndName(run.end), &b);
    Close("}}");
    std::string& e = Head("e", "task", label, pid, th.tid);
    TaskTail(e, run.end_ns, pid, run.task);
    Close("}");
  }

  void OnLost(const LostGap& gap) override {
    std::string& b = Head("i", "lost", "lost events", 0, 0);
    b += ",\"s\":\"g\",\"ts\":";
    AppendMicros(b, gap.end_ns);
    b += ",\"args\":{\"cpu\":";
    AppendInt(b, gap.cpu);
    b += ",\"count\":";
    AppendInt(b, static_cast<int64_t>(gap.count));
    b += ",\"since_us\":";
    AppendMicros(b, gap.start_ns);
    Close("}}");
  }

  void OnEvent(const Event& e) override {
    if (e.kind == EventKind::kProcessExec) {
      uint32_t t = ctx_.stream->FindThread(e.pid, e.pid);
      if (t == kNoThread) return;
      std::string& b = Instant(t, "exec", e.ts_ns);
      b += ",\"args\":{\"filename\":";
      JsonWriter::AppendQuoted(String(e.exec.filename), &b);
      Close("}}");
    } else if (e.kind == EventKind::kProcessExit) {
      uint32_t t = ctx_.stream->FindThread(e.tid, e.pid);
      if (t == kNoThread) return;
      ExitStatus status = DecodeExitCode(e.exit.exit_code);
      std::string& b = Instant(t, "exit", e.ts_ns);
      b += status.signaled ? ",\"args\":{\"signal\":" : ",\"args\":{\"status\":";
      AppendInt(b, status.signaled ? status.signal : status.code);
      Close("}}");
    }
  }

 private:
  // Starts an event: separator, phase, category (none for metadata), name, pid and tid.
  std::string& Head(const char* ph, const char* cat, std::string_view name, int32_t pid,
                    int32_t tid) {
    std::string& b = ctx_.out->buffer();
    b += first_ ? "\n{\"ph\":\"" : ",\n{\"ph\":\"";
    first_ = false;
    b += ph;
    if (cat != nullptr) {
      b += "\",\"cat\":\"";
      b += cat;
    }
    b += "\",\"name\":";
    JsonWriter::AppendQuoted(name, &b);
    b += ",\"pid\":";
    AppendInt(b, pid);
    b += ",\"tid\":";
    AppendInt(b, tid);
    return b;
  }
  void Times(std::string& b, uint64_t start_ns, uint64_t end_ns) {
    b += ",\"ts\":";
    AppendMicros(b, start_ns);
    b += ",\"dur\":";
    AppendMicros(b, end_ns - start_ns);
  }
  std::string& Instant(uint32_t t, const char* name, uint64_t ts_ns) {
    const Thread& th = ThreadAt(t);
    std::string& b = Head("i", "lifecycle", name, th.pid, th.tid);
    b += ",\"s\":\"t\",\"ts\":";
    AppendMicros(b, ts_ns);
    return b;
  }
  void FlowTail(std::string& b, uint64_t ts_ns, uint64_t id) {
    b += ",\"ts\":";
    AppendMicros(b, ts_ns);
    b += ",\"id\":";
    AppendInt(b, static_cast<int64_t>(id));
    Close("}");
  }
  // The time and the task's id, "task-<pid>-<index>": unique in the trace.
  void TaskTail(std::string& b, uint64_t ts_ns, int32_t pid, uint32_t task) {
    b += ",\"ts\":";
    AppendMicros(b, ts_ns);
    b += ",\"id\":\"task-";
    AppendInt(b, pid);
    b += '-';
    AppendInt(b, task);
    b += '"';
  }
  void Close(const char* tail) {
    ctx_.out->buffer() += tail;
    ctx_.out->MaybeFlush();
  }

  bool first_ = true;
  uint64_t next_flow_id_ = 1;
};

}  // namespace

std::unique_ptr<ExportSink> MakeChromeJsonSink(const ExportContext& ctx) {
  return std::make_unique<ChromeJsonSink>(ctx);
}

}  // namespace ctrace
