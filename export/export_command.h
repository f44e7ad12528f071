// `ctrace export FILE --format perfetto|chrome-json -o OUT`: converts a trace for Perfetto
// UI and chrome://tracing.
#ifndef CTRACE_EXPORT_EXPORT_COMMAND_H_
#define CTRACE_EXPORT_EXPORT_COMMAND_H_

namespace ctrace {

// argv[0] is "export", argv[1..] its arguments. Returns the exit code: 0 on success, 1 if
// the trace cannot be read or OUT cannot be written (one line on stderr says why; OUT is
// not created), 2 on bad usage.
int RunExportCommand(int argc, char** argv);

}  // namespace ctrace

#endif  // CTRACE_EXPORT_EXPORT_COMMAND_H_
