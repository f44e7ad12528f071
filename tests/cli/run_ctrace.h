// The ctrace under test (CTRACE_BIN, set by tests/cli/CMakeLists.txt) run as a user would.
#ifndef CTRACE_TESTS_CLI_RUN_CTRACE_H_
#define CTRACE_TESTS_CLI_RUN_CTRACE_H_

#include <string>
#include <vector>

#include "tests/support/command_runner.h"

namespace ctrace::testing {

// `ctrace SUBCOMMAND ARGS...`: its exit code, stdout and stderr.
inline CommandResult RunCtrace(const std::string& subcommand, std::vector<std::string> args) {
  args.insert(args.begin(), {CTRACE_BIN, subcommand});
  return RunCommand(args);
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_CLI_RUN_CTRACE_H_
