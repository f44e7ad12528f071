#include "workloads/cli_args.h"

#include <sched.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace ctrace::workloads {

ArgReader::ArgReader(int argc, char** argv) : args_(argv + (argc > 0 ? 1 : 0), argv + argc) {}

bool ArgReader::Next() {
  if (next_ >= args_.size()) return false;
  const std::string& arg = args_[next_++];
  has_inline_value_ = false;
  inline_value_.clear();
  option_ = arg;
  // "--name=value" is one argument; a lone "-c" or "--name" takes the next argument.
  if (arg.rfind("--", 0) == 0) {
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      option_ = arg.substr(0, eq);
      inline_value_ = arg.substr(eq + 1);
      has_inline_value_ = true;
    }
  }
  return true;
}

absl::StatusOr<std::string> ArgReader::Value() {
  if (has_inline_value_) return inline_value_;
  if (next_ >= args_.size()) {
    return absl::InvalidArgumentError(absl::StrFormat("option %s needs a value", option_));
  }
  return args_[next_++];
}

absl::StatusOr<int64_t> ArgReader::IntValue(int64_t min, int64_t max) {
  absl::StatusOr<std::string> text = Value();
  if (!text.ok()) return text.status();
  return ParseIntOption(option_, *text, min, max);
}

absl::Status ArgReader::Unknown() const {
  if (option_.empty() || option_[0] != '-') {
    return absl::InvalidArgumentError(
        absl::StrFormat("unexpected argument '%s' (options start with --; try --help)", option_));
  }
  return absl::InvalidArgumentError(absl::StrFormat("unknown option '%s' (try --help)", option_));
}

Option CpuOption(int* out) { return IntOption({"--cpu"}, -1, CPU_SETSIZE - 1, out); }

absl::Status PinToCpu(int cpu) {
  if (cpu < 0) return absl::OkStatus();
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus > 0 && cpu >= cpus) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--cpu %d: this machine has CPUs 0 to %d", cpu, cpus - 1));
  }
  if (sched_setaffinity(0, sizeof(set), &set) != 0) {
    return absl::InvalidArgumentError(absl::StrFormat("--cpu %d: %s", cpu, std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseIntOption(const std::string& option, const std::string& text,
                                       int64_t min, int64_t max) {
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < min || value > max) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s must be an integer from %d to %d, not '%s'", option, min, max, text));
  }
  return value;
}

Option StringOption(std::initializer_list<const char*> names, std::string* out, bool* given) {
  return {std::vector<std::string>(names.begin(), names.end()),
          [out, given](ArgReader& args) -> absl::Status {
            absl::StatusOr<std::string> v = args.Value();
            if (!v.ok()) return v.status();
            *out = *v;
            if (given != nullptr) *given = true;
            return absl::OkStatus();
          }};
}

Option ChoiceOption(std::initializer_list<const char*> names, std::vector<std::string> choices,
                    std::string* out) {
  return {std::vector<std::string>(names.begin(), names.end()),
          [choices = std::move(choices), out](ArgReader& args) -> absl::Status {
            absl::StatusOr<std::string> v = args.Value();
            if (!v.ok()) return v.status();
            for (const std::string& c : choices) {
              if (*v == c) {
                *out = c;
                return absl::OkStatus();
              }
            }
            std::string list;
            for (size_t i = 0; i < choices.size(); ++i) {
              list += i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ";
              list += choices[i];
            }
            return absl::InvalidArgumentError(
                absl::StrFormat("%s must be %s, not '%s'", args.option(), list, *v));
          }};
}

absl::StatusOr<bool> ReadOptions(int argc, char** argv, std::span<const Option> options) {
  ArgReader args(argc, argv);
  while (args.Next()) {
    const std::string& name = args.option();
    if (name == "--help" || name == "-h") return true;
    const Option* found = nullptr;
    for (const Option& o : options) {
      for (const std::string& n : o.names) {
        if (n == name) found = &o;
      }
    }
    if (found == nullptr) return args.Unknown();
    if (absl::Status s = found->read(args); !s.ok()) return s;
  }
  return false;
}

int RunProgram(const char* program, const char* usage, int argc, char** argv,
               std::span<const Option> options, const std::function<absl::StatusOr<int>()>& body) {
  absl::StatusOr<bool> help = ReadOptions(argc, argv, options);
  if (!help.ok()) return ReportError(program, help.status());
  if (*help) {
    std::fputs(usage, stdout);
    return 0;
  }
  absl::StatusOr<int> code = body();
  if (!code.ok()) return ReportError(program, code.status());
  return *code;
}

int ExitCodeFor(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ? 2 : 1;
}

int ReportError(const char* program, const absl::Status& status) {
  // One line, whatever the message holds, so scripts and tests can rely on it.
  std::string message(status.message());
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  std::fprintf(stderr, "%s: %s\n", program, message.c_str());
  return ExitCodeFor(status);
}

}  // namespace ctrace::workloads
