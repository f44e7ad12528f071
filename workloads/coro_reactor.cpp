#include "workloads/coro_reactor.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/stop_signal.h"

namespace ctrace::workloads {
namespace {

constexpr uint64_t kWakeTag = ~0ull;

uint64_t EventTag(int fd, uint32_t generation) {
  return (static_cast<uint64_t>(generation) << 32) | static_cast<uint32_t>(fd);
}

}  // namespace

bool Reactor::IoAwaitable::await_suspend(std::coroutine_handle<> handle) noexcept {
  // Returning false resumes the coroutine at once, with ready_ still false.
  return reactor_.Wait(fd_, events_, handle, &ready_);
}

absl::Status Reactor::Init() {
  epoll_.Reset(epoll_create1(EPOLL_CLOEXEC));
  wake_.Reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!epoll_.valid() || !wake_.valid()) {
    return absl::InternalError(absl::StrFormat("epoll setup: %s", std::strerror(errno)));
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeTag;
  epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev);
  return absl::OkStatus();
}

bool Reactor::Wait(int fd, uint32_t events, std::coroutine_handle<> handle, bool* ready) {
  uint32_t generation = next_generation_++;
  if (next_generation_ == 0) next_generation_ = 1;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.u64 = EventTag(fd, generation);
  auto [it, added] = registered_.try_emplace(fd, true);
  int op = added ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(epoll_.get(), op, fd, &ev) != 0) {
    if (added) registered_.erase(it);
    return false;
  }
  waiters_[fd] = Waiter{handle, ready, generation};
  return true;
}

void Reactor::Forget(int fd) {
  waiters_.erase(fd);
  if (registered_.erase(fd) > 0) epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void Reactor::Resume(Waiter waiter, bool ready) {
  *waiter.ready = ready;
  waiter.handle.resume();  // runs the coroutine until its next co_await or its end
}

absl::Status Reactor::Run() {
  SetStopWakeFd(wake_.get());
  absl::Status status;
  epoll_event events[64];
  while (!StopRequested()) {
    int n = epoll_wait(epoll_.get(), events, 64, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      status = absl::InternalError(absl::StrFormat("epoll_wait: %s", std::strerror(errno)));
      break;
    }
    for (int i = 0; i < n; ++i) {
      uint64_t tag = events[i].data.u64;
      if (tag == kWakeTag) continue;  // a stop request; the loop condition sees it
      int fd = static_cast<int>(tag & 0xffffffffu);
      auto it = waiters_.find(fd);
      if (it == waiters_.end() || it->second.generation != tag >> 32) continue;
      Waiter waiter = it->second;
      waiters_.erase(it);  // before resuming: the coroutine may wait on this fd again
      Resume(waiter, true);
    }
  }
  SetStopWakeFd(-1);
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
