// What the children of a process are doing, read from /proc: for tests that must act only
// once a recorded program has reached a known point (instead of sleeping for a time that a
// loaded machine may not keep).
#ifndef CTRACE_TESTS_SUPPORT_CHILD_PROCESSES_H_
#define CTRACE_TESTS_SUPPORT_CHILD_PROCESSES_H_

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

namespace ctrace::testing {

// Waits (up to 20 s, looking every 5 ms) until a child of `parent` satisfies `ok`; that
// child, or 0.
inline pid_t WaitForChild(pid_t parent, const std::function<bool(pid_t)>& ok) {
  const std::string children =
      "/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children";
  for (int i = 0; i < 4000; ++i) {
    std::ifstream in(children);
    pid_t child = 0;
    while (in >> child) {
      if (ok(child)) return child;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return 0;
}

// Whether `pid` runs the program at `path` (its /proc exe, after its exec).
inline bool RunsProgram(pid_t pid, const std::string& path) {
  char want[PATH_MAX];
  if (realpath(path.c_str(), want) == nullptr) return false;
  char exe[PATH_MAX];
  const std::string link = "/proc/" + std::to_string(pid) + "/exe";
  ssize_t len = readlink(link.c_str(), exe, sizeof(exe) - 1);
  return len > 0 && std::string(exe, static_cast<size_t>(len)) == want;
}

// Whether `pid` ignores signal `sig` (its SigIgn mask in /proc/PID/status).
inline bool IgnoresSignal(pid_t pid, int sig) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("SigIgn:", 0) != 0) continue;
    const uint64_t mask = std::stoull(line.substr(7), nullptr, 16);
    return (mask >> (sig - 1)) & 1;
  }
  return false;
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_CHILD_PROCESSES_H_
