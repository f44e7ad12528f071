// The connection coroutine both coroutine servers run: the blocking server's job (read the
// request, open the file, write the head, write the file) written straight through, with
// every "would block" a co_await that parks the frame until the scheduler sees the socket
// ready. `Scheduler` is the single-threaded Reactor (coro_reactor.h) or the M:N scheduler
// (mn_scheduler.h): anything with Readable(fd), Writable(fd), Yield() and Forget(fd).
#ifndef CTRACE_WORKLOADS_CORO_HTTP_H_
#define CTRACE_WORKLOADS_CORO_HTTP_H_

#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string_view>

#include "workloads/coro_task.h"
#include "workloads/http_request.h"
#include "workloads/http_response.h"
#include "workloads/server_main.h"
#include "workloads/task_marks.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

// A connection's socket: leaves the scheduler before it is closed, however the coroutine
// ends.
template <typename Scheduler>
class ScheduledSocket {
 public:
  ScheduledSocket(Scheduler& scheduler, int fd) : scheduler_(scheduler), fd_(fd) {}
  ~ScheduledSocket() { scheduler_.Forget(fd_.get()); }
  ScheduledSocket(const ScheduledSocket&) = delete;
  ScheduledSocket& operator=(const ScheduledSocket&) = delete;

 private:
  Scheduler& scheduler_;
  UniqueFd fd_;
};

template <typename Scheduler>
Task<bool> SendAll(Scheduler& scheduler, int fd, std::string_view bytes, bool more_follows) {
  while (!bytes.empty()) {
    int flags = MSG_NOSIGNAL | (more_follows ? MSG_MORE : 0);
    ssize_t n = send(fd, bytes.data(), bytes.size(), flags);
    if (n >= 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      bool writable = co_await scheduler.Writable(fd);
      if (!writable) co_return false;
    } else if (errno != EINTR) {
      co_return false;  // EPIPE / ECONNRESET: the client left
    }
  }
  co_return true;
}

// A task that could send a large file in one go gives the others a turn every this much
// (co_await Yield(): Tokio's cooperative budget; on the M:N scheduler another worker may pick
// the task up meanwhile).
inline constexpr uint64_t kSendSlice = 256 * 1024;

template <typename Scheduler>
Task<bool> SendFile(Scheduler& scheduler, int fd, int file_fd, uint64_t size) {
  off_t offset = 0;
  while (static_cast<uint64_t>(offset) < size) {
    const uint64_t left = size - static_cast<uint64_t>(offset);
    ssize_t n = sendfile(fd, file_fd, &offset, std::min(left, kSendSlice));
    if (n > 0) {
      if (static_cast<uint64_t>(offset) < size) co_await scheduler.Yield();
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      bool writable = co_await scheduler.Writable(fd);
      if (!writable) co_return false;
    } else if (n == 0 || errno != EINTR) {
      co_return false;
    }
  }
  co_return true;
}

// Serves the connection on `fd` (non-blocking), which it owns, as task `task` (task_marks.h):
// current from the coroutine's first step, ended when it returns.
template <typename Scheduler>
Task<> ServeClient(Scheduler& scheduler, int fd, const ServerContext& context, uint64_t task) {
  struct Marks {
    explicit Marks(uint64_t id) { TaskMarks::Resume(id); }
    ~Marks() { TaskMarks::End(); }
  } marks(task);
  ScheduledSocket<Scheduler> socket(scheduler, fd);
  // 1. Receive the request.
  RequestParser parser;
  char buf[4096];
  while (parser.status() == ParseStatus::kIncomplete) {
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n > 0) {
      parser.Feed(std::string_view(buf, static_cast<size_t>(n)));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      bool readable = co_await scheduler.Readable(fd);
      if (!readable) co_return;
    } else if (n == 0 || errno != EINTR) {
      co_return;  // closed or reset before a whole request head
    }
  }
  // 2. Open the file. 3. Write the head. 4. Write the file.
  ResponsePlan plan =
      PlanResponse(parser.status(), parser.request(), context.root_fd, context.name);
  // Each co_await gets its own statement: GCC 12 has mishandled coroutine temporaries inside
  // larger conditions, and the plain form costs nothing.
  bool sent = co_await SendAll(scheduler, fd, plan.head, plan.file.valid());
  if (sent) sent = co_await SendAll(scheduler, fd, plan.body, false);
  if (sent && plan.file.valid()) {
    sent = co_await SendFile(scheduler, fd, plan.file.get(), plan.file_size);
  }
  if (sent) context.counter->Count();
}

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_CORO_HTTP_H_
