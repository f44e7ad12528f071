// The event loop under the epoll server and the coroutine reactor: an epoll instance with an
// eventfd the stop handler writes (so a stop that lands just before epoll_wait still wakes
// it), and epoll_wait until a stop is requested, each ready event handed on.
#ifndef CTRACE_WORKLOADS_EPOLL_LOOP_H_
#define CTRACE_WORKLOADS_EPOLL_LOOP_H_

#include <sys/epoll.h>

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "workloads/unique_fd.h"

namespace ctrace::workloads {

class EpollLoop {
 public:
  // epoll_event.data of the stop eventfd: callers tag their own fds with anything else.
  static constexpr uint64_t kStopTag = ~0ull - 1;

  absl::Status Init();
  int fd() const { return epoll_.get(); }
  // Returns once a stop is requested (ok), or epoll_wait's error. The stop eventfd's events
  // and events after a stop in the same batch are not handed on.
  absl::Status Run(const std::function<void(const epoll_event&)>& on_event);

 private:
  UniqueFd epoll_;
  UniqueFd wake_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_EPOLL_LOOP_H_
