#include "format/event.h"

namespace ctrace {
namespace {}  // namespace

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

}  // namespace ctrace
