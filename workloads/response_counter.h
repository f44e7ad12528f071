// Counts finished responses across all of a server's threads and processes, for --requests
// and for the "responses served: N" line at exit.
#ifndef CTRACE_WORKLOADS_RESPONSE_COUNTER_H_
#define CTRACE_WORKLOADS_RESPONSE_COUNTER_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"

namespace ctrace::workloads {

class ResponseCounter {
 public:
  // `limit` 0 means no limit. `server_pid` is the server's first process.
  static absl::StatusOr<std::unique_ptr<ResponseCounter>> Create(int64_t limit, pid_t server_pid);
  ~ResponseCounter();
  ResponseCounter(const ResponseCounter&) = delete;
  ResponseCounter& operator=(const ResponseCounter&) = delete;

  // Counts one response written in full. The one that reaches the limit sends SIGTERM to the
  // server's first process: every model, threaded or forked, then stops the way it stops on
  // Ctrl-C, and a forked child needs no other channel to its parent.
  void Count();
  int64_t count() const { return shared_->load(); }

 private:
  ResponseCounter(std::atomic<int64_t>* shared, int64_t limit, pid_t server_pid)
      : shared_(shared), limit_(limit), server_pid_(server_pid) {}

  // In a MAP_SHARED mapping made before any fork, so children count into the same place.
  std::atomic<int64_t>* shared_;
  int64_t limit_;
  pid_t server_pid_;
};

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_RESPONSE_COUNTER_H_
