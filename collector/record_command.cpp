// `ctrace record -p PID [--duration D] [-o FILE]`: attaches to a running process.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "collector/commands.h"
#include "collector/options.h"
#include "collector/privileges.h"
#include "collector/proc_snapshot.h"
#include "collector/recording.h"
#include "collector/signal_watcher.h"

namespace ctrace {

int RecordCommand(const std::vector<std::string>& args) {
  auto options = ParseRecordOptions(args);
  if (!options.ok()) return ReportError("record", options.status(), kUsageExitCode);
  if (absl::Status s = CheckTracingPrivileges(); !s.ok()) return ReportError("record", s, 1);
  if (absl::Status s = CheckKernelBtf(); !s.ok()) return ReportError("record", s, 1);
  auto target = ReadProcProcess(options->pid);
  if (!target.ok()) return ReportError("record", target.status(), 1);
  if (target->pid != options->pid || target->threads.empty()) {
    return ReportError("record", absl::NotFoundError("no such process"), 1);
  }
  auto user = InvokingUserFromSudo();
  if (!user.ok()) return ReportError("record", user.status(), 1);
  const std::string output =
      options->output.empty()
          ? DefaultTraceName(absl::StrFormat("%s-%d", target->comm, target->pid))
          : options->output;

  SignalWatcher signals;
  auto recording = Recording::Start(output, target->cmdline, options->probes);
  if (!recording.ok()) return ReportError("record", recording.status(), 1);
  Recording& rec = **recording;
  if (*user && fchown(rec.writer_fd(), (*user)->uid, (*user)->gid) != 0) {
    return ReportError("record", absl::PermissionDeniedError(strerror(errno)), 1);
  }
  absl::Status s = rec.Track(target->pid);
  // Threads are listed after tracking starts, so one created in between is in the list or
  // in the trace (or both; the model takes the first).
  auto now = ReadProcProcess(target->pid);
  if (s.ok() && !now.ok()) s = absl::NotFoundError("the process exited as tracing began");
  for (size_t i = 0; s.ok() && i < now->threads.size(); ++i) {
    s = rec.AddSnapshot(now->threads[i].tid, target->pid, target->ppid, now->threads[i].comm);
  }
  if (!s.ok()) {
    (void)rec.Finish("attach failed");
    unlink(output.c_str());
    return ReportError("record", s, 1);
  }
  rec.CountExisting(1, now->threads.size());
  std::fprintf(stderr, "ctrace record: recording %s (pid %d, %zu threads); Ctrl-C to stop\n",
               target->comm.c_str(), target->pid, now->threads.size());

  const uint64_t deadline =
      options->duration ? MonotonicNowNs() + absl::ToInt64Nanoseconds(*options->duration) : 0;
  std::string end_reason;
  while (end_reason.empty()) {
    for (const signalfd_siginfo& info : signals.Wait(10)) {
      if (info.ssi_signo != SIGCHLD) end_reason = "interrupted";
    }
    if (absl::Status poll = rec.Poll(); !poll.ok()) {
      RecordingSummary partial = rec.Abandon();
      std::fprintf(stderr, "ctrace record: recording stopped: %s; %s keeps the first %.3f s\n",
                   std::string(poll.message()).c_str(), output.c_str(), partial.duration_ns / 1e9);
      return 1;
    }
    if (deadline && MonotonicNowNs() >= deadline) end_reason = "duration elapsed";
    if (rec.TrackedCount() == 0) end_reason = "process tree exited";
  }
  auto summary = rec.Finish(end_reason);
  if (!summary.ok()) return ReportError("record", summary.status(), 1);
  PrintSummary(*summary);
  return 0;
}

}  // namespace ctrace
