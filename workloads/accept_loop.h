// Taking connections off a listening socket, the two ways the servers do it.
//   AcceptNext           blocking: the thread, fork, pool and prefork models sleep in
//                        accept() between connections
//   NonblockingAcceptor  the epoll and coroutine models, from a ready event
#ifndef CTRACE_WORKLOADS_ACCEPT_LOOP_H_
#define CTRACE_WORKLOADS_ACCEPT_LOOP_H_

#include <functional>

#include "absl/status/statusor.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

struct AcceptOptions {
  // Called before every accept(), retries included (the fork model reaps children there:
  // SIGCHLD interrupts the accept).
  std::function<void()> before_each;
  // Other processes share the socket (prefork): a stop in any of them shuts it down, which
  // this process sees only as EINVAL.
  bool shared_with_other_processes = false;
};

// Blocks for the next connection (close-on-exec), retrying what a busy server sees: EINTR,
// a connection aborted before it was taken, a brief shortage of descriptors or memory (after
// 10 ms, so connections in progress can finish and free some). Returns an invalid fd once a
// stop is requested, and the error that ends the loop otherwise.
absl::StatusOr<UniqueFd> AcceptNext(int listen_fd, const AcceptOptions& options = {});

// Accepts from a non-blocking listening socket, keeping a spare descriptor for when the
// process runs out: on EMFILE it gives the spare up, takes the pending connection and closes
// it, so level-triggered epoll does not report the socket ready forever (and the client is
// told, by the close, instead of waiting).
class NonblockingAcceptor {
 public:
  explicit NonblockingAcceptor(int listen_fd);
  // The next connection (non-blocking, close-on-exec), or -1 with errno set: EAGAIN when
  // none is pending, EINVAL once a stop shut the socket down.
  int Accept();

 private:
  int listen_fd_;
  UniqueFd spare_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_ACCEPT_LOOP_H_
