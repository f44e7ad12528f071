// The event loop under ctrace-server-coroutine: coroutines co_await a socket becoming
// readable or writable, and the reactor resumes them from epoll_wait. Everything runs on the
// calling thread; a suspended connection is a heap frame, not a kernel thread.
#ifndef CTRACE_WORKLOADS_CORO_REACTOR_H_
#define CTRACE_WORKLOADS_CORO_REACTOR_H_

#include <sys/epoll.h>

#include <coroutine>
#include <cstdint>
#include <unordered_map>

#include "absl/status/status.h"
#include "workloads/epoll_loop.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

class Reactor {
 public:
  // co_await Readable(fd) / Writable(fd): suspends until the fd is ready. Resumes with true,
  // or false if the reactor is stopping, in which case the coroutine should return.
  class IoAwaitable {
   public:
    IoAwaitable(Reactor& reactor, int fd, uint32_t events)
        : reactor_(reactor), fd_(fd), events_(events) {}
    bool await_ready() const noexcept { return reactor_.stopping_; }
    bool await_suspend(std::coroutine_handle<> handle) noexcept;
    bool await_resume() const noexcept { return ready_; }

   private:
    Reactor& reactor_;
    int fd_;
    uint32_t events_;
    bool ready_ = false;
  };

  absl::Status Init();
  IoAwaitable Readable(int fd) { return IoAwaitable(*this, fd, EPOLLIN); }
  IoAwaitable Writable(int fd) { return IoAwaitable(*this, fd, EPOLLOUT); }
  // One thread, one reactor: a task that yields just goes on (nothing else could run on
  // another thread meanwhile; its socket is still writable).
  std::suspend_never Yield() { return {}; }
  // Drops `fd` from the reactor; call it before closing the fd.
  void Forget(int fd);
  // Resumes coroutines as their fds become ready until a stop is requested, then resumes
  // every one still waiting with false so each can finish and free its frame.
  absl::Status Run();

 private:
  struct Waiter {
    std::coroutine_handle<> handle;
    bool* ready = nullptr;
    uint32_t generation = 0;
    uint64_t task = 0;  // the task it belongs to (task_marks.h), 0: none
  };
  // Registers one wait (EPOLLONESHOT: a readiness wakes exactly one resume). False if epoll
  // refused the fd.
  bool Wait(int fd, uint32_t events, std::coroutine_handle<> handle, bool* ready);
  void Resume(Waiter waiter, bool ready);

  EpollLoop loop_;
  bool stopping_ = false;
  // Every wait gets a new generation, carried in the epoll event next to the fd, so an event
  // from an earlier wait on a since-reused fd number is recognised and dropped.
  uint32_t next_generation_ = 1;
  std::unordered_map<int, Waiter> waiters_;
  std::unordered_map<int, bool> registered_;  // fd -> added to epoll
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_CORO_REACTOR_H_
