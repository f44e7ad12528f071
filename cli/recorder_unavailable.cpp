// `ctrace run` and `ctrace record` in a ctrace built without the recorder (no clang, bpftool,
// libbpf or kernel BTF at configure time, or CTRACE_BUILD_RECORDER=OFF): the reading commands
// work; these two say in one line why they cannot.
#include "cli/commands.h"

namespace ctrace::cli {
namespace {

absl::Status RecorderUnavailable() {
  return absl::UnimplementedError(
      "this ctrace was built without the recorder (" CTRACE_RECORDER_MISSING
      "); report, compare, export and view work");
}

}  // namespace

absl::StatusOr<int> RunProgram(const Args&) { return RecorderUnavailable(); }
absl::StatusOr<int> RecordProcess(const Args&) { return RecorderUnavailable(); }

}  // namespace ctrace::cli
