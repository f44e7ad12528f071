// Command-line reading shared by every workload program, so they all accept options the
// same way ("--port 8080" or "--port=8080") and reject bad ones with the same words.
#ifndef CTRACE_WORKLOADS_CLI_ARGS_H_
#define CTRACE_WORKLOADS_CLI_ARGS_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ctrace::workloads {

// Walks the options one at a time. Every argument must be an option: the workloads take no
// positional arguments, so a stray word is reported rather than silently ignored.
class ArgReader {
 public:
  ArgReader(int argc, char** argv);

  // Moves to the next option. False when there are none left.
  bool Next();
  // The current option's name, without any "=value" part.
  const std::string& option() const { return option_; }
  // The current option's value: the text after '=', else the next argument.
  absl::StatusOr<std::string> Value();
  // The value as an integer in [min, max].
  absl::StatusOr<int64_t> IntValue(int64_t min, int64_t max);
  // The error for an option nobody recognised.
  absl::Status Unknown() const;

 private:
  std::vector<std::string> args_;
  size_t next_ = 0;
  std::string option_;
  std::string inline_value_;
  bool has_inline_value_ = false;
};

// One option a program takes: its names ("--workers", "-w") and how its value is read.
struct Option {
  std::vector<std::string> names;
  std::function<absl::Status(ArgReader&)> read;
};

// An integer option in [min, max], stored in *out.
template <typename T>
Option IntOption(std::initializer_list<const char*> names, int64_t min, int64_t max, T* out) {
  return {std::vector<std::string>(names.begin(), names.end()),
          [min, max, out](ArgReader& args) -> absl::Status {
            absl::StatusOr<int64_t> v = args.IntValue(min, max);
            if (!v.ok()) return v.status();
            *out = static_cast<T>(*v);
            return absl::OkStatus();
          }};
}
// A text option, stored in *out; `given`, if set, says it was.
Option StringOption(std::initializer_list<const char*> names, std::string* out,
                    bool* given = nullptr);
// One of `choices` ("--mode must be pipe, unix or shm, not 'tcp'"), stored in *out.
Option ChoiceOption(std::initializer_list<const char*> names, std::vector<std::string> choices,
                    std::string* out);

// --cpu N: the CPU the program pins itself to (-1, the default: not pinned), so a benchmark
// can pin a program that ctrace runs without running it through taskset (an exec ctrace
// would see only after the program started; docs/tasks.md).
Option CpuOption(int* out);
// Pins the calling thread (and what it creates afterwards) to `cpu`; nothing for -1.
absl::Status PinToCpu(int cpu);

// Reads every argument as one of `options`. Returns true if --help or -h was given (the
// rest is not read), false once all were read.
absl::StatusOr<bool> ReadOptions(int argc, char** argv, std::span<const Option> options);

// The main() every small program shares: reads `options`; on --help prints `usage` to
// stdout and exits 0; else runs `body`, whose error is one line "PROGRAM: MESSAGE" on stderr
// with ExitCodeFor's code, and whose value is the exit code.
int RunProgram(const char* program, const char* usage, int argc, char** argv,
               std::span<const Option> options, const std::function<absl::StatusOr<int>()>& body);

// "--port must be an integer from 0 to 65535, not '70000'" style parsing of one value.
absl::StatusOr<int64_t> ParseIntOption(const std::string& option, const std::string& text,
                                       int64_t min, int64_t max);

// The exit code for a failed Status: 2 for bad usage (InvalidArgument), 1 for the rest.
int ExitCodeFor(const absl::Status& status);

// Prints "PROGRAM: MESSAGE" as one line on stderr and returns ExitCodeFor(status).
int ReportError(const char* program, const absl::Status& status);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_CLI_ARGS_H_
