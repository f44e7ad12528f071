#include "workloads/connection_queue.h"

#include <unistd.h>

namespace ctrace::workloads {

ConnectionQueue::~ConnectionQueue() {
  for (int fd : fds_) close(fd);
}

bool ConnectionQueue::Push(int fd) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [this] { return closed_ || fds_.size() < capacity_; });
  if (closed_) return false;
  fds_.push_back(fd);
  // One connection, one worker: notify_one avoids waking the whole pool to race for it.
  not_empty_.notify_one();
  return true;
}

std::optional<int> ConnectionQueue::Pop() {
  std::unique_lock lock(mu_);
  not_empty_.wait(lock, [this] { return closed_ || !fds_.empty(); });
  if (fds_.empty()) return std::nullopt;
  int fd = fds_.front();
  fds_.pop_front();
  not_full_.notify_one();
  return fd;
}

void ConnectionQueue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  not_empty_.notify_all();
  not_full_.notify_all();
}

}  // namespace ctrace::workloads
