// A workload server running in the background for the length of a test: started on port 0
// in its own process group, its port read from the "listening on" line, and stopped (or
// killed with everything it started) at the end, so no test leaves a process behind.
#ifndef CTRACE_TESTS_WORKLOADS_SERVER_PROCESS_H_
#define CTRACE_TESTS_WORKLOADS_SERVER_PROCESS_H_

#include <signal.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace ctrace::testing {

class ServerProcess {
 public:
  // Runs `argv` and waits (at most 10 s) for "listening on 127.0.0.1:PORT". On failure returns
  // null and says why in `error` (with whatever the program printed).
  static std::unique_ptr<ServerProcess> Start(const std::vector<std::string>& argv,
                                              std::string* error);
  ~ServerProcess();  // kills the whole process group if the server is still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool Running();

  // Sends `sig` and waits for the server to exit (at most 15 s, then SIGKILL to its group).
  // Returns the exit code, 128+signal if it was killed, -1 if it had to be killed by us.
  int Stop(int sig = SIGTERM);
  // Waits (at most `seconds`) for the server to exit by itself; same codes as Stop, and -1 if
  // it is still running.
  int WaitForExit(int seconds);
  // True once no process of the server's group is left (children and workers included).
  // Checked after Stop or WaitForExit; waits up to 5 s for stragglers to be reaped.
  bool GroupGone() const;
  // All of its stdout so far (the whole of it once it has exited).
  const std::string& out();

 private:
  ServerProcess() = default;
  void DrainOutput(int timeout_ms);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  bool exited_ = false;
  int exit_code_ = -1;
  std::string out_;
};

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_WORKLOADS_SERVER_PROCESS_H_
