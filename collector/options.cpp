#include "collector/options.h"

#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"

namespace ctrace {
namespace {

// Options shared by run and record. Returns true if args[*i] was one of them (consuming its
// value), false if it is not a shared option.
absl::StatusOr<bool> ParseCommonOption(const std::vector<std::string>& args, size_t* i,
                                       std::string* output, ProbeOptions* probes) {
  const std::string& arg = args[*i];
  auto value = [&](const std::string& name) -> absl::StatusOr<std::string> {
    if (*i + 1 >= args.size()) {
      return absl::InvalidArgumentError(absl::StrFormat("option %s needs a value", name));
    }
    return args[++*i];
  };
  if (arg == "-o" || arg == "--output") {
    ASSIGN_OR_RETURN(*output, value(arg));
    return true;
  }
  if (arg == "--buffer-size") {
    ASSIGN_OR_RETURN(const std::string text, value(arg));
    ASSIGN_OR_RETURN(probes->buffer_bytes, ParseBufferSize(text));
    return true;
  }
  if (arg == "--no-args") {
    probes->record_exec_args = false;
    return true;
  }
  if (arg == "--syscalls") {
    probes->record_all_syscalls = true;
    return true;
  }
  if (arg == "--no-tasks") {
    probes->record_tasks = false;
    return true;
  }
  if (arg == "--probes") {
    ASSIGN_OR_RETURN(const std::string mode, value(arg));
    if (mode == "auto") {
      probes->mode = ProbeMode::kAuto;
    } else if (mode == "tp_btf") {
      probes->mode = ProbeMode::kTpBtf;
    } else if (mode == "raw_tp") {
      probes->mode = ProbeMode::kRawTp;
    } else {
      return absl::InvalidArgumentError(
          absl::StrFormat("--probes must be auto, tp_btf or raw_tp, not '%s'", mode));
    }
    return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<uint64_t> ParseBufferSize(const std::string& text) {
  std::string t = absl::AsciiStrToUpper(text);
  uint64_t multiplier = 1;
  for (const auto& [suffix, m] : std::vector<std::pair<std::string, uint64_t>>{{"KIB", 1ull << 10},
                                                                               {"MIB", 1ull << 20},
                                                                               {"GIB", 1ull << 30},
                                                                               {"K", 1ull << 10},
                                                                               {"M", 1ull << 20},
                                                                               {"G", 1ull << 30}}) {
    if (absl::EndsWith(t, suffix)) {
      t.resize(t.size() - suffix.size());
      multiplier = m;
      break;
    }
  }
  uint64_t n = 0;
  if (!absl::SimpleAtoi(t, &n) || n == 0 || n > (4ull << 30) / multiplier) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--buffer-size '%s' is not a size like 16M (at most 4G)", text));
  }
  n *= multiplier;
  if ((n & (n - 1)) != 0 || n < 4096) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "--buffer-size '%s' must be a power of two of at least 4K (the kernel requires it)", text));
  }
  return n;
}

std::string DefaultTraceName(const std::string& name) {
  std::string base = name.substr(name.find_last_of('/') + 1);
  if (base.empty()) base = "trace";
  return absl::StrCat(
      base, "-", absl::FormatTime("%Y%m%d-%H%M%S", absl::Now(), absl::LocalTimeZone()), ".ctrace");
}

absl::StatusOr<RunOptions> ParseRunOptions(const std::vector<std::string>& args) {
  RunOptions options;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.empty() || arg[0] != '-') break;  // the program: the rest is its own
    ASSIGN_OR_RETURN(const bool common,
                     ParseCommonOption(args, &i, &options.output, &options.probes));
    if (!common) return absl::InvalidArgumentError(absl::StrFormat("unknown option '%s'", arg));
  }
  if (i >= args.size()) {
    return absl::InvalidArgumentError("no program given");
  }
  options.command.assign(args.begin() + i, args.end());
  return options;
}

absl::StatusOr<RecordOptions> ParseRecordOptions(const std::vector<std::string>& args) {
  RecordOptions options;
  bool have_pid = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-p" || arg == "--pid") {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError("option -p needs a PID");
      if (!absl::SimpleAtoi(args[++i], &options.pid) || options.pid <= 0) {
        return absl::InvalidArgumentError(absl::StrFormat("-p '%s' is not a process id", args[i]));
      }
      have_pid = true;
      continue;
    }
    if (arg == "--duration") {
      if (i + 1 >= args.size())
        return absl::InvalidArgumentError("option --duration needs a value");
      absl::Duration d;
      std::string text = args[++i];
      double seconds = 0;
      if (absl::SimpleAtod(text, &seconds)) {
        d = absl::Seconds(seconds);
      } else if (!absl::ParseDuration(text, &d)) {
        return absl::InvalidArgumentError(
            absl::StrFormat("--duration '%s' is not a duration like 10s or 500ms", text));
      }
      if (d <= absl::ZeroDuration()) {
        return absl::InvalidArgumentError(
            absl::StrFormat("--duration '%s' must be positive", text));
      }
      options.duration = d;
      continue;
    }
    ASSIGN_OR_RETURN(const bool common,
                     ParseCommonOption(args, &i, &options.output, &options.probes));
    if (!common) {
      return absl::InvalidArgumentError(absl::StrFormat("unexpected argument '%s'", arg));
    }
  }
  if (!have_pid) {
    return absl::InvalidArgumentError("no process given");
  }
  return options;
}

}  // namespace ctrace
