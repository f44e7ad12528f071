#include "collector/record_converter.h"

#include <cstring>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "bpf/events.h"

namespace ctrace {
namespace {

// A fixed-size char array from the kernel, up to its first NUL.
template <size_t N>
std::string_view Bounded(const char (&chars)[N]) {
  return std::string_view(chars, strnlen(chars, N));
}

template <typename Record>
absl::StatusOr<Record> As(const void* data, size_t size) {
  if (size < sizeof(Record)) {
    return absl::DataLossError(
        absl::StrFormat("ring buffer record of %u bytes is shorter than %u", size, sizeof(Record)));
  }
  Record r;
  std::memcpy(&r, data, sizeof(r));
  return r;
}

}  // namespace

absl::StatusOr<Event> RecordConverter::Convert(const void* data, size_t size) {
  ASSIGN_OR_RETURN(const ctrace_record_header header, As<ctrace_record_header>(data, size));
  Event e;
  e.ts_ns = header.ts_ns;
  e.cpu = static_cast<uint16_t>(header.cpu);
  e.tid = header.tid;
  e.pid = header.pid;
  switch (header.kind) {
    case CTRACE_REC_SWITCH: {
      ASSIGN_OR_RETURN(const ctrace_switch_record r, As<ctrace_switch_record>(data, size));
      e.kind = EventKind::kSchedSwitch;
      e.sched_switch = {.prev_state = r.prev_state,
                        .preempt = static_cast<uint8_t>(r.preempt != 0),
                        .prev_syscall = r.prev_syscall < 0 ? kNoSyscall : r.prev_syscall,
                        .next_tid = r.next_tid,
                        .next_pid = r.next_pid};
      return e;
    }
    case CTRACE_REC_WAKING:
    case CTRACE_REC_WAKEUP:
    case CTRACE_REC_WAKEUP_NEW: {
      ASSIGN_OR_RETURN(const ctrace_wakeup_record r, As<ctrace_wakeup_record>(data, size));
      e.kind = static_cast<EventKind>(header.kind);
      e.wakeup = {.waker_tid = r.waker_tid, .waker_pid = r.waker_pid, .target_cpu = r.target_cpu};
      return e;
    }
    case CTRACE_REC_FORK: {
      ASSIGN_OR_RETURN(const ctrace_fork_record r, As<ctrace_fork_record>(data, size));
      e.kind = EventKind::kProcessFork;
      e.fork = {
          .parent_tid = r.parent_tid, .parent_pid = r.parent_pid, .comm = intern_(Bounded(r.comm))};
      if (e.tid == e.pid) {
        ++counts_.processes_created;
      } else {
        ++counts_.threads_created;
      }
      return e;
    }
    case CTRACE_REC_EXEC: {
      ASSIGN_OR_RETURN(const ctrace_exec_record r, As<ctrace_exec_record>(data, size));
      e.kind = EventKind::kProcessExec;
      size_t argv_len = std::min<size_t>(r.argv_len, sizeof(r.argv));
      // NULs separate the arguments; drop the one that ends the last.
      if (argv_len > 0 && r.argv[argv_len - 1] == '\0') --argv_len;
      e.exec = {.old_tid = r.old_tid,
                .filename = intern_(Bounded(r.filename)),
                .comm = intern_(Bounded(r.comm)),
                .argv = intern_(std::string_view(r.argv, argv_len))};
      ++counts_.execs;
      return e;
    }
    case CTRACE_REC_EXIT: {
      ASSIGN_OR_RETURN(const ctrace_exit_record r, As<ctrace_exit_record>(data, size));
      e.kind = EventKind::kProcessExit;
      e.exit = {.exit_code = r.exit_code,
                .group_dead = static_cast<uint8_t>(r.group_dead != 0),
                .voluntary_switches = r.nvcsw,
                .involuntary_switches = r.nivcsw,
                .cpu_time_ns = r.sum_exec_runtime};
      return e;
    }
    case CTRACE_REC_RENAME: {
      ASSIGN_OR_RETURN(const ctrace_rename_record r, As<ctrace_rename_record>(data, size));
      e.kind = EventKind::kTaskRename;
      e.rename = {.comm = intern_(Bounded(r.comm))};
      return e;
    }
    case CTRACE_REC_MIGRATE: {
      ASSIGN_OR_RETURN(const ctrace_migrate_record r, As<ctrace_migrate_record>(data, size));
      e.kind = EventKind::kMigrate;
      e.migrate = {.orig_cpu = r.orig_cpu, .dest_cpu = r.dest_cpu};
      return e;
    }
    case CTRACE_REC_SYS_ENTER: {
      ASSIGN_OR_RETURN(const ctrace_sys_enter_record r, As<ctrace_sys_enter_record>(data, size));
      e.kind = EventKind::kSyscallEnter;
      e.syscall_enter = {
          .nr = r.nr, .args = {r.args[0], r.args[1], r.args[2]}, .str = kEmptyString};
      if (r.nr == syscall_nr::kExecve || r.nr == syscall_nr::kExecveat) {
        ASSIGN_OR_RETURN(const ctrace_exec_enter_record x,
                         As<ctrace_exec_enter_record>(data, size));
        e.syscall_enter.str = intern_(Bounded(x.filename));
      }
      return e;
    }
    case CTRACE_REC_SYS_EXIT: {
      ASSIGN_OR_RETURN(const ctrace_sys_exit_record r, As<ctrace_sys_exit_record>(data, size));
      e.kind = EventKind::kSyscallExit;
      e.syscall_exit = {.nr = r.nr, .ret = r.ret};
      return e;
    }
    default:
      return absl::DataLossError(
          absl::StrFormat("ring buffer record of unknown kind %u", header.kind));
  }
}

}  // namespace ctrace
