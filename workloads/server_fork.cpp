// ctrace-server-fork: a process per connection. The parent only accepts and forks; each
// child serves one connection and exits; the parent reaps children when SIGCHLD interrupts
// its accept(). A trace shows one new process per request, each a copy-on-write image of
// the parent, and the parent's wait4 calls.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <unordered_set>

#include "workloads/accept_loop.h"
#include "workloads/blocking_connection.h"
#include "workloads/server_main.h"
#include "workloads/stop_signal.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {
namespace {

// Only interrupts accept(); the reaping happens in the loop, where it may touch `children`.
void OnChild(int) {}

void ReapExited(std::unordered_set<pid_t>& children) {
  pid_t pid;
  while ((pid = waitpid(-1, nullptr, WNOHANG)) > 0) children.erase(pid);
}

absl::Status ServeFork(ServerContext& context) {
  struct sigaction sa {};
  sa.sa_handler = OnChild;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_NOCLDSTOP;  // no SA_RESTART: a child's exit wakes the parent from accept
  sigaction(SIGCHLD, &sa, nullptr);

  std::unordered_set<pid_t> children;
  const AcceptOptions accept{.before_each = [&children] { ReapExited(children); }};
  absl::Status status;
  while (true) {
    absl::StatusOr<UniqueFd> next = AcceptNext(context.listen_fd, accept);
    if (!next.ok()) status = next.status();
    if (!next.ok() || !next->valid()) break;
    UniqueFd connection = *std::move(next);
    // The child must not run the parent's stop handler (it would shut down the shared
    // listening socket), so the stop signals stay blocked across fork until the child has
    // put back the default action.
    pid_t pid;
    {
      ScopedBlockStopSignals blocked;
      pid = fork();
      if (pid == 0) ResetStopHandlersToDefault();
    }
    if (pid == 0) {
      close(context.listen_fd);
      prctl(PR_SET_NAME, "fork-child");
      ServeBlockingConnection(connection.get(), context);
      _exit(0);  // not exit(): the parent's stdio buffers and atexit work are not ours
    }
    if (pid < 0) continue;  // EAGAIN: too many processes; drop this connection
    children.insert(pid);
    // connection closes here: the child holds its own copy of the descriptor.
  }

  // Children serve one connection each and exit soon on their own; SIGTERM makes sure a
  // child stuck on a silent client does not hold up the stop.
  for (pid_t pid : children) kill(pid, SIGTERM);
  for (pid_t pid : children) {
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  return status;
}

}  // namespace
}  // namespace ctrace::workloads

int main(int argc, char** argv) {
  using namespace ctrace::workloads;
  return RunServer("ctrace-server-fork",
                   "fork: the parent accepts; a new child process serves each connection.",
                   ListenMode::kShared, argc, argv, ServeFork);
}
