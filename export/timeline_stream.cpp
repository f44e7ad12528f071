#include "export/timeline_stream.h"

#include <algorithm>

#include "format/syscall_table.h"
#include "model/thread_state.h"

namespace ctrace {
namespace {

bool Told(ThreadState s) { return s != ThreadState::kUnknown && s != ThreadState::kExited; }

}  // namespace

void TimelineStream::Finish(uint64_t end_ns) {
  end_ns = std::max(end_ns, last_ns_);
  AnnounceNew();
  EndOpenTaskRuns(end_ns);
  for (uint32_t t = 0; t < live_.size(); ++t) {
    LiveThread& l = live_[t];
    uint64_t end = l.has_open ? std::max(end_ns, uint64_t{l.open.start_ns}) : end_ns;
    CallUnreturned(t, end);
    if (l.has_open) TellPiece(t, end);
  }
}

void TimelineStream::AnnounceNew() {
  while (announced_processes_ < model_.processes.size()) {
    sink_->OnProcess(static_cast<uint32_t>(announced_processes_++), true);
  }
  while (announced_threads_ < model_.threads.size()) {
    sink_->OnThread(static_cast<uint32_t>(announced_threads_++), true);
  }
}

void TimelineStream::NameChanged(uint32_t t) {
  AnnounceNew();
  const Thread& th = model_.threads[t];
  if (th.tid == th.pid && th.process < processes_before_event_) sink_->OnProcess(th.process, false);
  if (t < threads_before_event_) sink_->OnThread(t, false);
}

void TimelineStream::ForgetHistory(uint32_t t) {
  Thread& th = model_.threads[t];
  th.renames.clear();
  std::vector<ExecRecord>& execs = model_.processes[th.process].execs;
  if (execs.size() > 1) execs.erase(execs.begin(), execs.end() - 1);
}

void TimelineStream::TellPiece(uint32_t t, uint64_t end_ns) {
  LiveThread& l = live_[t];
  if (!Told(l.open.state()) || end_ns <= l.piece_start) return;
  AnnounceNew();
  StateInterval piece = l.open;
  piece.start_ns = l.piece_start;
  sink_->OnInterval(t, piece, end_ns);
  l.piece_start = end_ns;
}

uint64_t TimelineStream::CutPiece(uint32_t t, uint64_t ts) {
  LiveThread& l = Live(t);
  // An unknown interval is not cut: it may yet turn out to have been running all along.
  if (!l.has_open || !Told(l.open.state())) return ts;
  ts = std::max(ts, l.piece_start);
  TellPiece(t, ts);
  return ts;
}

void TimelineStream::PushInterval(uint32_t t, StateInterval iv) {
  LiveThread& l = Live(t);
  if (l.has_open) TellPiece(t, iv.start_ns);
  // What ran next on the CPU is not exported: pieces carry no successor.
  l.open = StateInterval::Make(iv.start_ns, iv.state(), iv.cpu(), iv.syscall());
  l.piece_start = iv.start_ns;
  l.has_open = true;
}

void TimelineStream::CallEntered(uint32_t t, const SyscallSpan& span) {
  LiveThread& l = Live(t);
  l.call = span;
  l.in_syscall = true;
  AnnounceNew();
  sink_->OnSyscallBegin(t, l.call);
}

void TimelineStream::CallReturned(uint32_t t) {
  LiveThread& l = live_[t];
  l.in_syscall = false;
  sink_->OnSyscallEnd(t, l.call, true);
}

void TimelineStream::CallUnreturned(uint32_t t, uint64_t ts) {
  if (Live(t).in_syscall) EndCall(t, ts, false);
}

void TimelineStream::EndCall(uint32_t t, uint64_t ts, bool returned) {
  LiveThread& l = live_[t];
  l.call.exit_ns = std::max(CutPiece(t, ts), l.call.enter_ns);
  l.in_syscall = false;
  AnnounceNew();
  sink_->OnSyscallEnd(t, l.call, returned);
}

void TimelineStream::Woken(uint32_t t, uint32_t waker) {
  AnnounceNew();
  sink_->OnFlow({live_[t].open.start_ns, waker, t, FlowKind::kWake});
}

void TimelineStream::Created(uint32_t child, uint32_t creator) {
  if (creator == kNoThread) return;
  AnnounceNew();
  sink_->OnFlow({model_.threads[child].first_ns, creator, child, FlowKind::kCreate});
}

void TimelineStream::BeforeExec(const Event& e) {
  // A non-leader that execs takes over the leader's tid: what it did before is told first.
  uint32_t before = tracker_.Find(e.exec.old_tid, e.pid);
  if (before != kNoThread) CutPiece(before, e.ts_ns);
}

void TimelineStream::Execed(uint32_t t, uint64_t ts) {
  ForgetHistory(t);
  LiveThread& l = Live(t);
  if (l.in_syscall && HasFilename(l.call.nr)) {
    // A successful execve does not return: it ends here, in the new program.
    l.call.ret = 0;
    EndCall(t, ts, true);
  }
  NameChanged(t);
}

void TimelineStream::Renamed(uint32_t t) {
  ForgetHistory(t);
  NameChanged(t);
}

}  // namespace ctrace
