// Who ctrace runs as, and who the traced program should run as.
#ifndef CTRACE_COLLECTOR_PRIVILEGES_H_
#define CTRACE_COLLECTOR_PRIVILEGES_H_

#include <sys/types.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ctrace {

// Loading tracing programs needs root, or CAP_BPF together with CAP_PERFMON.
absl::Status CheckTracingPrivileges();

// Kernel BTF is what CO-RE relocations and tp_btf programs are resolved against.
absl::Status CheckKernelBtf();

// The user who ran `sudo ctrace ...` (from SUDO_UID/SUDO_GID), if ctrace is root through sudo.
// The traced program runs as this user and the trace file is given to them.
struct InvokingUser {
  uid_t uid;
  gid_t gid;
  std::string name;  // for initgroups(); empty if the uid has no passwd entry
  std::string home;  // their home directory; empty if the uid has no passwd entry
};
absl::StatusOr<std::optional<InvokingUser>> InvokingUserFromSudo();

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_PRIVILEGES_H_
