// The scheduler under ctrace-server-mn: the notes' M:N model (Tokio's), many coroutine tasks
// on N worker threads. Each worker has its own epoll reactor and run queue of ready tasks; a
// task waits for its socket on the epoll of the worker it runs on, and is queued there when
// the socket is ready. A worker with nothing to run steals half the queue of a busy one, so a
// task may run on one thread, wait, and continue on another: the trace shows tasks moving
// between threads. Every worker accepts (EPOLLEXCLUSIVE), and a new connection's task is
// queued on the worker that accepted it, not run at once, so a burst of connections on one
// worker is work for the others to steal. A task that yields is handed to a sleeping worker
// if there is one (work sharing): stealing alone is a race the yielding worker wins whenever
// the woken one is not yet on a CPU (always, on one busy CPU), and then no task ever moves.
#ifndef CTRACE_WORKLOADS_MN_SCHEDULER_H_
#define CTRACE_WORKLOADS_MN_SCHEDULER_H_

#include <sys/epoll.h>

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "workloads/server_main.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

class MnScheduler {
 public:
  struct Worker;

  // A coroutine parked until its socket is ready: it lives in the coroutine's frame.
  struct Waiter {
    std::coroutine_handle<> handle;
    uint64_t task = 0;  // task_marks.h id
    bool ready = false;
  };

  // co_await Readable(fd) / Writable(fd): true once ready, false if the server is stopping.
  class IoAwaitable {
   public:
    IoAwaitable(MnScheduler& s, int fd, uint32_t events) : s_(s), fd_(fd), events_(events) {}
    bool await_ready() const noexcept { return s_.stopping_.load(std::memory_order_relaxed); }
    bool await_suspend(std::coroutine_handle<> handle) noexcept;
    bool await_resume() const noexcept { return waiter_.ready; }

   private:
    MnScheduler& s_;
    int fd_;
    uint32_t events_;
    Waiter waiter_;
  };

  explicit MnScheduler(int workers);
  ~MnScheduler();

  IoAwaitable Readable(int fd) { return IoAwaitable(*this, fd, EPOLLIN); }
  IoAwaitable Writable(int fd) { return IoAwaitable(*this, fd, EPOLLOUT); }
  // co_await Yield(): to a sleeping worker, which is woken to run it, or else back to the end
  // of this worker's run queue, where an idle worker may steal it.
  class YieldAwaitable {
   public:
    explicit YieldAwaitable(MnScheduler& s) : s_(s) {}
    bool await_ready() const noexcept { return s_.stopping_.load(std::memory_order_relaxed); }
    bool await_suspend(std::coroutine_handle<> handle) noexcept;
    void await_resume() const noexcept {}

   private:
    MnScheduler& s_;
  };
  YieldAwaitable Yield() { return YieldAwaitable(*this); }
  // Drops `fd` from whichever epoll it waits on; call it before closing the fd.
  void Forget(int fd);

  // Runs the workers until a stop is requested, serving connections accepted from
  // `listen_fd` (non-blocking) with ServeClient; then winds every parked task down.
  absl::Status Run(int listen_fd, const ServerContext& context);

 private:
  struct Ready {
    std::coroutine_handle<> handle;
    uint64_t task;
  };

  void WorkerLoop(Worker& w);
  void AcceptAll(Worker& w, int listen_fd, const ServerContext& context);
  void RunReady(Worker& w, Ready r);
  std::optional<Ready> PopLocal(Worker& w);
  std::optional<Ready> Steal(Worker& thief);
  void Push(Worker& w, Ready r);
  // Ends `w`'s epoll_wait (its eventfd).
  void Wake(Worker& w);
  // Gives `r` to a sleeping worker other than `from` and wakes it; false if none sleeps.
  bool HandOff(Worker& from, Ready r);
  // Epoll events on `w`: ready waiters go to its queue, new connections are accepted, a stop
  // is noted.
  void Harvest(Worker& w, int timeout_ms);
  // Registers a wait on the calling worker's epoll (moving the fd from another worker's).
  bool Wait(int fd, uint32_t events, Waiter* waiter);

  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> idle_{0};  // workers asleep in epoll_wait with nothing to run
  UniqueFd stop_fd_;          // written by the stop handler; in every worker's epoll
  int listen_fd_ = -1;
  const ServerContext* context_ = nullptr;
  // Which worker's epoll each waiting fd is registered on.
  std::mutex fds_mu_;
  std::unordered_map<int, Worker*> fd_owner_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_MN_SCHEDULER_H_
