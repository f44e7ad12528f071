// The recording subcommands. Each takes the words after its name and returns the process
// exit code; errors are printed as one line on stderr.
#ifndef CTRACE_COLLECTOR_COMMANDS_H_
#define CTRACE_COLLECTOR_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace ctrace {

int RunCommand(const std::vector<std::string>& args);
int RecordCommand(const std::vector<std::string>& args);

// Prints "ctrace <command>: <message>" and returns `exit_code`.
int ReportError(const std::string& command, const absl::Status& status, int exit_code);

// Exit code for invalid usage (unknown option, missing argument), as getopt tools use.
inline constexpr int kUsageExitCode = 2;

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_COMMANDS_H_
