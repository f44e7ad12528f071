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
    case EventKind::kTaskCreate:
      return "task_create";
    case EventKind::kTaskResume:
      return "task_resume";
    case EventKind::kTaskSuspend:
      return "task_suspend";
    case EventKind::kTaskEnd:
      return "task_end";
    case EventKind::kTaskWake:
      return "task_wake";
    case EventKind::kAddressName:
      return "address_name";
    case EventKind::kTaskSnapshot:
      return "task_snapshot";
  }
  return "unknown";
}

}  // namespace ctrace
