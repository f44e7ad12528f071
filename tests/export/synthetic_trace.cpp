#include "tests/export/synthetic_trace.h"

#include <memory>

#include "format/syscall_table.h"
#include "format/trace_writer.h"
#include "tests/support/event_builders.h"

namespace ctrace::testing {
namespace {

enum StringId : uint32_t { kLauncher = 1, kServer, kWorker, kServerPath, kArgv };
constexpr int kProcesses = 8;
constexpr int kThreadsPerProcess = 12;
constexpr int32_t kUntracedTid = 777;  // a thread of another program, preempting ours

}  // namespace

const std::vector<std::string>& SyntheticTrace::Strings() {
  static const std::vector<std::string> strings = {
      "",       "launcher",        "server",
      "worker", "/usr/bin/server", std::string("server\0-j\08", sizeof("server\0-j\08") - 1)};
  return strings;
}

TraceHeader SyntheticTrace::Header() {
  TraceHeader h;
  h.start_monotonic_ns = 5'000'000'000;
  h.start_realtime_ns = 1'750'000'000'000'000'000;
  h.hostname = "synthetic";
  h.kernel_release = "6.18.0";
  h.command = {"/usr/bin/server", "-j", "8"};
  h.cpu_count = kCpus;
  h.recorder = "ctrace test";
  return h;
}

SyntheticTrace::SyntheticTrace(uint64_t seed) : rng_(seed) {}

Event SyntheticTrace::Make(EventKind kind, uint16_t cpu, const SimThread& t) {
  return Base(ts_, kind, cpu, t.tid, t.pid);
}

void SyntheticTrace::Start(std::vector<Event>* out) {
  // Each process is forked by the untraced launcher and execs the server; its leader then
  // creates the workers, which start queued.
  for (int p = 0; p < kProcesses; ++p) {
    int32_t pid = 1000 + p * 100;
    threads_.push_back({pid, pid, SimThread::kQueued, false});
    int leader = static_cast<int>(threads_.size()) - 1;
    Event fork = Make(EventKind::kProcessFork, 0, threads_[leader]);
    fork.fork = {1, 1, kLauncher};
    out->push_back(fork);
    ts_ += 100;
    Event exec = Make(EventKind::kProcessExec, 0, threads_[leader]);
    exec.exec = {pid, kServerPath, kServer, kArgv};
    out->push_back(exec);
    queue_[p % kCpus].push_back(leader);
    for (int i = 1; i < kThreadsPerProcess; ++i) {
      ts_ += 100;
      threads_.push_back({pid + i, pid, SimThread::kQueued, false});
      Event thread = Make(EventKind::kProcessFork, 0, threads_.back());
      thread.fork = {pid, pid, kWorker};
      out->push_back(thread);
      queue_[i % kCpus].push_back(static_cast<int>(threads_.size()) - 1);
    }
  }
}

int SyntheticTrace::PickBlocked() {
  for (int tries = 0; tries < 8; ++tries) {
    int i = static_cast<int>(rng_() % threads_.size());
    if (threads_[i].state == SimThread::kBlocked) return i;
  }
  return -1;
}

void SyntheticTrace::SwitchTo(uint16_t cpu, int prev, uint32_t prev_state, bool preempt,
                              int32_t syscall, std::vector<Event>* out) {
  int next = -1;
  if (!queue_[cpu].empty()) {
    next = queue_[cpu].front();
    queue_[cpu].pop_front();
  }
  if (prev < 0 && next < 0) return;
  SimThread idle{0, 0, SimThread::kOnCpu, false};
  Event e = Make(EventKind::kSchedSwitch, cpu, prev < 0 ? idle : threads_[prev]);
  e.sched_switch = {prev_state, static_cast<uint8_t>(preempt), syscall,
                    next < 0 ? 0 : threads_[next].tid, next < 0 ? 0 : threads_[next].pid};
  out->push_back(e);
  current_[cpu] = next;
  if (next < 0) return;
  SimThread& n = threads_[next];
  n.state = SimThread::kOnCpu;
  if (n.in_epoll) {
    n.in_epoll = false;
    ts_ += 250;
    Event x = Make(EventKind::kSyscallExit, cpu, n);
    x.syscall_exit = {syscall_nr::kEpollWait, static_cast<int64_t>(rng_() % 5)};
    out->push_back(x);
  }
}

void SyntheticTrace::Wake(uint16_t cpu, int waker, int wakee, std::vector<Event>* out) {
  SimThread& w = threads_[wakee];
  auto target = static_cast<int32_t>(rng_() % kCpus);
  int32_t waker_tid = waker < 0 ? 0 : threads_[waker].tid;
  int32_t waker_pid = waker < 0 ? 0 : threads_[waker].pid;
  Event e = Make(EventKind::kSchedWaking, cpu, w);
  e.wakeup = {waker_tid, waker_pid, target};
  out->push_back(e);
  w.state = SimThread::kQueued;
  queue_[target].push_back(wakee);
}

void SyntheticTrace::Create(uint16_t cpu, int creator, std::vector<Event>* out) {
  SimThread& c = threads_[creator];
  Event enter = Make(EventKind::kSyscallEnter, cpu, c);
  enter.syscall_enter.nr = syscall_nr::kClone3;
  enter.syscall_enter.args[0] = 0x3d0f00;
  enter.syscall_enter.args[1] = 88;
  out->push_back(enter);
  ts_ += 3000;
  SimThread child{next_tid_++, c.pid, SimThread::kQueued, false};
  Event fork = Make(EventKind::kProcessFork, cpu, child);
  fork.fork = {c.tid, c.pid, kWorker};
  out->push_back(fork);
  ts_ += 200;
  auto target = static_cast<uint16_t>(rng_() % kCpus);
  Event wake = Make(EventKind::kSchedWakeupNew, cpu, child);
  wake.wakeup = {c.tid, c.pid, target};
  out->push_back(wake);
  ts_ += 800;
  Event leave = Make(EventKind::kSyscallExit, cpu, threads_[creator]);
  leave.syscall_exit = {syscall_nr::kClone3, child.tid};
  out->push_back(leave);
  threads_.push_back(child);
  queue_[target].push_back(static_cast<int>(threads_.size()) - 1);
}

void SyntheticTrace::Step(std::vector<Event>* out) {
  if (!started_) {
    started_ = true;
    Start(out);
    return;
  }
  auto cpu = static_cast<uint16_t>(rng_() % kCpus);
  ts_ += 200 + rng_() % 1800;
  int cur = current_[cpu];
  if (cur < 0) {
    if (!queue_[cpu].empty()) {
      SwitchTo(cpu, -1, 0, false, kNoSyscall, out);
    } else if (int w = PickBlocked(); w >= 0) {
      Wake(cpu, -1, w, out);  // an interrupt
    }
    return;
  }
  SimThread& t = threads_[cur];
  uint64_t r = rng_() % 1000;
  if (r < 380) {
    if (int w = PickBlocked(); w >= 0) Wake(cpu, cur, w, out);
  } else if (r < 720) {
    int32_t sc = syscall_nr::kFutex;
    if (uint64_t kind = rng_() % 3; kind == 1) {
      sc = syscall_nr::kEpollWait;
      Event x = Make(EventKind::kSyscallEnter, cpu, t);
      x.syscall_enter.nr = sc;
      x.syscall_enter.args[0] = 4;
      x.syscall_enter.args[1] = 64;
      x.syscall_enter.args[2] = 5'000'000;
      out->push_back(x);
      t.in_epoll = true;
      ts_ += 150;
    } else if (kind == 2) {
      sc = syscall_nr::kRead;
    }
    t.state = SimThread::kBlocked;
    SwitchTo(cpu, cur, kTaskInterruptible, false, sc, out);
  } else if (r < 900) {
    if (queue_[cpu].empty()) return;
    t.state = SimThread::kQueued;
    queue_[cpu].push_back(cur);
    SwitchTo(cpu, cur, 0, true, kNoSyscall, out);
  } else if (r < 980) {
    // Preempted by a thread of another program, which soon gives the CPU back.
    SimThread other{kUntracedTid, kUntracedTid, SimThread::kOnCpu, false};
    Event away = Make(EventKind::kSchedSwitch, cpu, t);
    away.sched_switch = {0, 1, kNoSyscall, other.tid, other.pid};
    out->push_back(away);
    ts_ += 500;
    Event back = Make(EventKind::kSchedSwitch, cpu, other);
    back.sched_switch = {kTaskInterruptible, 0, kNoSyscall, t.tid, t.pid};
    out->push_back(back);
  } else if (r < 982) {
    Create(cpu, cur, out);
  } else if (r < 984 && t.tid != t.pid) {
    // A worker exits; the CPU goes to the next queued thread.
    Event x = Make(EventKind::kProcessExit, cpu, t);
    x.exit = {0, 0, 0, 0, 0};
    out->push_back(x);
    ts_ += 100;
    t.state = SimThread::kDead;
    SwitchTo(cpu, cur, kTaskDead, false, kNoSyscall, out);
  } else if (r < 986) {
    Event rename = Make(EventKind::kTaskRename, cpu, t);
    rename.rename = {kServer};
    out->push_back(rename);
  }
}

std::vector<Event> SyntheticTrace::Take(size_t n) {
  std::vector<Event> events;
  while (events.size() < n) Step(&events);
  return events;
}

absl::Status WriteSyntheticTrace(const std::string& path, uint64_t events, uint64_t seed) {
  absl::StatusOr<std::unique_ptr<TraceWriter>> writer =
      TraceWriter::Create(path, SyntheticTrace::Header());
  if (!writer.ok()) return writer.status();
  const std::vector<std::string>& strings = SyntheticTrace::Strings();
  for (size_t id = 1; id < strings.size(); ++id) (*writer)->InternString(strings[id]);
  SyntheticTrace trace(seed);
  std::vector<Event> step;
  uint64_t written = 0;
  while (written < events) {
    step.clear();
    trace.Step(&step);
    for (const Event& e : step) {
      if (absl::Status st = (*writer)->Add(e); !st.ok()) return st;
    }
    written += step.size();
  }
  TraceTrailer trailer;
  trailer.end_monotonic_ns = trace.now_ns() + 1000;
  trailer.lost_per_cpu = {0, 0};
  trailer.end_reason = "synthetic";
  return (*writer)->Finish(trailer);
}

}  // namespace ctrace::testing
