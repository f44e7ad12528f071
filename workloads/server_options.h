// The options every server model takes, so one script can start any of them the same way.
#ifndef CTRACE_WORKLOADS_SERVER_OPTIONS_H_
#define CTRACE_WORKLOADS_SERVER_OPTIONS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace ctrace::workloads {

struct ServerOptions {
  int port = 8080;       // 0: the kernel picks a free port (printed on stdout)
  int workers = 4;       // processes or threads, for the models that have a fixed number
  std::string root;      // the directory served, made absolute
  int64_t requests = 0;  // stop after this many responses; 0: run until SIGINT/SIGTERM
  int cpu = -1;          // pinned to this CPU (already, when parsed); -1: not pinned
  bool help = false;
};

// Parses argv, and pins the process to --cpu if given (before it creates any thread or
// process, which inherit it). The root must name an existing directory; it is resolved with
// realpath so every model serves the same absolute directory whatever its working directory.
absl::StatusOr<ServerOptions> ParseServerOptions(int argc, char** argv);

// The --help text for a server named `program`; `model` is one line on what it does.
std::string ServerUsage(const char* program, const char* model);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_SERVER_OPTIONS_H_
