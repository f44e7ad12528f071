// The part of main() every server model shares: options, signals, the listening socket,
// the "listening on" line, and turning a failure into one line on stderr.
#ifndef CTRACE_WORKLOADS_SERVER_MAIN_H_
#define CTRACE_WORKLOADS_SERVER_MAIN_H_

#include <string>

#include "absl/status/status.h"
#include "workloads/response_counter.h"
#include "workloads/server_options.h"

namespace ctrace::workloads {

struct ServerContext {
  ServerOptions options;  // options.port is the real port, even when 0 was asked for
  std::string name;       // "ctrace-server-fork": the program, also sent as Server header
  int listen_fd = -1;     // blocking, listening; -1 with ListenMode::kPerWorker
  int root_fd = -1;       // the served directory, O_PATH
  ResponseCounter* counter = nullptr;
};

enum class ListenMode {
  // One listening socket, opened and announced before the model runs.
  kShared,
  // Each worker opens its own SO_REUSEPORT socket. RunServer only reserves the port (bound,
  // not listening) and the model calls AnnounceListening once its workers listen.
  kPerWorker,
};

using ServeFunction = absl::Status (*)(ServerContext& context);

// main() for a server: parses argv, installs the stop handlers, opens the socket, runs
// `serve` until it returns, then prints "responses served: N". Returns the exit code.
int RunServer(const char* program, const char* model, ListenMode mode, int argc, char** argv,
              ServeFunction serve);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_SERVER_MAIN_H_
