// `ctrace compare A.ctrace B.ctrace [...] [--json] [--requests N]`: one column per trace,
// one row per metric, each value beside its difference from the first trace.
#ifndef CTRACE_REPORT_COMPARE_COMMAND_H_
#define CTRACE_REPORT_COMPARE_COMMAND_H_

namespace ctrace {

// argv[0] is "compare", argv[1..] its arguments. Returns the exit code: 0 on success, 1 if a
// trace cannot be read (one line on stderr names it and says why), 2 on bad usage.
int RunCompareCommand(int argc, char** argv);

}  // namespace ctrace

#endif  // CTRACE_REPORT_COMPARE_COMMAND_H_
