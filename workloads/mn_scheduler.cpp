#include "workloads/mn_scheduler.h"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_set>

#include "absl/strings/str_format.h"
#include "workloads/accept_loop.h"
#include "workloads/coro_http.h"
#include "workloads/coro_task.h"
#include "workloads/stop_signal.h"
#include "workloads/task_marks.h"

namespace ctrace::workloads {
namespace {

// epoll_event.data of the fds that are not waiters (a waiter is its address, never these).
constexpr uint64_t kListenTag = 1;
constexpr uint64_t kStopTag = 2;
constexpr uint64_t kWakeTag = 3;

// How many tasks a worker runs between looks at its epoll, so a worker that always has
// work still notices its sockets (and the stop).
constexpr int kTasksPerHarvest = 16;

}  // namespace

struct MnScheduler::Worker {
  explicit Worker(int i, int listen_fd) : index(i), acceptor(listen_fd) {}
  int index;
  UniqueFd epoll;
  UniqueFd wake;  // eventfd: another worker queued work it may steal
  std::mutex mu;  // guards queue and handed
  std::deque<Ready> queue;
  // A task another worker handed over while this one slept (HandOff): run before the queue
  // and never stolen, so the task is sure to move, whatever the CPUs are doing.
  std::optional<Ready> handed;
  std::atomic<bool> sleeping{false};
  NonblockingAcceptor acceptor;
  std::unordered_set<Waiter*> parked;  // waits registered on this epoll (its thread only)
  std::thread thread;
};

namespace {
thread_local MnScheduler::Worker* current_worker = nullptr;
}  // namespace

MnScheduler::MnScheduler(int workers) : workers_(static_cast<size_t>(workers)) {}
MnScheduler::~MnScheduler() = default;

bool MnScheduler::IoAwaitable::await_suspend(std::coroutine_handle<> handle) noexcept {
  waiter_.handle = handle;
  waiter_.task = TaskMarks::Current();
  waiter_.ready = false;
  if (!s_.Wait(fd_, events_, &waiter_)) return false;  // resumes at once, not ready
  TaskMarks::Suspend();
  return true;
}

bool MnScheduler::YieldAwaitable::await_suspend(std::coroutine_handle<> handle) noexcept {
  Worker* w = current_worker;
  if (w == nullptr) return false;
  const uint64_t task = TaskMarks::Current();
  TaskMarks::Suspend();
  if (!s_.HandOff(*w, Ready{handle, task})) s_.Push(*w, Ready{handle, task});
  return true;
}

bool MnScheduler::Wait(int fd, uint32_t events, Waiter* waiter) {
  Worker* w = current_worker;
  if (w == nullptr) return false;
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.ptr = waiter;
  std::lock_guard lock(fds_mu_);
  Worker*& owner = fd_owner_[fd];
  // A task that moved to this worker waits on this worker's epoll from now on.
  if (owner != nullptr && owner != w) epoll_ctl(owner->epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
  int op = owner == w ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(w->epoll.get(), op, fd, &ev) != 0) {
    owner = nullptr;
    return false;
  }
  owner = w;
  w->parked.insert(waiter);
  return true;
}

void MnScheduler::Forget(int fd) {
  std::lock_guard lock(fds_mu_);
  auto it = fd_owner_.find(fd);
  if (it == fd_owner_.end()) return;
  if (it->second != nullptr) epoll_ctl(it->second->epoll.get(), EPOLL_CTL_DEL, fd, nullptr);
  fd_owner_.erase(it);
}

void MnScheduler::Push(Worker& w, Ready r) {
  {
    std::lock_guard lock(w.mu);
    w.queue.push_back(r);
  }
  // Work for an idle worker to steal: wake one.
  if (idle_.load(std::memory_order_acquire) == 0) return;
  for (std::unique_ptr<Worker>& other : workers_) {
    if (other.get() != &w && other->sleeping.load(std::memory_order_acquire)) {
      Wake(*other);
      return;
    }
  }
}

void MnScheduler::Wake(Worker& w) {
  uint64_t one = 1;
  (void)!write(w.wake.get(), &one, sizeof(one));
}

bool MnScheduler::HandOff(Worker& from, Ready r) {
  if (idle_.load(std::memory_order_acquire) == 0) return false;
  for (std::unique_ptr<Worker>& other : workers_) {
    if (other.get() == &from || !other->sleeping.load(std::memory_order_acquire)) continue;
    {
      std::lock_guard lock(other->mu);
      if (other->handed) continue;  // already has one to run when it wakes
      other->handed = r;
    }
    Wake(*other);
    return true;
  }
  return false;
}

std::optional<MnScheduler::Ready> MnScheduler::PopLocal(Worker& w) {
  std::lock_guard lock(w.mu);
  if (w.handed) {
    Ready r = *w.handed;
    w.handed.reset();
    return r;
  }
  if (w.queue.empty()) return std::nullopt;
  Ready r = w.queue.front();
  w.queue.pop_front();
  return r;
}

std::optional<MnScheduler::Ready> MnScheduler::Steal(Worker& thief) {
  for (size_t k = 1; k < workers_.size(); ++k) {
    Worker& victim = *workers_[(static_cast<size_t>(thief.index) + k) % workers_.size()];
    std::deque<Ready> taken;
    {
      std::lock_guard lock(victim.mu);
      // Half of what is waiting (at least one), from the oldest.
      const size_t n = (victim.queue.size() + 1) / 2;
      for (size_t i = 0; i < n; ++i) {
        taken.push_back(victim.queue.front());
        victim.queue.pop_front();
      }
    }
    if (taken.empty()) continue;
    Ready first = taken.front();
    taken.pop_front();
    if (!taken.empty()) {
      std::lock_guard lock(thief.mu);
      thief.queue.insert(thief.queue.end(), taken.begin(), taken.end());
    }
    return first;
  }
  return std::nullopt;
}

void MnScheduler::RunReady(Worker& /*w*/, Ready r) {
  TaskMarks::Resume(r.task);
  r.handle.resume();  // until the task parks (TaskMarks::Suspend) or returns (End)
}

void MnScheduler::AcceptAll(Worker& w, int listen_fd, const ServerContext& context) {
  for (;;) {
    int fd = w.acceptor.Accept();
    if (fd < 0) return;  // EAGAIN: none left (another worker may have taken it). EINVAL: stop.
    const uint64_t task = TaskMarks::Create("connection");
    Push(w, Ready{Prepare(ServeClient(*this, fd, context, task)).handle, task});
  }
  (void)listen_fd;
}

void MnScheduler::Harvest(Worker& w, int timeout_ms) {
  epoll_event events[64];
  int n = epoll_wait(w.epoll.get(), events, 64, timeout_ms);
  for (int i = 0; i < n; ++i) {
    const uint64_t tag = events[i].data.u64;
    if (tag == kStopTag) {
      stopping_.store(true, std::memory_order_relaxed);
    } else if (tag == kWakeTag) {
      uint64_t count;
      (void)!read(w.wake.get(), &count, sizeof(count));
    } else if (tag == kListenTag) {
      AcceptAll(w, listen_fd_, *context_);
    } else {
      Waiter* waiter = static_cast<Waiter*>(events[i].data.ptr);
      w.parked.erase(waiter);
      waiter->ready = true;
      Push(w, Ready{waiter->handle, waiter->task});
    }
  }
}

void MnScheduler::WorkerLoop(Worker& w) {
  current_worker = &w;
  pthread_setname_np(pthread_self(), absl::StrFormat("mn-worker-%d", w.index).c_str());
  int since_harvest = 0;
  while (!stopping_.load(std::memory_order_relaxed) && !StopRequested()) {
    std::optional<Ready> r = PopLocal(w);
    if (!r) r = Steal(w);
    if (r) {
      RunReady(w, *r);
      if (++since_harvest >= kTasksPerHarvest) {
        Harvest(w, 0);
        since_harvest = 0;
      }
      continue;
    }
    // Nothing to run anywhere: sleep until a socket, a stop, or a worker with work to steal.
    w.sleeping.store(true, std::memory_order_release);
    idle_.fetch_add(1, std::memory_order_acq_rel);
    Harvest(w, -1);
    idle_.fetch_sub(1, std::memory_order_acq_rel);
    w.sleeping.store(false, std::memory_order_release);
    since_harvest = 0;
  }
  current_worker = nullptr;
}

absl::Status MnScheduler::Run(int listen_fd, const ServerContext& context) {
  listen_fd_ = listen_fd;
  context_ = &context;
  stop_fd_.Reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!stop_fd_.valid()) {
    return absl::InternalError(absl::StrFormat("eventfd: %s", std::strerror(errno)));
  }
  for (size_t i = 0; i < workers_.size(); ++i) {
    auto w = std::make_unique<Worker>(static_cast<int>(i), listen_fd);
    w->epoll.Reset(epoll_create1(EPOLL_CLOEXEC));
    w->wake.Reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!w->epoll.valid() || !w->wake.valid()) {
      return absl::InternalError(absl::StrFormat("epoll setup: %s", std::strerror(errno)));
    }
    const std::pair<int, uint64_t> fds[] = {
        {listen_fd, kListenTag}, {stop_fd_.get(), kStopTag}, {w->wake.get(), kWakeTag}};
    for (const auto& [fd, tag] : fds) {
      epoll_event ev{};
      // A new connection wakes one worker, not all of them (EPOLLEXCLUSIVE).
      ev.events = EPOLLIN | (fd == listen_fd ? static_cast<uint32_t>(EPOLLEXCLUSIVE) : 0u);
      ev.data.u64 = tag;
      if (epoll_ctl(w->epoll.get(), EPOLL_CTL_ADD, fd, &ev) != 0) {
        return absl::InternalError(absl::StrFormat("epoll_ctl: %s", std::strerror(errno)));
      }
    }
    workers_[i] = std::move(w);
  }
  SetStopWakeFd(stop_fd_.get());
  {
    // The stop signals stay with the main thread, which only waits here.
    ScopedBlockStopSignals blocked;
    for (std::unique_ptr<Worker>& w : workers_) {
      Worker* worker = w.get();
      w->thread = std::thread([this, worker] { WorkerLoop(*worker); });
    }
  }
  for (std::unique_ptr<Worker>& w : workers_) w->thread.join();
  SetStopWakeFd(-1);

  // Wind down on this thread: every task still parked or queued learns it is stopping and
  // returns, freeing its frame and closing its socket (no co_await suspends any more).
  stopping_.store(true, std::memory_order_relaxed);
  for (std::unique_ptr<Worker>& w : workers_) {
    std::vector<Waiter*> parked(w->parked.begin(), w->parked.end());
    w->parked.clear();
    for (Waiter* waiter : parked) RunReady(*w, Ready{waiter->handle, waiter->task});
    while (std::optional<Ready> r = PopLocal(*w)) RunReady(*w, *r);
  }
  return absl::OkStatus();
}

}  // namespace ctrace::workloads
