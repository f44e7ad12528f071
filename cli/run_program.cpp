// `ctrace run [-o FILE] [--] PROGRAM [ARGS...]`: records PROGRAM's whole process tree.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <optional>

#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "cli/commands.h"
#include "collector/launcher.h"
#include "collector/options.h"
#include "collector/privileges.h"
#include "collector/recording.h"
#include "collector/signal_watcher.h"
#include "collector/task_probe_files.h"

namespace ctrace::cli {
namespace {

constexpr int kDrainIntervalMs = 10;

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return 1;
}

std::string DescribeExit(const std::string& program, int wait_status) {
  if (WIFSIGNALED(wait_status)) {
    return absl::StrFormat("%s was killed by signal %d (%s)", program, WTERMSIG(wait_status),
                           strsignal(WTERMSIG(wait_status)));
  }
  return absl::StrFormat("%s exited with code %d", program, WEXITSTATUS(wait_status));
}

// A program that cannot be started exits as a shell would have it (127 not found, 126 not
// executable).
absl::Status LaunchError(const absl::Status& status) {
  return WithExitCode(status, ExitCodeForLaunchError(status));
}

}  // namespace

absl::StatusOr<int> RunProgram(const Args& args) {
  // Help only as the first word: after it, run's words may be the program's own.
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return HelpRequested();
  absl::StatusOr<RunOptions> options = ParseRunOptions(args);
  if (!options.ok()) return UsageError(options.status().message());
  const std::string& program_name = options->command[0];
  // Cheap checks first, before anything is loaded or created.
  absl::StatusOr<std::string> program = ResolveProgram(program_name);
  if (!program.ok()) return LaunchError(program.status());
  RETURN_IF_ERROR(CheckTracingPrivileges());
  RETURN_IF_ERROR(CheckKernelBtf());
  ASSIGN_OR_RETURN(const std::optional<InvokingUser> user, InvokingUserFromSudo());
  const std::string output =
      options->output.empty() ? DefaultTraceName(program_name) : options->output;

  SignalWatcher signals;  // before fork: the child starts with them blocked and unblocks them
  ASSIGN_OR_RETURN(std::unique_ptr<Recording> recording,
                   Recording::Start(output, options->command, options->probes));
  Recording& rec = *recording;
  if (user && fchown(rec.writer_fd(), user->uid, user->gid) != 0) {
    return absl::PermissionDeniedError(
        absl::StrFormat("cannot give %s to uid %d: %s", output, user->uid, strerror(errno)));
  }

  ASSIGN_OR_RETURN(HeldChild child, HeldChild::Start(*program, options->command, user));
  const pid_t pid = child.pid();
  const uint64_t tracked_from = MonotonicNowNs();
  absl::Status s = rec.Track(pid);
  if (s.ok()) s = rec.AddSnapshot(pid, pid, getpid(), "ctrace", tracked_from);
  if (!s.ok()) {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return s;
  }
  rec.CountExisting(1, 1);
  // Before the program runs: its own task probes and its libraries', so its first task is
  // seen (a program it execs later gets its probes when the exec is drained).
  rec.AttachTaskProbes(ProgramFiles(*program, SystemLibrarySearch()));
  if (absl::Status launch = child.Release(); !launch.ok()) {
    // The program never ran: a trace of ctrace's own child would only mislead.
    (void)rec.Finish("program could not start");
    unlink(output.c_str());
    return LaunchError(launch);
  }

  std::optional<int> wait_status;
  int interrupts = 0;
  bool told_about_descendants = false;
  std::string end_reason = "program exited";
  while (true) {
    for (const signalfd_siginfo& info : signals.Wait(kDrainIntervalMs)) {
      const int sig = static_cast<int>(info.ssi_signo);
      if (sig == SIGCHLD) continue;
      if (!wait_status && !CameFromTerminal(info)) kill(pid, sig);
      if (++interrupts >= 2) {
        end_reason = "interrupted";
        std::fprintf(stderr, "ctrace run: stopping now (second %s)\n", strsignal(sig));
      }
    }
    if (!wait_status) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) wait_status = status;
    }
    if (absl::Status poll = rec.Poll(); !poll.ok()) {
      RecordingSummary partial = rec.Abandon();
      return absl::Status(
          poll.code(),
          absl::StrFormat(
              "recording stopped: %s; %s keeps the first %.3f s (%llu events)%s", poll.message(),
              output, partial.duration_ns / 1e9, static_cast<unsigned long long>(partial.events),
              wait_status ? ""
                          : absl::StrFormat("; %s (pid %d) goes on untraced", program_name, pid)));
    }
    if (interrupts >= 2) break;
    if (wait_status) {
      const size_t alive = rec.TrackedCount();
      if (alive == 0) break;
      if (!told_about_descendants) {
        std::fprintf(stderr,
                     "ctrace run: %s; still recording %zu process(es) it left running "
                     "(Ctrl-C twice to stop)\n",
                     DescribeExit(program_name, *wait_status).c_str(), alive);
        told_about_descendants = true;
      }
    }
  }
  ASSIGN_OR_RETURN(const RecordingSummary summary, rec.Finish(end_reason));
  PrintSummary(summary);
  if (!wait_status) return 130;  // interrupted before the program ended
  if (WIFSIGNALED(*wait_status)) {
    std::fprintf(stderr, "ctrace run: %s\n", DescribeExit(program_name, *wait_status).c_str());
  }
  return ExitCodeOf(*wait_status);
}

}  // namespace ctrace::cli
