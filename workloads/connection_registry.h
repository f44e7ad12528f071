// The connections the threaded models are serving right now. On stop, the main thread shuts
// them all down so workers blocked in recv() on a silent client return at once, and waits for
// them to finish.
#ifndef CTRACE_WORKLOADS_CONNECTION_REGISTRY_H_
#define CTRACE_WORKLOADS_CONNECTION_REGISTRY_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <unordered_set>

namespace ctrace::workloads {

class ConnectionRegistry {
 public:
  // False once stopping: the caller should close the connection instead of serving it.
  bool Add(int fd);
  void Remove(int fd);
  // shutdown(2)s every registered connection and refuses new ones.
  void ShutdownAll();
  // Waits until no connection is registered, at most `limit`. True if none is left.
  bool WaitUntilEmpty(std::chrono::milliseconds limit);

 private:
  std::mutex mu_;
  std::condition_variable empty_;
  std::unordered_set<int> fds_;
  bool stopping_ = false;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_CONNECTION_REGISTRY_H_
