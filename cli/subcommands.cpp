#include "cli/subcommands.h"

#include <cstdio>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "cli/commands.h"

namespace ctrace::cli {
namespace {

constexpr char kRunHelp[] =
    "  Records PROGRAM and every process and thread it creates, until they have all exited\n"
    "  (needs root, or CAP_BPF and CAP_PERFMON). Under sudo, PROGRAM runs as the invoking\n"
    "  user and the trace file belongs to them. Ctrl-C goes to PROGRAM; twice stops at once.\n"
    "  -o, --output FILE    the trace file (default PROGRAM-YYYYMMDD-HHMMSS.ctrace)\n"
    "  --buffer-size SIZE   ring buffer size, a power of two (default 16M)\n"
    "  --no-args            leave exec arguments out of the trace\n"
    "  --syscalls           the arguments and result of every syscall, not only of clone,\n"
    "                       fork, exec and epoll_wait (costs two events per call)\n"
    "  --no-tasks           do not attach the ctrace:task_* probes the programs carry\n"
    "                       (docs/tasks.md)\n"
    "  --probes MODE        auto (default), tp_btf or raw_tp\n";

constexpr char kRecordHelp[] =
    "  Records a running process and everything it creates from now on, until it exits, the\n"
    "  duration elapses or Ctrl-C (needs root). Options as for run, and:\n"
    "  -p, --pid PID        the process to record\n"
    "  --duration D         stop after D (10s, 500ms, or seconds)\n";

constexpr char kReportHelp[] =
    "  Summarizes a recorded trace: processes, threads, time running, runnable and blocked,\n"
    "  switches, wakeups, epoll and run-queue latency, and a self-check against the kernel's\n"
    "  own counters; the locks threads slept on, with their waiters and wakers.\n"
    "  --json               one JSON document instead of text (fields: docs/report-json.md)\n"
    "  --critical-path TID  what thread TID waited for, all the way down: its running time,\n"
    "                       and in place of each sleep, what the thread that ended it was\n"
    "                       doing (and so on through its wakers), with a breakdown\n"
    "  --range T0:T1        with --critical-path: only from T0 to T1 after the trace's start\n"
    "                       (1.5s, 20ms, 300us, 42ns); default: the thread's whole life\n";

constexpr char kCompareHelp[] =
    "  Compares traces side by side: one column per trace, one row per metric (wall and CPU\n"
    "  time, processes and threads created, switches, migrations, run-queue latency, time\n"
    "  blocked by reason, epoll, creation latency), each against the first trace.\n"
    "  A trace does not record how many requests a program served; give the count to get\n"
    "  per-request rows:\n"
    "  FILE=N          this trace served N requests\n"
    "  --requests N    every trace without its own =N served N requests\n"
    "  --json          one JSON document instead of text (fields: docs/report-json.md)\n";

constexpr char kExportHelp[] =
    "  Converts a trace for other viewers (see docs/export.md):\n"
    "  --format perfetto     Perfetto's protobuf trace: open it in ui.perfetto.dev\n"
    "  --format chrome-json  the JSON Trace Event Format: ui.perfetto.dev or chrome://tracing\n"
    "  -o, --output OUT      the file to write (written whole or not at all)\n"
    "  --partial             export a trace that was cut off (no trailer) as far as it goes\n";

absl::StatusOr<int> ShowHelp(const Args& args);

constexpr Subcommand kSubcommands[] = {
    {"run",
     "ctrace run [-o FILE] [--buffer-size SIZE] [--no-args] [--syscalls] [--no-tasks] [--] "
     "PROGRAM [ARGS...]",
     "record PROGRAM and every process and thread it creates (needs root)", kRunHelp, RunProgram},
    {"record",
     "ctrace record -p PID [--duration D] [-o FILE] [--buffer-size SIZE] [--no-args] "
     "[--syscalls] [--no-tasks]",
     "record a running process from now on (needs root)\n"
     "run/record --syscalls: the arguments and result of every syscall, not only of\n"
     "clone, fork, exec and epoll_wait (costs more events)",
     kRecordHelp, RecordProcess},
    {"report", "ctrace report FILE [--json] [--critical-path TID [--range T0:T1]]",
     "summarise a trace: process tree, per-thread states, self-check", kReportHelp, ReportTrace},
    {"compare", "ctrace compare FILE[=REQUESTS] FILE[=REQUESTS] [...] [--requests N] [--json]",
     "compare traces side by side, each against the first", kCompareHelp, CompareTraces},
    {"export", "ctrace export FILE --format perfetto|chrome-json -o OUT [--partial]",
     "convert a trace for Perfetto UI or chrome://tracing", kExportHelp, ExportTraceFile},
    {"view", "ctrace view FILE [FILE...]", "open traces in the timeline viewer (ctrace-view)",
     "  The viewer's own options: ctrace-view --help\n", ViewTraces},
    {"help", "ctrace help", "show this text", "", ShowHelp},
};

std::string Overview() {
  std::string out = "usage: ctrace <command> [options]\n\ncommands:\n";
  for (const Subcommand& c : kSubcommands) {
    absl::string_view synopsis = c.usage.substr(absl::string_view("ctrace ").size());
    absl::StrAppend(&out, "  ", synopsis, "\n        ",
                    absl::StrReplaceAll(c.summary, {{"\n", "\n        "}}), "\n");
  }
  absl::StrAppend(&out,
                  "\nUnder sudo, PROGRAM runs as the invoking user and the trace file belongs to "
                  "them.\n`ctrace COMMAND --help` describes a command's options.\n");
  return out;
}

absl::StatusOr<int> ShowHelp(const Args&) {
  std::fputs(Overview().c_str(), stdout);
  return 0;
}

const Subcommand* Find(absl::string_view name) {
  for (const Subcommand& c : kSubcommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// What a subcommand returned, shown: the only place errors become output.
int Finish(const Subcommand& c, const absl::StatusOr<int>& result) {
  if (result.ok()) return *result;
  const absl::Status& s = result.status();
  if (IsHelpRequested(s)) {
    std::printf("usage: %.*s\n%.*s", static_cast<int>(c.usage.size()), c.usage.data(),
                static_cast<int>(c.help.size()), c.help.data());
    return 0;
  }
  std::string line = absl::StrCat("ctrace ", c.name, ": ", s.message());
  if (IsUsageError(s)) absl::StrAppend(&line, " (usage: ", c.usage, ")");
  std::fprintf(stderr, "%s\n", line.c_str());
  return ExitCodeOf(s);
}

}  // namespace

std::span<const Subcommand> Subcommands() { return kSubcommands; }

int CtraceMain(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(Overview().c_str(), stderr);
    return kUsageExitCode;
  }
  const absl::string_view name = argv[1];
  if (name == "--help" || name == "-h") return ShowHelp({}).value();
  if (name == "--version") {
    std::printf("ctrace %s\n", CTRACE_VERSION);
    return 0;
  }
  const Subcommand* c = Find(name);
  if (c == nullptr) {
    std::fprintf(stderr, "ctrace: unknown command '%s' (try 'ctrace help')\n", argv[1]);
    return kUsageExitCode;
  }
  return Finish(*c, c->run(Args(argv + 2, argv + argc)));
}

}  // namespace ctrace::cli
