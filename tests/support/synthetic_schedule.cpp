#include "tests/support/synthetic_schedule.h"

#include <algorithm>
#include <deque>
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/syscall_table.h"
#include "tests/support/event_builders.h"

namespace ctrace::testing {
namespace {

struct SimThread {
  int32_t tid;
  int32_t pid;
  enum { kBlocked, kQueued, kOnCpu } state = kBlocked;
  bool in_epoll = false;
};

class Simulation {
 public:
  Simulation(const SyntheticScheduleOptions& o, absl::FunctionRef<absl::Status(const Event&)> emit,
             absl::FunctionRef<uint32_t(const std::string&)> intern)
      : emit_(emit),
        intern_(intern),
        o_(o),
        current_(static_cast<size_t>(o.cpus), -1),
        queue_(static_cast<size_t>(o.cpus)) {
    const int processes = (o.threads + o.threads_per_process - 1) / o.threads_per_process;
    tasks_per_process_ = o.tasks > 0 ? std::max(1, o.tasks / processes) : 0;
    next_task_.assign(static_cast<size_t>(processes), 0);
    tasks_created_.assign(static_cast<size_t>(processes), 0);
  }

  absl::Status Run() {
    for (int i = 0; i < o_.threads; ++i) {
      int proc = i / o_.threads_per_process;
      int32_t pid = 1000 + proc * o_.threads_per_process;
      threads_.push_back({1000 + i, pid});
      // Processes form a binary tree under process 0, whose parent is outside the trace.
      int32_t ppid = proc == 0 ? 1 : 1000 + ((proc - 1) / 2) * o_.threads_per_process;
      Event e = Make(EventKind::kThreadSnapshot, 0, threads_[static_cast<size_t>(i)].tid, pid);
      uint32_t comm = intern_(i % o_.threads_per_process == 0 ? absl::StrCat("server-", proc)
                                                              : absl::StrCat("worker-", i));
      e.snapshot = {ppid, comm};
      if (absl::Status s = Emit(e); !s.ok()) return s;
    }
    while (count_ < o_.events) {
      if (absl::Status s = Step(static_cast<uint16_t>(rng_() % static_cast<uint64_t>(o_.cpus)));
          !s.ok()) {
        return s;
      }
    }
    return status_;
  }
  uint64_t now() const { return ts_; }

