/* The records the BPF programs (ctrace.bpf.c) put in the ring buffer: the whole ABI between
 * kernel and user space. Plain fixed-width fields, each record starts with the same header,
 * and every struct is laid out without implicit padding so both compilers agree.
 *
 * Included from BPF C (after vmlinux.h, which defines __u32 etc.) and from C++ (which gets
 * them from <linux/types.h>). */
#ifndef CTRACE_BPF_EVENTS_H_
#define CTRACE_BPF_EVENTS_H_

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define CTRACE_COMM_LEN 16
#define CTRACE_FILENAME_LEN 256
#define CTRACE_ARGV_LEN 512      /* bytes of argv kept per exec, '\0'-separated */
#define CTRACE_PID_LIMIT 4194304 /* PID_MAX_LIMIT on 64-bit kernels: tgids are below it */
#define CTRACE_TITLE_LEN 128     /* bytes of the command line kept at a process's exit */
#define CTRACE_TASK_NAME_LEN 64  /* bytes of a task's name kept at task_create */
#define CTRACE_IRQ_CPUS 1024     /* CPUs whose timer and interrupt work the probes follow */

/* The probes' own per-CPU state (in .bss, not a record): how deep the CPU is in timer or
 * interrupt work, and since when (bpf/ctrace.bpf.c, "in_task_context"); and the thread whose
 * next sched_wakeup on this CPU repeats what its sched_waking said ("redundant_wakeup"). One
 * cache line each: only its own CPU writes it. */
struct ctrace_interrupt_work {
  __u32 depth;
  __s32 redundant_wakeup_tid; /* 0: none */
  __u64 since_ns;
  __u64 redundant_wakeup_ns; /* when the waking armed it */
  __u64 fill[5];
};

/* x86-64 numbers of the syscalls the probes record for every traced thread, and normalise
 * the arguments of (arch/x86/entry/syscalls/syscall_64.tbl). The collector checks each, and
 * that these are exactly the table's recorded_by_default calls, against
 * format/syscall_table.h at compile time. */
#define CTRACE_NR_CLONE 56
#define CTRACE_NR_FORK 57
#define CTRACE_NR_VFORK 58
#define CTRACE_NR_EXECVE 59
#define CTRACE_NR_EPOLL_WAIT 232
#define CTRACE_NR_EPOLL_PWAIT 281
#define CTRACE_NR_EXECVEAT 322
#define CTRACE_NR_CLONE3 435
#define CTRACE_NR_EPOLL_PWAIT2 441

/* Values match ctrace::EventKind (format/event.h) so the collector can copy them (checked at
 * compile time in collector/record_converter.cpp). */
enum ctrace_record_kind {
  CTRACE_REC_SWITCH = 1,
  CTRACE_REC_WAKING = 2,
  CTRACE_REC_WAKEUP = 3,
  CTRACE_REC_WAKEUP_NEW = 4,
  CTRACE_REC_FORK = 5,
  CTRACE_REC_EXEC = 6,
  CTRACE_REC_EXIT = 7,
  CTRACE_REC_RENAME = 8,
  CTRACE_REC_MIGRATE = 9,
  CTRACE_REC_SYS_ENTER = 10,
  CTRACE_REC_SYS_EXIT = 11,
  CTRACE_REC_TASK_CREATE = 14,
  CTRACE_REC_TASK_RESUME = 15,
  CTRACE_REC_TASK_SUSPEND = 16,
  CTRACE_REC_TASK_END = 17,
  CTRACE_REC_TASK_WAKE = 18,
};

/* Who a task record comes from; values match ctrace::TaskSource. */
enum ctrace_task_source {
  CTRACE_TASK_SOURCE_PROBES = 1, /* the ctrace:task_* USDT probes */
  CTRACE_TASK_SOURCE_GO = 2,     /* the Go runtime's uprobes */
};

struct ctrace_record_header {
  __u64 ts_ns; /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
  __u32 kind;  /* enum ctrace_record_kind */
  __u32 cpu;   /* bpf_get_smp_processor_id() */
  __s32 tid;   /* subject thread, as in ctrace::Event */
  __s32 pid;   /* subject thread's tgid */
};

struct ctrace_switch_record {
  struct ctrace_record_header h; /* tid/pid = prev */
  __u32 prev_state;              /* sched_switch's prev_state argument */
  __s32 prev_syscall;            /* prev's pt_regs->orig_ax, -1 if not in a syscall */
  __s32 next_tid;
  __s32 next_pid;
  __u32 preempt; /* sched_switch's preempt argument */
  __u32 pad;
};

/* A switch-out of a traced thread that blocks in a syscall (same kind, larger record): the
 * call's first two arguments too, so a futex wait says which lock. */
struct ctrace_blocking_switch_record {
  struct ctrace_switch_record s;
  __s64 wait_args[2]; /* the saved rdi and rsi of the call prev sleeps in */
};

struct ctrace_wakeup_record {
  struct ctrace_record_header h; /* tid/pid = wakee */
  __s32 waker_tid;
  __s32 waker_pid;
  __s32 target_cpu;
  __u32 pad;
};

