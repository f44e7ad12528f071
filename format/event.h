// The decoded form of one recorded event, as every layer above the recorder sees it.
//
// The collector converts the kernel's records (bpf/events.h) into these; the trace file
// stores them (see docs/trace-format.md); the reader hands them back. Strings (thread names,
// exec filenames, argv) are not stored inline: they are ids into the trace's string table,
// where id 0 is the empty string.
#ifndef CTRACE_FORMAT_EVENT_H_
#define CTRACE_FORMAT_EVENT_H_

#include <cstdint>
#include <string_view>

namespace ctrace {

// Values are part of the file format: never renumber, only append.
enum class EventKind : uint8_t {
  kSchedSwitch = 1,      // tid/pid = outgoing thread (prev); payload: switch
  kSchedWaking = 2,      // tid/pid = wakee; payload: wakeup (waker = the waking thread)
  kSchedWakeup = 3,      // tid/pid = wakee; payload: wakeup (waker = thread current on `cpu`)
  kSchedWakeupNew = 4,   // tid/pid = new task's first wakeup; payload: wakeup
  kProcessFork = 5,      // tid/pid = child; payload: fork (thread if tid != pid)
  kProcessExec = 6,      // tid/pid = thread that exec'd (after exec, tid == pid); payload: exec
  kProcessExit = 7,      // tid/pid = exiting thread; payload: exit
  kTaskRename = 8,       // tid/pid = renamed thread; payload: rename
  kMigrate = 9,          // tid/pid = migrated thread; payload: migrate
  kSyscallEnter = 10,    // tid/pid = calling thread; payload: syscall_enter
  kSyscallExit = 11,     // tid/pid = calling thread; payload: syscall_exit
  kThreadSnapshot = 12,  // written by the collector for threads alive when tracing began
  kLost = 13,            // the kernel dropped `lost.count` records on `cpu` before `ts_ns`
  // User-level tasks (format version 2; docs/tasks.md): tid/pid = the thread the task event
  // happened on; payload: task.
  kTaskCreate = 14,   // task.id exists; task.other = its parent's id (0: none), task.str = name
  kTaskResume = 15,   // the thread starts or continues running task.id
  kTaskSuspend = 16,  // the thread stops running task.id; task.str = why (0: not said)
  kTaskEnd = 17,      // task.id is finished (its id may be reused afterwards)
  kTaskWake = 18,     // task.id is made ready to run by task.other (0: not a task)
  // Format version 3: tid/pid = the process (its leader); payload: address_name. Written by
  // the recorder for a futex word a thread slept on that is a global variable of the process.
  kAddressName = 19,
  // Format version 4: tid/pid = the process (its leader); payload: task, with task.state and
  // task.reason. Written by the recorder when it attaches to a running program, for each task
  // that already exists (a goroutine read from the Go runtime's list of them): its id, its
  // parent's (task.other), its name (task.str) and what it was doing then.
  kTaskSnapshot = 20,
};
inline constexpr uint8_t kMaxEventKind = 20;
// The last kind each format version has (trace_file.h: kTraceFormatVersion).
inline constexpr uint8_t kMaxEventKindV1 = 13;
inline constexpr uint8_t kMaxEventKindV2 = 18;
inline constexpr uint8_t kMaxEventKindV3 = 19;

std::string_view EventKindName(EventKind kind);

inline constexpr uint32_t kEmptyString = 0;  // string id of ""
inline constexpr int32_t kNoSyscall = -1;    // switch.prev_syscall when not in a syscall

// Linux task state bits as reported by the sched_switch tracepoint's prev_state argument
// (include/linux/sched.h). 0 means TASK_RUNNING: the thread was preempted and stays runnable.
inline constexpr uint32_t kTaskInterruptible = 0x1;
inline constexpr uint32_t kTaskUninterruptible = 0x2;
inline constexpr uint32_t kTaskStopped = 0x4;
inline constexpr uint32_t kTaskTraced = 0x8;
inline constexpr uint32_t kTaskDead = 0x80;  // EXIT_DEAD 0x10 / EXIT_ZOMBIE 0x20 / TASK_DEAD 0x80

struct SwitchPayload {
  uint32_t prev_state;   // task state bits of prev when it left the CPU (see kTask*)
  uint8_t preempt;       // 1 if prev was preempted (involuntary switch), 0 if it gave up the CPU
  int32_t prev_syscall;  // x86-64 syscall number prev blocked in (orig_ax); kNoSyscall if not in
                         // a syscall, or if prev was preempted (prev_state 0: no reason needed)
  int32_t next_tid;      // 0 is the idle task
  int32_t next_pid;
  // The first two arguments of the syscall prev blocked in (its saved rdi and rsi: a futex's
  // uaddr and op, a read's fd); only with prev_syscall set, and from format version 2.
  int64_t wait_args[2] = {0, 0};
};

struct WakeupPayload {
  // The thread whose doing the wakeup was: the one running on `cpu` when it fired; 0 for the
  // idle task and, on Linux 6.15 and later, for a wakeup from interrupt context (a timer, an
  // interrupt, a softirq), which the interrupted thread did not cause.
  int32_t waker_tid;
  int32_t waker_pid;
  int32_t target_cpu;  // CPU the wakee will run on
};

struct ForkPayload {
  int32_t parent_tid;  // the thread that called clone/fork/vfork
  int32_t parent_pid;
  uint32_t comm;  // child's name at creation (string id)
};

struct ExecPayload {
  int32_t old_tid;    // tid before exec (differs from tid when a non-leader thread exec'd)
  uint32_t filename;  // string id
  uint32_t comm;      // name after exec (string id)
  uint32_t argv;      // the new program's argv joined with '\0' (string id; empty with --no-args)
};

struct ExitPayload {
  int32_t exit_code;              // task->exit_code: (status << 8) | termsig, as wait(2) sees it
  uint8_t group_dead;             // 1 if this was the last thread of its process
  uint64_t voluntary_switches;    // task->nvcsw at exit: the kernel's own count
  uint64_t involuntary_switches;  // task->nivcsw at exit
  uint64_t cpu_time_ns;           // task->se.sum_exec_runtime at exit
  // The process's command line as it reads at its last thread's exit (string id, '\0'-
  // separated, cut to what the recorder keeps): a server that rewrote its argv to title itself
  // ("nginx: worker process") says so here. 0 when not read; format version 2.
  uint32_t title = kEmptyString;
};

struct RenamePayload {
  uint32_t comm;  // new name (string id)
};

struct MigratePayload {
  int32_t orig_cpu;
  int32_t dest_cpu;
};

struct SyscallEnterPayload {
  int32_t nr;       // x86-64 syscall number (format/syscall_table.h)
  int64_t args[3];  // meaning depends on nr; see docs/trace-format.md
  uint32_t str;     // execve/execveat: the filename asked for (string id; argv is on the exec
                    // event, read from the new program once the exec succeeded)
};

struct SyscallExitPayload {
  int32_t nr;
  int64_t ret;  // return value; negative is -errno
};

struct SnapshotPayload {
  int32_t ppid;   // parent process id at the time of the snapshot
  uint32_t comm;  // string id
};

struct LostPayload {
  uint64_t count;  // records dropped on `cpu` since the previous kLost event for that CPU
};

// Who announces a task (format version 2). Values are part of the file format.
enum class TaskSource : uint8_t {
  kProbes = 1,     // the ctrace:task_* USDT probes a program placed (docs/tasks.md)
  kGoRuntime = 2,  // uprobes in the Go runtime: goroutines
};
inline constexpr uint8_t kMaxTaskSource = 2;

// For kGoRuntime, a suspend's `other` is the goroutine status it goes to and a resume's the
// one it comes from (docs/goroutines.md): a wait is kGoWaiting.
inline constexpr uint64_t kGoWaiting = 4;

struct TaskPayload {
  uint64_t id;     // the task's id, unique within its process and source while it lives
  uint64_t other;  // create: the parent's id; wake: the waker's id; Go suspend/resume: the
                   // status (above); 0 = none
  uint32_t str;    // create, snapshot: the name; suspend: the reason (string ids, 0 = none)
  TaskSource source;
  // task_snapshot only: what it was doing (for a goroutine its Go status, kGoWaiting, ...;
  // 0: not said) and, waiting, why (string id, 0: not said).
  uint8_t state = 0;
  uint32_t reason = 0;
};

// What a user address of a process is, as its ELF files' symbol tables say (format version 3):
// the global variable that holds it, "name" or "name+0x18" for a field inside one.
struct AddressNamePayload {
  uint64_t address;  // in the process's address space
  uint32_t name;     // string id: the variable (demangled), with +0xOFFSET when not its start
  uint32_t object;   // string id: the path of the ELF file that defines it
};

struct Event {
  uint64_t ts_ns = 0;  // CLOCK_MONOTONIC, nanoseconds
  EventKind kind = EventKind::kSchedSwitch;
  uint16_t cpu = 0;  // CPU the event was recorded on
  int32_t tid = 0;   // subject thread (see EventKind)
  int32_t pid = 0;   // subject thread's process (tgid)
  union {
    SwitchPayload sched_switch;
    WakeupPayload wakeup;
    ForkPayload fork;
    ExecPayload exec;
    ExitPayload exit;
    RenamePayload rename;
    MigratePayload migrate;
    SyscallEnterPayload syscall_enter;
    SyscallExitPayload syscall_exit;
    SnapshotPayload snapshot;
    LostPayload lost;
    TaskPayload task;
    AddressNamePayload address_name;
  };

  Event() : syscall_enter{} {}  // the largest member: zeroes the whole payload
};

}  // namespace ctrace

#endif  // CTRACE_FORMAT_EVENT_H_
