#include "workloads/response_counter.h"

#include <signal.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "absl/strings/str_format.h"

namespace ctrace::workloads {

static_assert(std::atomic<int64_t>::is_always_lock_free,
              "a lock-free atomic works across processes in shared memory");

absl::StatusOr<std::unique_ptr<ResponseCounter>> ResponseCounter::Create(int64_t limit,
                                                                         pid_t server_pid) {
  void* mem = mmap(nullptr, sizeof(std::atomic<int64_t>), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    return absl::InternalError(absl::StrFormat("mmap: %s", std::strerror(errno)));
  }
  auto* shared = new (mem) std::atomic<int64_t>(0);
  return std::unique_ptr<ResponseCounter>(new ResponseCounter(shared, limit, server_pid));
}

ResponseCounter::~ResponseCounter() { munmap(shared_, sizeof(*shared_)); }

void ResponseCounter::Count() {
  int64_t now = shared_->fetch_add(1) + 1;
  if (limit_ > 0 && now == limit_) kill(server_pid_, SIGTERM);
}

}  // namespace ctrace::workloads
