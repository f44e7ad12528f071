#include "collector/privileges.h"

#include <linux/capability.h>
#include <pwd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <limits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace ctrace {
namespace {

// CAP_BPF and CAP_PERFMON are 39 and 38: both in the second 32-bit word of the capability set.
// Older headers lack the names, so the numbers are spelled out.
constexpr int kCapPerfmon = 38;
constexpr int kCapBpf = 39;

bool HasCapability(const __user_cap_data_struct (&data)[2], int cap) {
  return (data[cap / 32].effective & (1u << (cap % 32))) != 0;
}

}  // namespace

absl::Status CheckTracingPrivileges() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0) {
    return absl::PermissionDeniedError("cannot read this process's capabilities");
  }
  if (HasCapability(data, CAP_SYS_ADMIN)) return absl::OkStatus();
  if (HasCapability(data, kCapBpf) && HasCapability(data, kCapPerfmon)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "recording needs root (or CAP_BPF and CAP_PERFMON): run it with sudo");
}

absl::Status CheckKernelBtf() {
  // CTRACE_KERNEL_BTF lets the tests point this check somewhere else.
  const char* path = std::getenv("CTRACE_KERNEL_BTF");
  if (path == nullptr) path = "/sys/kernel/btf/vmlinux";
  if (access(path, R_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "this kernel has no BTF (%s is missing): ctrace needs CONFIG_DEBUG_INFO_BTF=y", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<InvokingUser>> InvokingUserFromSudo() {
  const char* uid_text = std::getenv("SUDO_UID");
  const char* gid_text = std::getenv("SUDO_GID");
  if (geteuid() != 0 || uid_text == nullptr) return std::optional<InvokingUser>();
  uint32_t uid = 0;
  uint32_t gid = 0;
  if (!absl::SimpleAtoi(uid_text, &uid) || gid_text == nullptr ||
      !absl::SimpleAtoi(gid_text, &gid)) {
    return absl::InvalidArgumentError(absl::StrFormat("SUDO_UID/SUDO_GID (%s/%s) are not numbers",
                                                      uid_text, gid_text ? gid_text : ""));
  }
  if (uid == 0) return std::optional<InvokingUser>();  // sudo from root: stay root
  InvokingUser user{uid, gid, "", ""};
  if (passwd* pw = getpwuid(uid)) {
    user.name = pw->pw_name;
    user.home = pw->pw_dir;
  }
  return std::optional<InvokingUser>(user);
}

}  // namespace ctrace
