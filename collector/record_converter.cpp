#include "collector/record_converter.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "bpf/events.h"
#include "format/syscall_table.h"

namespace ctrace {
namespace {

// The BPF side's numbers (bpf/events.h) are the table's and the trace format's.
static_assert(CTRACE_NR_CLONE == syscall_nr::kClone);
static_assert(CTRACE_NR_FORK == syscall_nr::kFork);
static_assert(CTRACE_NR_VFORK == syscall_nr::kVfork);
static_assert(CTRACE_NR_EXECVE == syscall_nr::kExecve);
static_assert(CTRACE_NR_EPOLL_WAIT == syscall_nr::kEpollWait);
static_assert(CTRACE_NR_EPOLL_PWAIT == syscall_nr::kEpollPwait);
static_assert(CTRACE_NR_EXECVEAT == syscall_nr::kExecveat);
static_assert(CTRACE_NR_CLONE3 == syscall_nr::kClone3);
static_assert(CTRACE_NR_EPOLL_PWAIT2 == syscall_nr::kEpollPwait2);
// ... and exactly the calls the table says are recorded by default.
constexpr int kBpfRecordedSyscalls[] = {
    CTRACE_NR_CLONE,    CTRACE_NR_FORK,       CTRACE_NR_VFORK,
    CTRACE_NR_EXECVE,   CTRACE_NR_EPOLL_WAIT, CTRACE_NR_EPOLL_PWAIT,
    CTRACE_NR_EXECVEAT, CTRACE_NR_CLONE3,     CTRACE_NR_EPOLL_PWAIT2};
constexpr bool BpfRecordsTheTablesDefaultSet() {
  size_t in_table = 0;
  for (const SyscallInfo& s : SyscallTable()) in_table += s.recorded_by_default ? 1 : 0;
  for (int nr : kBpfRecordedSyscalls) {
    if (!IsRecordedByDefault(nr)) return false;
  }
  return in_table == std::size(kBpfRecordedSyscalls);
}
static_assert(BpfRecordsTheTablesDefaultSet());

// The record kinds are the trace's event kinds.
static_assert(CTRACE_REC_SWITCH == static_cast<int>(EventKind::kSchedSwitch));
static_assert(CTRACE_REC_WAKING == static_cast<int>(EventKind::kSchedWaking));
static_assert(CTRACE_REC_WAKEUP == static_cast<int>(EventKind::kSchedWakeup));
static_assert(CTRACE_REC_WAKEUP_NEW == static_cast<int>(EventKind::kSchedWakeupNew));
static_assert(CTRACE_REC_FORK == static_cast<int>(EventKind::kProcessFork));
static_assert(CTRACE_REC_EXEC == static_cast<int>(EventKind::kProcessExec));
static_assert(CTRACE_REC_EXIT == static_cast<int>(EventKind::kProcessExit));
static_assert(CTRACE_REC_RENAME == static_cast<int>(EventKind::kTaskRename));
static_assert(CTRACE_REC_MIGRATE == static_cast<int>(EventKind::kMigrate));
static_assert(CTRACE_REC_SYS_ENTER == static_cast<int>(EventKind::kSyscallEnter));
static_assert(CTRACE_REC_SYS_EXIT == static_cast<int>(EventKind::kSyscallExit));
static_assert(CTRACE_REC_TASK_CREATE == static_cast<int>(EventKind::kTaskCreate));
static_assert(CTRACE_REC_TASK_RESUME == static_cast<int>(EventKind::kTaskResume));
static_assert(CTRACE_REC_TASK_SUSPEND == static_cast<int>(EventKind::kTaskSuspend));
static_assert(CTRACE_REC_TASK_END == static_cast<int>(EventKind::kTaskEnd));
static_assert(CTRACE_REC_TASK_WAKE == static_cast<int>(EventKind::kTaskWake));
static_assert(CTRACE_TASK_SOURCE_PROBES == static_cast<int>(TaskSource::kProbes));
static_assert(CTRACE_TASK_SOURCE_GO == static_cast<int>(TaskSource::kGoRuntime));

// A fixed-size char array from the kernel, up to its first NUL.
template <size_t N>
std::string_view Bounded(const char (&chars)[N]) {
  return std::string_view(chars, strnlen(chars, N));
}

absl::Status TooShort(size_t size, size_t needed) {
  return absl::DataLossError(
      absl::StrFormat("ring buffer record of %u bytes is shorter than %u", size, needed));
}

// Declares `var`: a copy of the record of `size` bytes at `data` as a `Type`, or returns the
// error of a record too short for one. A plain copy, not a StatusOr<Type>: every event goes
// through here, and the compiler then reads the fields straight from the record.
#define CTRACE_READ_RECORD(Type, var)                           \
  Type var;                                                     \
  if (size < sizeof(Type)) return TooShort(size, sizeof(Type)); \
  std::memcpy(&var, data, sizeof(Type))

}  // namespace

absl::StatusOr<Event> RecordConverter::Convert(const void* data, size_t size) {
  Event e;
  if (absl::Status s = ConvertInto(data, size, &e); !s.ok()) return s;
  return e;
}

absl::Status RecordConverter::ConvertInto(const void* data, size_t size, Event* out) {
  CTRACE_READ_RECORD(ctrace_record_header, header);
  Event& e = *out;
  e.ts_ns = header.ts_ns;
  e.cpu = static_cast<uint16_t>(header.cpu);
  e.tid = header.tid;
  e.pid = header.pid;
  switch (header.kind) {
    case CTRACE_REC_SWITCH: {
      CTRACE_READ_RECORD(ctrace_switch_record, r);
      e.kind = EventKind::kSchedSwitch;
      e.sched_switch = {.prev_state = r.prev_state,
                        .preempt = static_cast<uint8_t>(r.preempt != 0),
                        .prev_syscall = r.prev_syscall < 0 ? kNoSyscall : r.prev_syscall,
                        .next_tid = r.next_tid,
                        .next_pid = r.next_pid};
      if (size >= sizeof(ctrace_blocking_switch_record)) {
        CTRACE_READ_RECORD(ctrace_blocking_switch_record, b);
        e.sched_switch.wait_args[0] = b.wait_args[0];
        e.sched_switch.wait_args[1] = b.wait_args[1];
      }
      return absl::OkStatus();
    }
    case CTRACE_REC_WAKING:
    case CTRACE_REC_WAKEUP:
    case CTRACE_REC_WAKEUP_NEW: {
      CTRACE_READ_RECORD(ctrace_wakeup_record, r);
      e.kind = static_cast<EventKind>(header.kind);
      e.wakeup = {.waker_tid = r.waker_tid, .waker_pid = r.waker_pid, .target_cpu = r.target_cpu};
      return absl::OkStatus();
    }
    case CTRACE_REC_FORK: {
      CTRACE_READ_RECORD(ctrace_fork_record, r);
      e.kind = EventKind::kProcessFork;
      e.fork = {
          .parent_tid = r.parent_tid, .parent_pid = r.parent_pid, .comm = intern_(Bounded(r.comm))};
      if (e.tid == e.pid) {
        ++counts_.processes_created;
      } else {
        ++counts_.threads_created;
      }
      return absl::OkStatus();
    }
    case CTRACE_REC_EXEC: {
      CTRACE_READ_RECORD(ctrace_exec_record, r);
      e.kind = EventKind::kProcessExec;
      size_t argv_len = std::min<size_t>(r.argv_len, sizeof(r.argv));
      // NULs separate the arguments; drop the one that ends the last.
      if (argv_len > 0 && r.argv[argv_len - 1] == '\0') --argv_len;
      e.exec = {.old_tid = r.old_tid,
                .filename = intern_(Bounded(r.filename)),
                .comm = intern_(Bounded(r.comm)),
                .argv = intern_(std::string_view(r.argv, argv_len))};
      ++counts_.execs;
      return absl::OkStatus();
    }
    case CTRACE_REC_EXIT: {
      CTRACE_READ_RECORD(ctrace_exit_record, r);
      e.kind = EventKind::kProcessExit;
      e.exit = {.exit_code = r.exit_code,
                .group_dead = static_cast<uint8_t>(r.group_dead != 0),
                .voluntary_switches = r.nvcsw,
                .involuntary_switches = r.nivcsw,
                .cpu_time_ns = r.sum_exec_runtime};
      // The command line as the process left it: arguments '\0'-separated, trailing NULs
      // (the padding a retitled argv leaves) dropped.
      size_t title_len = std::min<size_t>(r.title_len, sizeof(r.title));
      while (title_len > 0 && r.title[title_len - 1] == '\0') --title_len;
      if (title_len > 0) e.exit.title = intern_(std::string_view(r.title, title_len));
      return absl::OkStatus();
    }
    case CTRACE_REC_RENAME: {
      CTRACE_READ_RECORD(ctrace_rename_record, r);
      e.kind = EventKind::kTaskRename;
      e.rename = {.comm = intern_(Bounded(r.comm))};
      return absl::OkStatus();
    }
    case CTRACE_REC_MIGRATE: {
      CTRACE_READ_RECORD(ctrace_migrate_record, r);
      e.kind = EventKind::kMigrate;
      e.migrate = {.orig_cpu = r.orig_cpu, .dest_cpu = r.dest_cpu};
      return absl::OkStatus();
    }
    case CTRACE_REC_SYS_ENTER: {
      CTRACE_READ_RECORD(ctrace_sys_enter_record, r);
      e.kind = EventKind::kSyscallEnter;
      e.syscall_enter = {
          .nr = r.nr, .args = {r.args[0], r.args[1], r.args[2]}, .str = kEmptyString};
      if (HasFilename(r.nr)) {
        CTRACE_READ_RECORD(ctrace_exec_enter_record, x);
        e.syscall_enter.str = intern_(Bounded(x.filename));
      }
      return absl::OkStatus();
    }
    case CTRACE_REC_SYS_EXIT: {
      CTRACE_READ_RECORD(ctrace_sys_exit_record, r);
      e.kind = EventKind::kSyscallExit;
      e.syscall_exit = {.nr = r.nr, .ret = r.ret};
      return absl::OkStatus();
    }
    case CTRACE_REC_TASK_CREATE:
    case CTRACE_REC_TASK_RESUME:
    case CTRACE_REC_TASK_SUSPEND:
    case CTRACE_REC_TASK_END:
    case CTRACE_REC_TASK_WAKE: {
      CTRACE_READ_RECORD(ctrace_task_record, r);
      if (r.source != CTRACE_TASK_SOURCE_PROBES && r.source != CTRACE_TASK_SOURCE_GO) {
        return absl::DataLossError(absl::StrFormat("task record of unknown source %u", r.source));
      }
      e.kind = static_cast<EventKind>(header.kind);
      e.task = {.id = r.id,
                .other = r.other,
                .str = kEmptyString,
                .source = static_cast<TaskSource>(r.source)};
      if (header.kind == CTRACE_REC_TASK_CREATE && r.source == CTRACE_TASK_SOURCE_GO) {
        CTRACE_READ_RECORD(ctrace_go_create_record, c);
        e.task.str = go_name_ ? go_name_(c.binary, c.start_pc) : kEmptyString;
      } else if (header.kind == CTRACE_REC_TASK_CREATE) {
        CTRACE_READ_RECORD(ctrace_task_create_record, c);
        e.task.str = intern_(Bounded(c.name));
      } else if (header.kind == CTRACE_REC_TASK_SUSPEND && r.reason != 0 && reason_) {
        e.task.str = reason_(static_cast<TaskSource>(r.source), r.reason);
      }
      ++counts_.task_events;
      return absl::OkStatus();
    }
    default:
      return absl::DataLossError(
          absl::StrFormat("ring buffer record of unknown kind %u", header.kind));
  }
}

#undef CTRACE_READ_RECORD

}  // namespace ctrace
