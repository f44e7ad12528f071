// Runs a command as a test would from a shell: captures stdout and stderr, returns the exit
// code (128+signal if it was killed), and kills it if it outlives a time limit.
#ifndef CTRACE_TESTS_SUPPORT_COMMAND_RUNNER_H_
#define CTRACE_TESTS_SUPPORT_COMMAND_RUNNER_H_

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

namespace ctrace::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool timed_out = false;
};

struct CommandOptions {
  std::vector<std::string> env;  // "NAME=value" added to (or replacing in) the environment
  int timeout_seconds = 120;
  // Called in the parent right after the child starts (e.g. to send it a signal later).
  std::function<void(pid_t)> on_start;
};

CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options = {});

// The number of lines in `text` (a final line without '\n' counts).
int LineCount(const std::string& text);

// True if this process may load BPF programs (root or CAP_BPF+CAP_PERFMON).
bool CanTrace();

// Why this test cannot record a trace with the ctrace it was built with, or "" if it can: a
// build without the recorder (CTRACE_RECORDER off at configure time), or no privileges. Tests
// that record skip with this, loudly.
std::string WhyCannotRecord();

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_COMMAND_RUNNER_H_
