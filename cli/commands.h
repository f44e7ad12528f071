// The run functions of the `ctrace` subcommands, one file each (cli/<function>.cpp); the
// table that names them and their usage is cli/subcommands.cpp.
#ifndef CTRACE_CLI_COMMANDS_H_
#define CTRACE_CLI_COMMANDS_H_

#include "cli/subcommand.h"

namespace ctrace::cli {

// Recording (need the recorder: without it, cli/recorder_unavailable.cpp says so).
absl::StatusOr<int> RunProgram(const Args& args);     // ctrace run
absl::StatusOr<int> RecordProcess(const Args& args);  // ctrace record

// Reading (no root, no libbpf).
absl::StatusOr<int> ReportTrace(const Args& args);      // ctrace report
absl::StatusOr<int> CompareTraces(const Args& args);    // ctrace compare
absl::StatusOr<int> ExportTraceFile(const Args& args);  // ctrace export
absl::StatusOr<int> ViewTraces(const Args& args);       // ctrace view

}  // namespace ctrace::cli

#endif  // CTRACE_CLI_COMMANDS_H_
