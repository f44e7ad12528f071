// The hand-off between the pool's accepting thread and its workers: a bounded FIFO of
// accepted sockets guarded by one mutex, with a condition variable each way. In a trace,
// idle workers sleep in futex (the condvar wait) and the acceptor's push wakes one of them.
#ifndef CTRACE_WORKLOADS_CONNECTION_QUEUE_H_
#define CTRACE_WORKLOADS_CONNECTION_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace ctrace::workloads {

class ConnectionQueue {
 public:
  explicit ConnectionQueue(size_t capacity) : capacity_(capacity) {}
  ~ConnectionQueue();  // closes sockets still queued

  // Blocks while the queue is full: the acceptor then stops accepting and the kernel's
  // listen backlog absorbs the burst. False once closed (the caller keeps the fd).
  bool Push(int fd);
  // Blocks until a socket is queued; nullopt once closed and empty.
  std::optional<int> Pop();
  // Wakes everyone; Push refuses from now on and Pop drains what is left.
  void Close();

 private:
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<int> fds_;
  size_t capacity_;
  bool closed_ = false;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_CONNECTION_QUEUE_H_
