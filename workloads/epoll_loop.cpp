#include "workloads/epoll_loop.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_format.h"
#include "workloads/stop_signal.h"

namespace ctrace::workloads {

absl::Status EpollLoop::Init() {
  epoll_.Reset(epoll_create1(EPOLL_CLOEXEC));
  wake_.Reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!epoll_.valid() || !wake_.valid()) {
    return absl::InternalError(absl::StrFormat("epoll setup: %s", std::strerror(errno)));
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kStopTag;
  epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wake_.get(), &ev);
  return absl::OkStatus();
}

absl::Status EpollLoop::Run(const std::function<void(const epoll_event&)>& on_event) {
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
    for (int i = 0; i < n && !StopRequested(); ++i) {
      if (events[i].data.u64 != kStopTag) on_event(events[i]);
    }
  }
  SetStopWakeFd(-1);
  return status;
}

}  // namespace ctrace::workloads
