#include "cli/subcommand.h"

#include <cstdio>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"

namespace ctrace::cli {
namespace {

// Status payloads (absl::Status::SetPayload) that say how an error is to be shown.
constexpr absl::string_view kUsagePayload = "ctrace/usage-error";
constexpr absl::string_view kHelpPayload = "ctrace/help-requested";
constexpr absl::string_view kExitCodePayload = "ctrace/exit-code";

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status s = absl::InvalidArgumentError(message);
  s.SetPayload(kUsagePayload, absl::Cord());
  return s;
}

absl::Status HelpRequested() {
  absl::Status s = absl::CancelledError("help");
  s.SetPayload(kHelpPayload, absl::Cord());
  return s;
}

absl::Status WithExitCode(absl::Status status, int exit_code) {
  status.SetPayload(kExitCodePayload, absl::Cord(std::to_string(exit_code)));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

bool IsHelpRequested(const absl::Status& status) {
  return status.GetPayload(kHelpPayload).has_value();
}

int ExitCodeOf(const absl::Status& status) {
  if (status.ok() || IsHelpRequested(status)) return 0;
  if (IsUsageError(status)) return kUsageExitCode;
  if (auto code = status.GetPayload(kExitCodePayload)) {
    int n = 1;
    if (absl::SimpleAtoi(std::string(*code), &n)) return n;
  }
  return 1;
}

void Warn(std::string_view name, absl::string_view message) {
  std::fprintf(stderr, "ctrace %.*s: warning: %.*s\n", static_cast<int>(name.size()), name.data(),
               static_cast<int>(message.size()), message.data());
}

}  // namespace ctrace::cli
