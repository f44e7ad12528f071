// ctrace: records how a program's processes and threads really run, and reports on it.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "collector/commands.h"
#ifdef CTRACE_HAVE_REPORT
#include "report/report_command.h"
#endif

namespace {

constexpr char kUsage[] =
    "usage: ctrace <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [-o FILE] [--buffer-size SIZE] [--no-args] [--] PROGRAM [ARGS...]\n"
    "        record PROGRAM and every process and thread it creates (needs root)\n"
    "  record -p PID [--duration D] [-o FILE] [--buffer-size SIZE] [--no-args]\n"
    "        record a running process from now on (needs root)\n"
#ifdef CTRACE_HAVE_REPORT
    "  report FILE [--json]\n"
    "        summarise a trace: process tree, per-thread states, self-check\n"
#endif
    "  help  show this text\n"
    "\n"
    "Under sudo, PROGRAM runs as the invoking user and the trace file belongs to them.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return ctrace::kUsageExitCode;
  }
  const std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "run") return ctrace::RunCommand(args);
  if (command == "record") return ctrace::RecordCommand(args);
#ifdef CTRACE_HAVE_REPORT
  if (command == "report") return ctrace::RunReportCommand(argc - 1, argv + 1);
#endif
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("ctrace %s\n", CTRACE_VERSION);
    return 0;
  }
  std::fprintf(stderr, "ctrace: unknown command '%s' (try 'ctrace help')\n", command.c_str());
  return ctrace::kUsageExitCode;
}
