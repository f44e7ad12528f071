#include "workloads/server_main.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/cli_args.h"
#include "workloads/listen_socket.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

int RunServer(const char* program, const char* model, ListenMode mode, int argc, char** argv,
              ServeFunction serve) {
  absl::StatusOr<ServerOptions> options = ParseServerOptions(argc, argv);
  if (!options.ok()) return ReportError(program, options.status());
  if (options->help) {
    std::fputs(ServerUsage(program, model).c_str(), stdout);
    return 0;
  }

  ServerContext context;
  context.options = *options;
  context.name = program;
  UniqueFd root(open(options->root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) {
    return ReportError(program, absl::InvalidArgumentError(absl::StrFormat(
                                    "--root %s: %s", options->root, std::strerror(errno))));
  }
  context.root_fd = root.get();

  absl::StatusOr<std::unique_ptr<ResponseCounter>> counter =
      ResponseCounter::Create(options->requests, getpid());
  if (!counter.ok()) return ReportError(program, counter.status());
  context.counter = counter->get();

  // Handlers before the socket exists, so a stop request is never lost; the socket is
  // registered for shutdown as soon as it is open.
  InstallStopHandlers();
  ListenSocketOptions listen_options;
  listen_options.port = options->port;
  listen_options.reuse_port = mode == ListenMode::kPerWorker;
  listen_options.listen = mode == ListenMode::kShared;
  absl::StatusOr<UniqueFd> socket = OpenListenSocket(listen_options);
  if (!socket.ok()) return ReportError(program, socket.status());
  absl::StatusOr<int> port = BoundPort(socket->get());
  if (!port.ok()) return ReportError(program, port.status());
  context.options.port = *port;
  if (mode == ListenMode::kShared) {
    context.listen_fd = socket->get();
    SetStopListenFd(context.listen_fd);
    AnnounceListening(*port);
  }

  absl::Status status = serve(context);
  SetStopListenFd(-1);
  if (!status.ok()) return ReportError(program, status);
  std::printf("responses served: %lld\n", static_cast<long long>(context.counter->count()));
  std::fflush(stdout);
  return 0;
}

}  // namespace ctrace::workloads
