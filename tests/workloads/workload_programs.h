// Where the tests find the workload programs, and how long one run may take.
#ifndef CTRACE_TESTS_WORKLOADS_WORKLOAD_PROGRAMS_H_
#define CTRACE_TESTS_WORKLOADS_WORKLOAD_PROGRAMS_H_

#include <string>

#include "tests/support/command_runner.h"

namespace ctrace::testing {

// The built program named `program` ("ctrace-load", "ctrace-server-epoll", ...).
inline std::string WorkloadBin(const std::string& program) {
  return std::string(WORKLOADS_BIN_DIR) + "/" + program;
}

// The server binary for a model name ("epoll-workers", or "epoll_workers" as test names
// spell it).
inline std::string ServerBin(std::string model) {
  for (char& c : model) {
    if (c == '_') c = '-';
  }
  return WorkloadBin("ctrace-server-" + model);
}

inline CommandOptions WithTimeout(int seconds) {
  CommandOptions options;
  options.timeout_seconds = seconds;
  return options;
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_WORKLOADS_WORKLOAD_PROGRAMS_H_