struct ctrace_fork_record {
  struct ctrace_record_header h; /* tid/pid = child */
  __s32 parent_tid;
  __s32 parent_pid;
  char comm[CTRACE_COMM_LEN];
};

struct ctrace_exec_record {
  struct ctrace_record_header h;
  __s32 old_tid;
  __u32 argv_len; /* bytes used in argv; 0 with --no-args */
  char comm[CTRACE_COMM_LEN];
  char filename[CTRACE_FILENAME_LEN];
  /* The new program's argv, '\0'-separated, read from its fresh stack (mm->arg_start):
   * reading the caller's argv at execve entry fails whenever its pages are not yet faulted
   * in (e.g. string literals in a just-forked child), which BPF cannot do. */
  char argv[CTRACE_ARGV_LEN];
};

struct ctrace_exit_record {
  struct ctrace_record_header h;
  __s32 exit_code; /* task->exit_code */
  __u32 group_dead;
  __u64 nvcsw;            /* task->nvcsw */
  __u64 nivcsw;           /* task->nivcsw */
  __u64 sum_exec_runtime; /* task->se.sum_exec_runtime, ns */
  /* The last thread's exit: the command line as it reads now, from mm->arg_start (a server
   * that rewrote its argv titled itself there). 0 bytes if not read. */
  __u32 title_len;
  __u32 pad;
  char title[CTRACE_TITLE_LEN];
};

struct ctrace_rename_record {
  struct ctrace_record_header h;
  char comm[CTRACE_COMM_LEN];
};

struct ctrace_migrate_record {
  struct ctrace_record_header h;
  __s32 orig_cpu;
  __s32 dest_cpu;
};

struct ctrace_sys_enter_record {
  struct ctrace_record_header h;
  __s32 nr;
  __u32 pad;
  __s64 args[3]; /* see docs/trace-format.md: per-syscall meaning */
};

/* execve/execveat entry: the filename asked for travels in a larger record (argv is in the
 * exec record, once the exec succeeded). */
struct ctrace_exec_enter_record {
  struct ctrace_sys_enter_record e;
  char filename[CTRACE_FILENAME_LEN];
};

struct ctrace_sys_exit_record {
  struct ctrace_record_header h;
  __s32 nr;
  __u32 pad;
  __s64 ret;
};

/* A task event (docs/tasks.md); tid/pid = the thread it happened on. */
struct ctrace_task_record {
  struct ctrace_record_header h;
  __u64 id;
  __u64 other;  /* create: parent id; wake: waker id; 0: none */
  __u32 source; /* enum ctrace_task_source */
  __u32 reason; /* suspend: a small code the source gives (Go: the wait reason), 0: none */
};

struct ctrace_task_create_record {
  struct ctrace_task_record t;
  char name[CTRACE_TASK_NAME_LEN]; /* NUL-terminated; empty if the pointer could not be read */
};

/* ---- goroutines: uprobes in the Go runtime (docs/goroutines.md) ---- */

#define CTRACE_GO_BINARIES 32 /* Go binaries per recording whose goroutines are followed */

/* Where runtime.g and runtime.m keep what the probes read, for one Go binary (indexed by the
 * uprobe's cookie, which the collector sets to the binary's index). */
struct ctrace_go_layout {
  __u32 g_m;
  __u32 g_atomicstatus;
  __u32 g_goid;
  __u32 g_waitreason;
  __u32 g_startpc;
  __u32 m_curg;
  /* Where the creation probe finds the new g: 0 in AX (just past the call to newproc1), 1 in
   * BX (at the call to runqput(pp, newg, next) that follows). */
  __u32 newg_in_bx;
  __u32 pad;
  /* The creation probe's link-time address: where it fires, less this, is how far the
   * process's image was moved at load (a position-independent binary), so g.startpc can be
   * given as a link-time address, which the binary's symbols name. */
  __u64 creation_probe;
};

/* A goroutine's creation. Its name is the function it starts with, which only user space can
 * name (from the binary's symbols): the record carries the function's address and the
 * binary's index instead of a name. */
struct ctrace_go_create_record {
  struct ctrace_task_record t; /* source CTRACE_TASK_SOURCE_GO, kind CTRACE_REC_TASK_CREATE */
  __u64 start_pc;              /* g.startpc, as a link-time address */
  __u32 binary;                /* the cookie: index of the binary */
  __u32 pad;
};

/* A Go suspension's reason (ctrace_task_record.reason): the binary's index and g.waitreason,
 * or CTRACE_GO_REASON_* for a suspension without a wait reason. */
#define CTRACE_GO_REASON(binary, waitreason) (((binary) << 8) | (waitreason))
#define CTRACE_GO_REASON_RUNNABLE 0xFFFFFF01  /* 2 -> 1: it yielded or was preempted */
#define CTRACE_GO_REASON_PREEMPTED 0xFFFFFF02 /* stopped by the GC (casGToPreemptScan) */
#define CTRACE_GO_REASON_SYSCALL 0xFFFFFF03   /* its syscall returned without a P: 3 -> 1 */

#endif /* CTRACE_BPF_EVENTS_H_ */