 private:
  Event Make(EventKind kind, uint16_t cpu, int32_t tid, int32_t pid) {
    return Base(ts_, kind, cpu, tid, pid);
  }
  absl::Status Emit(const Event& e) {
    ++count_;
    return emit_(e);
  }
  int RandomBlocked() {
    for (int tries = 0; tries < 8; ++tries) {
      int i = static_cast<int>(rng_() % threads_.size());
      if (threads_[static_cast<size_t>(i)].state == SimThread::kBlocked) return i;
    }
    return -1;
  }
  // A futex sleep's word: one of 16 per process, in turn (not from the random stream, which
  // keeps the schedule the same as before futex words were added).
  uint64_t FutexWord(const SimThread& t, int32_t syscall) {
    if (syscall != syscall_nr::kFutex) return 0;
    return 0x7f00'0000'1000 + static_cast<uint64_t>((t.tid + futex_sleeps_++) % 16) * 64;
  }
  void SwitchTo(uint16_t cpu, int prev, uint32_t prev_state, bool preempt, int32_t syscall,
                uint64_t futex_word = 0) {
    int next = -1;
    if (!queue_[cpu].empty()) {
      next = queue_[cpu].front();
      queue_[cpu].pop_front();
    }
    if (prev < 0 && next < 0) return;
    SimThread* p = prev < 0 ? nullptr : &threads_[static_cast<size_t>(prev)];
    SimThread* n = next < 0 ? nullptr : &threads_[static_cast<size_t>(next)];
    Event e = Make(EventKind::kSchedSwitch, cpu, p ? p->tid : 0, p ? p->pid : 0);
    e.sched_switch = {prev_state, static_cast<uint8_t>(preempt), syscall, n ? n->tid : 0,
                      n ? n->pid : 0};
    if (futex_word != 0) {
      e.sched_switch.wait_args[0] = static_cast<int64_t>(futex_word);
      e.sched_switch.wait_args[1] = 0x80;  // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
    }
    Keep(Emit(e));
    current_[cpu] = next;
    if (n != nullptr) {
      n->state = SimThread::kOnCpu;
      if (n->in_epoll) {
        n->in_epoll = false;
        ts_ += 300;
        Event x = Make(EventKind::kSyscallExit, cpu, n->tid, n->pid);
        x.syscall_exit = {syscall_nr::kEpollWait, static_cast<int64_t>(rng_() % 4)};
        Keep(Emit(x));
      }
    }
  }
  void Wake(uint16_t cpu, int waker, int wakee) {
    SimThread& w = threads_[static_cast<size_t>(wakee)];
    uint16_t target = static_cast<uint16_t>(rng_() % static_cast<uint64_t>(o_.cpus));
    int32_t waker_tid = waker < 0 ? 0 : threads_[static_cast<size_t>(waker)].tid;
    int32_t waker_pid = waker < 0 ? 0 : threads_[static_cast<size_t>(waker)].pid;
    Event e = Make(EventKind::kSchedWaking, cpu, w.tid, w.pid);
    e.wakeup = {waker_tid, waker_pid, target};
    Keep(Emit(e));
    ts_ += 50;
    Event e2 = Make(EventKind::kSchedWakeup, target, w.tid, w.pid);
    e2.wakeup = {waker_tid, waker_pid, target};
    Keep(Emit(e2));
    w.state = SimThread::kQueued;
    queue_[target].push_back(wakee);
  }
  absl::Status Step(uint16_t cpu) {
    ts_ += 200 + rng_() % 1800;
    int cur = current_[cpu];
    if (cur < 0) {
      if (queue_[cpu].empty()) {
        int w = RandomBlocked();
        if (w >= 0) Wake(cpu, -1, w);  // an interrupt
      } else {
        SwitchTo(cpu, -1, 0, false, kNoSyscall);
      }
      return status_;
    }
    if (tasks_per_process_ > 0 && rng_() % 2 == 0) {
      for (int i = 0; i < o_.task_switches_per_step; ++i) SwitchTask(cpu, cur);
    }
    uint64_t r = rng_() % 100;
    if (r < 40) {
      int w = RandomBlocked();
      if (w >= 0) Wake(cpu, cur, w);
    } else if (r < 75) {
      SimThread& t = threads_[static_cast<size_t>(cur)];
      int32_t sc = syscall_nr::kFutex;
      uint64_t kind = rng_() % 3;
      if (kind == 1) {
        sc = syscall_nr::kEpollWait;
        Event x = Make(EventKind::kSyscallEnter, cpu, t.tid, t.pid);
        x.syscall_enter.nr = sc;
        x.syscall_enter.args[0] = 4;  // epfd, maxevents, timeout_ns
        x.syscall_enter.args[1] = 64;
        x.syscall_enter.args[2] = 1'000'000;
        Keep(Emit(x));
        t.in_epoll = true;
        ts_ += 200;
      } else if (kind == 2) {
        sc = syscall_nr::kRead;
      }
      t.state = SimThread::kBlocked;
      SwitchTo(cpu, cur, kTaskInterruptible, false, sc, FutexWord(t, sc));
    } else if (!queue_[cpu].empty()) {
      threads_[static_cast<size_t>(cur)].state = SimThread::kQueued;
      queue_[cpu].push_back(cur);
      SwitchTo(cpu, cur, 0, true, kNoSyscall);
    }
    return status_;
  }
  // Thread `cur` resumes its process's next task (which suspends the one it ran).
  void SwitchTask(uint16_t cpu, int cur) {
    const SimThread& t = threads_[static_cast<size_t>(cur)];
    const size_t proc = static_cast<size_t>(cur / o_.threads_per_process);
    const int index = next_task_[proc];
    next_task_[proc] = (index + 1) % tasks_per_process_;
    const uint64_t id = static_cast<uint64_t>(index) + 1;  // ids are per process
    if (index >= tasks_created_[proc]) {
      tasks_created_[proc] = index + 1;
      Keep(Emit(TaskEvent(ts_, cpu, t.tid, t.pid, EventKind::kTaskCreate, id)));
    }
    ts_ += 20;
    Keep(Emit(TaskEvent(ts_, cpu, t.tid, t.pid, EventKind::kTaskResume, id)));
    ts_ += 20;
  }
  void Keep(absl::Status s) {
    if (status_.ok()) status_ = std::move(s);
  }

  absl::FunctionRef<absl::Status(const Event&)> emit_;
  absl::FunctionRef<uint32_t(const std::string&)> intern_;
  SyntheticScheduleOptions o_;
  std::mt19937_64 rng_{42};
  uint64_t ts_ = kSyntheticStartNs;
  uint64_t futex_sleeps_ = 0;
  size_t count_ = 0;
  std::vector<SimThread> threads_;
  std::vector<int> current_;
  std::vector<std::deque<int>> queue_;
  int tasks_per_process_ = 0;
  std::vector<int> next_task_;      // by process
  std::vector<int> tasks_created_;  // by process
  absl::Status status_;
};

}  // namespace

absl::Status GenerateSyntheticSchedule(const SyntheticScheduleOptions& options,
                                       absl::FunctionRef<absl::Status(const Event&)> emit,
                                       absl::FunctionRef<uint32_t(const std::string&)> intern,
                                       uint64_t* end_ns) {
  Simulation sim(options, emit, intern);
  if (absl::Status s = sim.Run(); !s.ok()) return s;
  *end_ns = sim.now();
  return absl::OkStatus();
}

}  // namespace ctrace::testing
