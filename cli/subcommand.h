// What every `ctrace` subcommand is: a name, a usage line, a help text and a function with one
// signature. The function returns the exit code when it ran (0, or the traced program's own
// code for `run`), or an error that the dispatcher (cli/dispatch.h), and only it, turns into
// the message on stderr and the exit code:
//   UsageError(...)        "ctrace NAME: MESSAGE (usage: ctrace NAME ...)", exit 2
//   HelpRequested()        the usage line and help text on stdout, exit 0
//   WithExitCode(s, code)  "ctrace NAME: MESSAGE", exit `code` (126/127, as a shell gives)
//   any other error        "ctrace NAME: MESSAGE", exit 1
#ifndef CTRACE_CLI_SUBCOMMAND_H_
#define CTRACE_CLI_SUBCOMMAND_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace ctrace::cli {

// Exit code for invalid usage (unknown option, missing argument), as getopt tools use.
inline constexpr int kUsageExitCode = 2;

using Args = std::vector<std::string>;  // the words after the subcommand's name

struct Subcommand {
  absl::string_view name;
  absl::string_view usage;    // the synopsis, starting "ctrace NAME"
  absl::string_view summary;  // what it does, for `ctrace help` (may span lines)
  absl::string_view help;     // the options, shown under the usage line by `--help`
  absl::StatusOr<int> (*run)(const Args& args);
};

absl::Status UsageError(absl::string_view message);
absl::Status HelpRequested();
absl::Status WithExitCode(absl::Status status, int exit_code);

bool IsUsageError(const absl::Status& status);
bool IsHelpRequested(const absl::Status& status);
// The exit code an error means (see above).
int ExitCodeOf(const absl::Status& status);

// Prints "ctrace NAME: warning: MESSAGE" on stderr: something the user should know that does
// not stop the command (a trace that was cut off).
void Warn(std::string_view name, absl::string_view message);

}  // namespace ctrace::cli

#endif  // CTRACE_CLI_SUBCOMMAND_H_
