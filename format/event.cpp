#include "format/event.h"

namespace ctrace {

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kSchedSwitch:
      return "sched_switch";
    case EventKind::kSchedWaking:
      return "sched_waking";
    case EventKind::kSchedWakeup:
      return "sched_wakeup";
    case EventKind::kSchedWakeupNew:
      return "sched_wakeup_new";
    case EventKind::kProcessFork:
      return "process_fork";
    case EventKind::kProcessExec:
      return "process_exec";
    case EventKind::kProcessExit:
      return "process_exit";
    case EventKind::kTaskRename:
      return "task_rename";
    case EventKind::kMigrate:
      return "migrate";
    case EventKind::kSyscallEnter:
      return "syscall_enter";
    case EventKind::kSyscallExit:
      return "syscall_exit";
    case EventKind::kThreadSnapshot:
      return "thread_snapshot";
    case EventKind::kLost:
      return "lost";
  }
  return "unknown";
}

std::string_view SyscallName(int32_t nr) {
  namespace nrs = syscall_nr;
  switch (nr) {
    case nrs::kRead:
      return "read";
    case nrs::kWrite:
      return "write";
    case nrs::kPoll:
      return "poll";
    case nrs::kSelect:
      return "select";
    case nrs::kNanosleep:
      return "nanosleep";
    case nrs::kAccept:
      return "accept";
    case nrs::kRecvfrom:
      return "recvfrom";
    case nrs::kClone:
      return "clone";
    case nrs::kFork:
      return "fork";
    case nrs::kVfork:
      return "vfork";
    case nrs::kExecve:
      return "execve";
    case nrs::kWait4:
      return "wait4";
    case nrs::kFutex:
      return "futex";
    case nrs::kEpollWait:
      return "epoll_wait";
    case nrs::kClockNanosleep:
      return "clock_nanosleep";
    case nrs::kPselect6:
      return "pselect6";
    case nrs::kPpoll:
      return "ppoll";
    case nrs::kEpollPwait:
      return "epoll_pwait";
    case nrs::kAccept4:
      return "accept4";
    case nrs::kExecveat:
      return "execveat";
    case nrs::kClone3:
      return "clone3";
    case nrs::kEpollPwait2:
      return "epoll_pwait2";
    default:
      return "";
  }
}

}  // namespace ctrace
