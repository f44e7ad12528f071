// Delivers SIGINT, SIGTERM, SIGHUP and SIGCHLD through a signalfd, so the recording loop can
// wait for "a signal or the next drain tick" in one poll() and never runs handler code.
#ifndef CTRACE_COLLECTOR_SIGNAL_WATCHER_H_
#define CTRACE_COLLECTOR_SIGNAL_WATCHER_H_

#include <signal.h>
#include <sys/signalfd.h>

#include <vector>

namespace ctrace {

class SignalWatcher {
 public:
  // Blocks the signals in this thread (children unblock them before exec).
  SignalWatcher();
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // Waits up to `timeout_ms` and returns the signals that arrived.
  std::vector<signalfd_siginfo> Wait(int timeout_ms);

 private:
  int fd_ = -1;
};

// A terminal's Ctrl-C reaches the whole foreground process group, so the traced program got
// it already; only a signal sent with kill() to ctrace alone needs forwarding.
inline bool CameFromTerminal(const signalfd_siginfo& info) { return info.ssi_code == SI_KERNEL; }

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_SIGNAL_WATCHER_H_
