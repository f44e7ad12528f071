// `ctrace record -p PID [--duration D] [-o FILE]`: attaches to a running process.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "cli/commands.h"
#include "collector/options.h"
#include "collector/privileges.h"
#include "collector/proc_snapshot.h"
#include "collector/recording.h"
#include "collector/signal_watcher.h"
#include "collector/task_probe_files.h"

namespace ctrace::cli {

absl::StatusOr<int> RecordProcess(const Args& args) {
  // Help only as the first word: after it, run's words may be the program's own.
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return HelpRequested();
  absl::StatusOr<RecordOptions> options = ParseRecordOptions(args);
  if (!options.ok()) return UsageError(options.status().message());
  RETURN_IF_ERROR(CheckTracingPrivileges());
  RETURN_IF_ERROR(CheckKernelBtf());
  ASSIGN_OR_RETURN(const ProcProcess target, ReadProcProcess(options->pid));
  if (target.pid != options->pid || target.threads.empty()) {
    return absl::NotFoundError("no such process");
  }
  ASSIGN_OR_RETURN(const std::optional<InvokingUser> user, InvokingUserFromSudo());
  const std::string output =
      options->output.empty() ? DefaultTraceName(absl::StrFormat("%s-%d", target.comm, target.pid))
                              : options->output;

  SignalWatcher signals;
  ASSIGN_OR_RETURN(std::unique_ptr<Recording> recording,
                   Recording::Start(output, target.cmdline, options->probes));
  Recording& rec = *recording;
  if (user && fchown(rec.writer_fd(), user->uid, user->gid) != 0) {
    return absl::PermissionDeniedError(strerror(errno));
  }
  const uint64_t tracked_from = MonotonicNowNs();
  absl::Status s = rec.Track(target.pid);
  // Threads are listed after tracking starts, so one created in between is in the list or
  // in the trace (or both; the model takes the first). The leader is stamped as of the
  // tracking's start (Recording::AddSnapshot says why); the others as of the listing, so a
  // thread created in between keeps its creation.
  auto now = ReadProcProcess(target.pid);
  if (s.ok() && !now.ok()) s = absl::NotFoundError("the process exited as tracing began");
  const uint64_t listed_at = MonotonicNowNs();
  for (size_t i = 0; s.ok() && i < now->threads.size(); ++i) {
    const int32_t tid = now->threads[i].tid;
    s = rec.AddSnapshot(tid, target.pid, target.ppid, now->threads[i].comm,
                        tid == target.pid ? tracked_from : listed_at);
  }
  if (!s.ok()) {
    (void)rec.Finish("attach failed");
    unlink(output.c_str());
    return s;
  }
  rec.CountExisting(1, now->threads.size());
  // Its binary and every library it has mapped, dlopen'ed ones too.
  rec.AttachTaskProbes(MappedExecutables(target.pid));
  // Its goroutines from before the attach, after their probes: a change after this is seen.
  if (absl::Status go = rec.SnapshotGoroutines(target.pid); !go.ok()) {
    (void)rec.Finish("attach failed");
    return go;
  }
  std::fprintf(stderr, "ctrace record: recording %s (pid %d, %zu threads); Ctrl-C to stop\n",
               target.comm.c_str(), target.pid, now->threads.size());

  const uint64_t deadline =
      options->duration ? MonotonicNowNs() + absl::ToInt64Nanoseconds(*options->duration) : 0;
  std::string end_reason;
  while (end_reason.empty()) {
    for (const signalfd_siginfo& info : signals.Wait(10)) {
      if (info.ssi_signo != SIGCHLD) end_reason = "interrupted";
    }
    if (absl::Status poll = rec.Poll(); !poll.ok()) {
      RecordingSummary partial = rec.Abandon();
      return absl::Status(poll.code(),
                          absl::StrFormat("recording stopped: %s; %s keeps the first %.3f s",
                                          poll.message(), output, partial.duration_ns / 1e9));
    }
    if (deadline && MonotonicNowNs() >= deadline) end_reason = "duration elapsed";
    if (rec.TrackedCount() == 0) end_reason = "process tree exited";
  }
  ASSIGN_OR_RETURN(const RecordingSummary summary, rec.Finish(end_reason));
  PrintSummary(summary);
  return 0;
}

}  // namespace ctrace::cli
