// `ctrace report FILE [--json]`: summarizes a trace as text or JSON on stdout.
#ifndef CTRACE_REPORT_REPORT_COMMAND_H_
#define CTRACE_REPORT_REPORT_COMMAND_H_

namespace ctrace {

// argv[0] is "report", argv[1..] its arguments. Returns the exit code: 0 on success, 1 if
// the trace cannot be read (one line on stderr says why), 2 on bad usage.
int RunReportCommand(int argc, char** argv);

}  // namespace ctrace

#endif  // CTRACE_REPORT_REPORT_COMMAND_H_
