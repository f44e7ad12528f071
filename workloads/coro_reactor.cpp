#include "workloads/coro_reactor.h"

#include <unistd.h>

#include <cerrno>

#include "workloads/epoll_loop.h"
#include "workloads/stop_signal.h"
#include "workloads/task_marks.h"

namespace ctrace::workloads {
namespace {

uint64_t EventTag(int fd, uint32_t generation) {
  return (static_cast<uint64_t>(generation) << 32) | static_cast<uint32_t>(fd);
}

}  // namespace

bool Reactor::IoAwaitable::await_suspend(std::coroutine_handle<> handle) noexcept {
  // Returning false resumes the coroutine at once, with ready_ still false.
  if (!reactor_.Wait(fd_, events_, handle, &ready_)) return false;
  TaskMarks::Suspend();  // it parks: back to the reactor, or to whoever spawned it
  return true;
}

absl::Status Reactor::Init() { return loop_.Init(); }

bool Reactor::Wait(int fd, uint32_t events, std::coroutine_handle<> handle, bool* ready) {
  uint32_t generation = next_generation_++;
  if (next_generation_ == 0) next_generation_ = 1;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.u64 = EventTag(fd, generation);
  auto [it, added] = registered_.try_emplace(fd, true);
  int op = added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(loop_.fd(), op, fd, &ev) != 0) {
    if (added) registered_.erase(it);
    return false;
  }
  waiters_[fd] = Waiter{handle, ready, generation, TaskMarks::Current()};
  return true;
}

void Reactor::Forget(int fd) {
  waiters_.erase(fd);
  if (registered_.erase(fd) > 0) epoll_ctl(loop_.fd(), EPOLL_CTL_DEL, fd, nullptr);
}

void Reactor::Resume(Waiter waiter, bool ready) {
  *waiter.ready = ready;
  TaskMarks::Resume(waiter.task);
  waiter.handle.resume();  // runs the coroutine until its next co_await or its end
}

absl::Status Reactor::Run() {
  absl::Status status = loop_.Run([this](const epoll_event& e) {
    uint64_t tag = e.data.u64;
    int fd = static_cast<int>(tag & 0xffffffffu);
    auto it = waiters_.find(fd);
    if (it == waiters_.end() || it->second.generation != tag >> 32) return;
    Waiter waiter = it->second;
    waiters_.erase(it);  // before resuming: the coroutine may wait on this fd again
    Resume(waiter, true);
  });
  // Wind down: every suspended coroutine learns it is stopping and returns, freeing its
  // frame and closing its socket. await_ready() is true from now on, so none suspends again.
  stopping_ = true;
  while (!waiters_.empty()) {
    auto it = waiters_.begin();
    Waiter waiter = it->second;
    waiters_.erase(it);
    Resume(waiter, false);
  }
  return status;
}

}  // namespace ctrace::workloads
