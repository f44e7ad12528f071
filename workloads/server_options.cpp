#include "workloads/server_options.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "workloads/cli_args.h"

namespace ctrace::workloads {

absl::StatusOr<ServerOptions> ParseServerOptions(int argc, char** argv) {
  ServerOptions options;
  bool have_root = false;
  const Option table[] = {IntOption({"--port", "-p"}, 0, 65535, &options.port),
                          // Bounded so a typo cannot fork thousands of processes.
                          IntOption({"--workers", "-w"}, 1, 256, &options.workers),
                          IntOption({"--requests", "-n"}, 0, INT64_MAX, &options.requests),
                          StringOption({"--root", "-r"}, &options.root, &have_root),
                          CpuOption(&options.cpu)};
  absl::StatusOr<bool> help = ReadOptions(argc, argv, table);
  if (!help.ok()) return help.status();
  if (*help) {
    options.help = true;
    return options;
  }
  if (!have_root) {
    return absl::InvalidArgumentError("--root DIR is required (the directory to serve)");
  }
  char resolved[PATH_MAX];
  if (realpath(options.root.c_str(), resolved) == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrFormat("--root %s: %s", options.root, std::strerror(errno)));
  }
  struct stat st;
  if (stat(resolved, &st) != 0 || !S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrFormat("--root %s: not a directory", options.root));
  }
  options.root = resolved;
  RETURN_IF_ERROR(PinToCpu(options.cpu));
  return options;
}

std::string ServerUsage(const char* program, const char* model) {
  return absl::StrFormat(
      "usage: %s --root DIR [--port P] [--workers N] [--requests N] [--cpu C]\n"
      "%s\n"
      "\n"
      "A static-file HTTP/1.1 server on 127.0.0.1; per request it accepts, reads the\n"
      "request, opens the file, writes the response header and then the file.\n"
      "  --root DIR     directory to serve (required; nothing outside it is served)\n"
      "  --port P       TCP port, default 8080; 0 picks a free one. The port in use is\n"
      "                 printed as \"listening on 127.0.0.1:PORT\"\n"
      "  --workers N    worker processes or threads (1-256, default 4) for the models with\n"
      "                 a fixed number (prefork, pool, epoll-workers); the others ignore it\n"
      "  --requests N   exit after N responses (default 0: until SIGINT or SIGTERM)\n"
      "  --cpu C        pin the server (every process and thread of it) to CPU C\n",
      program, model);
}

}  // namespace ctrace::workloads
