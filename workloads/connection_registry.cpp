#include "workloads/connection_registry.h"

#include <sys/socket.h>

namespace ctrace::workloads {

bool ConnectionRegistry::Add(int fd) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  fds_.insert(fd);
  return true;
}

void ConnectionRegistry::Remove(int fd) {
  std::lock_guard lock(mu_);
  // Removed before the fd is closed, so ShutdownAll never touches a reused descriptor.
  fds_.erase(fd);
  if (fds_.empty()) empty_.notify_all();
}

void ConnectionRegistry::ShutdownAll() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  for (int fd : fds_) shutdown(fd, SHUT_RDWR);
}

bool ConnectionRegistry::WaitUntilEmpty(std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  return empty_.wait_for(lock, limit, [this] { return fds_.empty(); });
}

}  // namespace ctrace::workloads
