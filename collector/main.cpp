// ctrace: records how a program's processes and threads really run, and reports on it.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "collector/commands.h"
#ifdef CTRACE_HAVE_REPORT
#include "report/compare_command.h"
#include "report/report_command.h"
#endif
#ifdef CTRACE_HAVE_EXPORT
#include "export/export_command.h"
#endif

namespace {

constexpr char kUsage[] =
    "usage: ctrace <command> [options]\n"
    "\n"
    "commands:\n"
    "  run [-o FILE] [--buffer-size SIZE] [--no-args] [--syscalls] [--] PROGRAM [ARGS...]\n"
    "        record PROGRAM and every process and thread it creates (needs root)\n"
    "  record -p PID [--duration D] [-o FILE] [--buffer-size SIZE] [--no-args] [--syscalls]\n"
    "        record a running process from now on (needs root)\n"
    "        run/record --syscalls: the arguments and result of every syscall, not only of\n"
    "        clone, fork, exec and epoll_wait (costs more events)\n"
#ifdef CTRACE_HAVE_REPORT
    "  report FILE [--json]\n"
    "        summarise a trace: process tree, per-thread states, self-check\n"
    "  compare FILE[=REQUESTS] FILE[=REQUESTS] [...] [--requests N] [--json]\n"
    "        compare traces side by side, each against the first\n"
#endif
#ifdef CTRACE_HAVE_EXPORT
    "  export FILE --format perfetto|chrome-json -o OUT\n"
    "        convert a trace for Perfetto UI or chrome://tracing\n"
#endif
    "  view FILE [FILE...]\n"
    "        open traces in the timeline viewer (ctrace-view)\n"
    "  help  show this text\n"
    "\n"
    "Under sudo, PROGRAM runs as the invoking user and the trace file belongs to them.\n";

// `ctrace view` runs the viewer, a separate program (it links GLFW and OpenGL, which the
// recorder must not need): first the ctrace-view installed beside this binary (or, in a build
// tree, in ../viewer/), then the one on PATH.
int ExecViewer(char** argv) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n > 0) {
    self[n] = '\0';
    std::string dir(self);
    dir.resize(dir.find_last_of('/') + 1);
    for (const std::string& candidate : {dir + "ctrace-view", dir + "../viewer/ctrace-view"}) {
      if (access(candidate.c_str(), X_OK) == 0) {
        argv[0] = const_cast<char*>(candidate.c_str());
        execv(candidate.c_str(), argv);
      }
    }
  }
  argv[0] = const_cast<char*>("ctrace-view");
  execvp("ctrace-view", argv);
  std::fprintf(stderr, "ctrace view: cannot run ctrace-view (%s): build ctrace with the viewer\n",
               std::strerror(errno));
  return 127;
}

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
  if (command == "compare") return ctrace::RunCompareCommand(argc - 1, argv + 1);
#endif
#ifdef CTRACE_HAVE_EXPORT
  if (command == "export") return ctrace::RunExportCommand(argc - 1, argv + 1);
#endif
  if (command == "view") return ExecViewer(argv + 1);
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
