// SPDX-License-Identifier: GPL-2.0
/* ctrace's kernel side: scheduler, lifecycle and syscall events (a selected set, or all of
 * them with --syscalls) of the traced process tree, written to one ring buffer. Small on
 * purpose: filter early, copy fields, submit without waking the consumer. Every decision about
 * meaning lives in user space.
 *
 * Each probe exists twice: as tp_btf (BTF-typed, the default) and as raw_tp (the fallback
 * the collector switches to if tp_btf does not load). Both call the same handler. The hot
 * handlers (switch, wakeups, syscall exit) take a compile-time `direct` flag: tp_btf
 * arguments are BTF pointers the verifier lets us load from directly (a plain load), while
 * raw_tp must go through bpf_probe_read_kernel (BPF_CORE_READ, a helper call each). Measured
 * on a pinned pipe ping-pong, the helper calls were most of the wakeup probes' cost. */
// vmlinux.h must come before the libbpf headers that use its types.
// clang-format off
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>
#include "events.h"
#include "go_transitions.h"
// clang-format on

char LICENSE[] SEC("license") = "GPL";

/* Set by the collector before load. In .rodata, which the loader freezes: the verifier knows
 * their values and drops the branches they turn off, so an option that is off costs nothing. */
const volatile __u32 record_exec_args = 1;
/* Keep every sched_wakeup record, even those that repeat their sched_waking (on_wakeup): for
 * the tests and benchmarks that compare (CTRACE_KEEP_ALL_WAKEUPS=1). */
const volatile __u32 keep_all_wakeups = 0;
/* --syscalls: record every syscall's entry (nr, first three arguments) and exit (result),
 * not only the creation, exec and epoll calls. */
const volatile __u32 record_all_syscalls = 0;

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 16 << 20); /* resized by the collector (--buffer-size) */
} events SEC(".maps");

/* The traced process tree, as a bitmap over tgids in .bss (a global array map): testing a
 * bit is a plain load, where a hash map lookup is a helper call, and the scheduler probes
 * test on every context switch of the machine. The collector sets the root's bit through
 * the skeleton's memory-mapped .bss; fork sets the child's; the last thread's exit clears
 * the process's. `tracked_processes` counts set bits so the collector knows when the tree is
 * gone without scanning. */
__u64 tracked_bits[CTRACE_PID_LIMIT / 64];
__s64 tracked_processes;
/* Set by the collector when it stops: the task probes, whose uprobes take long to detach
 * (the kernel waits out every CPU per probe), drop their hits from then on. */
__u32 tasks_stopped;

/* Records dropped because the ring buffer was full, per CPU. The collector reads these and
 * writes them into the trace, so a lost event is never silent. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} dropped SEC(".maps");

/* Index of tgid's word. The mask is a no-op for tgids below the (power of two) limit, but
 * the verifier needs to see it; the empty asm stops clang from dropping it as redundant
 * after the caller's own bounds check. */
static __always_inline __u32 word_index(__u32 tgid) {
  __u32 i = tgid / 64;
  asm volatile("" : "+r"(i));
  return i & (CTRACE_PID_LIMIT / 64 - 1);
}
#define TRACKED_WORD(tgid) tracked_bits[word_index(tgid)]

static __always_inline bool is_tracked(__u32 tgid) {
  if (tgid >= CTRACE_PID_LIMIT) return false;
  return TRACKED_WORD(tgid) & (1ULL << (tgid % 64));
}

static __always_inline void track(__u32 tgid) {
  if (tgid >= CTRACE_PID_LIMIT) return;
  __u64 bit = 1ULL << (tgid % 64);
  if (!(__sync_fetch_and_or(&TRACKED_WORD(tgid), bit) & bit))
    __sync_fetch_and_add(&tracked_processes, 1);
}

static __always_inline void untrack(__u32 tgid) {
  if (tgid >= CTRACE_PID_LIMIT) return;
  __u64 bit = 1ULL << (tgid % 64);
  if (__sync_fetch_and_and(&TRACKED_WORD(tgid), ~bit) & bit)
    __sync_fetch_and_add(&tracked_processes, -1);
}

static __always_inline void* reserve(__u64 size) {
  void* rec = bpf_ringbuf_reserve(&events, size, 0);
  if (!rec) {
    __u32 zero = 0;
    __u64* count = bpf_map_lookup_elem(&dropped, &zero);
    if (count) *count += 1;
  }
  return rec;
}

/* Never wake the consumer: it drains on a timer. Waking it per event made a pinned pipe
 * ping-pong ~2.2x slower on these machines (docs/recording.md, "The ring buffer"). */
static __always_inline void submit(void* rec) { bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP); }

static __always_inline void fill_header(struct ctrace_record_header* h, __u32 kind, __s32 tid,
                                        __s32 pid) {
  h->ts_ns = bpf_ktime_get_ns();
  h->kind = kind;
  h->cpu = bpf_get_smp_processor_id();
  h->tid = tid;
  h->pid = pid;
}

/* A field of a BTF-typed pointer: a direct (CO-RE relocated) load in tp_btf programs, a
 * probe read in raw_tp ones. `direct` is a constant, so the other branch is compiled out. */
#define READ(direct, ptr, field) ((direct) ? (ptr)->field : BPF_CORE_READ(ptr, field))

static __always_inline __s32 task_cpu(struct task_struct* t) {
  return BPF_CORE_READ(t, thread_info.cpu);
}

/* How deep each CPU is in interrupt work that wakes threads on nobody's behalf: hrtimer
 * callbacks (the expiry of a sleep, a futex or epoll timeout, the scheduler tick; they run in
 * hard interrupt context), timer_list callbacks (softirq) and device interrupt handlers. A
 * wakeup from there runs on top of whatever thread it interrupted, which did nothing to cause
 * it, so its record names no waker. (The kernel's preempt count would say the same directly,
 * but it is a per-CPU variable, whose address the verifier finds only with
 * CONFIG_KALLSYMS_ALL, which these kernels lack.) Softirqs run on a thread's behalf, like a
 * loopback packet's delivery inside its sender's send, keep the thread as the waker. One
 * cache line per CPU: each is written only by its own CPU, at every timer expiry (and, for
 * the repeated wakeups below, at wakings). */
struct ctrace_interrupt_work interrupt_work[CTRACE_IRQ_CPUS];

/* No timer callback or interrupt handler runs this long: a depth older than this lost its
 * end (recording began, or stopped, between a beginning and its end). */
#define CTRACE_INTERRUPT_WORK_MAX_NS 10000000ULL

static __always_inline struct ctrace_interrupt_work* interrupt_work_here(void) {
  __u32 cpu = bpf_get_smp_processor_id();
  if (cpu >= CTRACE_IRQ_CPUS) return 0;
  return &interrupt_work[cpu];
}

static __always_inline int interrupt_work_begins(void) {
  struct ctrace_interrupt_work* w = interrupt_work_here();
  if (!w) return 0;
  if (w->depth == 0) w->since_ns = bpf_ktime_get_ns();
  w->depth += 1;
  return 0;
}

/* An end without a beginning (recording started inside the callback) leaves the depth at 0.
 * The ends are attached before the beginnings (they come first below), so a beginning is
 * never seen without its end. */
static __always_inline int interrupt_work_ends(void) {
  struct ctrace_interrupt_work* w = interrupt_work_here();
  if (w && w->depth > 0) w->depth -= 1;
  return 0;
}

/* `w` is this CPU's interrupt_work_here(). */
static __always_inline bool in_task_context(struct ctrace_interrupt_work* w) {
  if (!w || w->depth == 0) return true;
  if (bpf_ktime_get_ns() - w->since_ns < CTRACE_INTERRUPT_WORK_MAX_NS) return false;
  w->depth = 0; /* stale */
  return true;
}

/* A wakeup is two events, sched_waking where try_to_wake_up begins and sched_wakeup where the
 * thread is made runnable. When the waking finds the thread off its CPU (on_cpu 0: its
 * switch-out is over, and recorded), the model makes it runnable at the waking already and
 * ignores the sched_wakeup, so that record is left out (docs/recording.md, "Wakeups"): a
 * quarter of a pipe ping-pong's records. Only the sched_wakeup of the same try_to_wake_up
 * call is left out: it fires on the waking's CPU before that CPU does anything else (the call
 * holds p->pi_lock with interrupts off from one to the other). The waking arms its CPU's slot
 * with the thread and its time; the next sched_wakeup or sched_switch on the CPU disarms it,
 * and a sched_wakeup of that thread there within CTRACE_REDUNDANT_WAKEUP_NS is the one left
 * out. A wakeup queued to another CPU fires its sched_wakeup there and leaves the slot armed:
 * the time limit keeps a later wakeup of the thread on this CPU, which a switch-free idle CPU
 * could deliver, from being taken for it. A waking that finds the thread on its CPU arms
 * nothing: its sched_wakeup is the one that makes the thread runnable. */
#define CTRACE_REDUNDANT_WAKEUP_NS 20000ULL

static __always_inline void disarm_redundant_wakeup(void) {
  struct ctrace_interrupt_work* w = interrupt_work_here();
  if (w && w->redundant_wakeup_tid != 0) w->redundant_wakeup_tid = 0;
}

/* ---- scheduler ---- */

static __always_inline void fill_switch(bool direct, struct ctrace_switch_record* r, bool preempt,
                                        struct task_struct* prev, __s32 prev_pid,
                                        struct task_struct* next, __s32 next_pid,
                                        unsigned int prev_state, __s32 prev_syscall) {
  fill_header(&r->h, CTRACE_REC_SWITCH, READ(direct, prev, pid), prev_pid);
  r->prev_state = prev_state;
  r->preempt = preempt;
  r->next_tid = READ(direct, next, pid);
  r->next_pid = next_pid;
  r->pad = 0;
  r->prev_syscall = prev_syscall;
}

static __always_inline int on_switch(bool direct, bool preempt, struct task_struct* prev,
                                     struct task_struct* next, unsigned int prev_state) {
  disarm_redundant_wakeup();
  __s32 prev_pid = READ(direct, prev, tgid);
  __s32 next_pid = READ(direct, next, tgid);
  bool prev_tracked = prev_pid != 0 && is_tracked(prev_pid);
  /* Kept when either side is traced, so the CPU view shows who else held the CPU. */
  if (!prev_tracked && !(next_pid != 0 && is_tracked(next_pid))) return 0;

  if (prev_tracked && prev_state != 0) {
    /* Only a thread that blocks needs a reason. sched_switch fires on the outgoing task, so
     * prev is current: its saved user registers say which syscall it is blocked in (orig_ax;
     * -1 when it entered the kernel otherwise) and with what first two arguments (rdi, rsi:
     * a futex's address and operation). */
    struct task_struct* cur = bpf_get_current_task_btf();
    struct pt_regs* regs = (struct pt_regs*)bpf_task_pt_regs(cur);
    __s32 syscall = regs ? READ(direct, regs, orig_ax) : -1;
    if (syscall >= 0) {
      struct ctrace_blocking_switch_record* r = reserve(sizeof(*r));
      if (!r) return 0;
      fill_switch(direct, &r->s, preempt, prev, prev_pid, next, next_pid, prev_state, syscall);
      r->wait_args[0] = READ(direct, regs, di);
      r->wait_args[1] = READ(direct, regs, si);
      submit(r);
      return 0;
    }
  }
  struct ctrace_switch_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_switch(direct, r, preempt, prev, prev_pid, next, next_pid, prev_state, -1);
  submit(r);
  return 0;
}

static __always_inline int on_wakeup(bool direct, __u32 kind, struct task_struct* p) {
  struct ctrace_interrupt_work* w = interrupt_work_here();
  __s32 tid = READ(direct, p, pid);
  if (kind == CTRACE_REC_WAKEUP && w && w->redundant_wakeup_tid != 0) {
    bool redundant = w->redundant_wakeup_tid == tid &&
                     bpf_ktime_get_ns() - w->redundant_wakeup_ns < CTRACE_REDUNDANT_WAKEUP_NS;
    w->redundant_wakeup_tid = 0;
    if (redundant) return 0;
  }
  __s32 pid = READ(direct, p, tgid);
  if (!is_tracked(pid)) return 0;
  struct ctrace_wakeup_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, kind, tid, pid);
  __u64 waker = in_task_context(w) ? bpf_get_current_pid_tgid() : 0;
  r->waker_tid = (__u32)waker;
  r->waker_pid = waker >> 32;
  r->target_cpu = direct ? p->thread_info.cpu : task_cpu(p);
  r->pad = 0;
  __u64 ts = r->h.ts_ns;
  submit(r);
  /* Armed only once the waking is in the buffer: a lost waking leaves its wakeup to say it. */
  if (kind == CTRACE_REC_WAKING && w && !keep_all_wakeups) {
    w->redundant_wakeup_tid = READ(direct, p, on_cpu) ? 0 : tid;
    w->redundant_wakeup_ns = ts;
  }
  return 0;
}

static __always_inline int on_migrate(struct task_struct* p, int dest_cpu) {
  __s32 pid = BPF_CORE_READ(p, tgid);
  if (!is_tracked(pid)) return 0;
  struct ctrace_migrate_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_MIGRATE, BPF_CORE_READ(p, pid), pid);
  r->orig_cpu = task_cpu(p);
  r->dest_cpu = dest_cpu;
  submit(r);
  return 0;
}

/* ---- lifecycle ---- */

static __always_inline int on_fork(struct task_struct* parent, struct task_struct* child) {
  __s32 parent_pid = BPF_CORE_READ(parent, tgid);
  if (!is_tracked(parent_pid)) return 0;
  __s32 child_tid = BPF_CORE_READ(child, pid);
  __s32 child_pid = BPF_CORE_READ(child, tgid);
  /* The child cannot run before this tracepoint returns (wake_up_new_task comes after), so
   * tracking it here misses none of its events. */
  if (child_pid != parent_pid) track(child_pid);
  struct ctrace_fork_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_FORK, child_tid, child_pid);
  r->parent_tid = BPF_CORE_READ(parent, pid);
  r->parent_pid = parent_pid;
  BPF_CORE_READ_STR_INTO(&r->comm, child, comm);
  submit(r);
  return 0;
}

static __always_inline int on_exec(struct task_struct* p, pid_t old_pid,
                                   struct linux_binprm* bprm) {
  __s32 pid = BPF_CORE_READ(p, tgid);
  if (!is_tracked(pid)) return 0;
  struct ctrace_exec_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_EXEC, BPF_CORE_READ(p, pid), pid);
  r->old_tid = old_pid;
  r->argv_len = 0;
  bpf_get_current_comm(&r->comm, sizeof(r->comm));
  bpf_probe_read_kernel_str(&r->filename, sizeof(r->filename), BPF_CORE_READ(bprm, filename));
  if (record_exec_args) {
    /* The kernel has just copied argv onto the new stack: present, readable. */
    struct mm_struct* mm = BPF_CORE_READ(p, mm);
    __u64 start = BPF_CORE_READ(mm, arg_start);
    __u64 len = BPF_CORE_READ(mm, arg_end) - start;
    if (len > CTRACE_ARGV_LEN) len = CTRACE_ARGV_LEN;
    if (len > 0 && bpf_probe_read_user(&r->argv, len, (const void*)start) == 0) r->argv_len = len;
  }
  submit(r);
  return 0;
}

static __always_inline int on_exit(struct task_struct* p, bool group_dead) {
  __s32 pid = BPF_CORE_READ(p, tgid);
  if (!is_tracked(pid)) return 0;
  if (group_dead) untrack(pid);
  struct ctrace_exit_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_EXIT, BPF_CORE_READ(p, pid), pid);
  r->exit_code = BPF_CORE_READ(p, exit_code);
  r->group_dead = group_dead;
  r->nvcsw = BPF_CORE_READ(p, nvcsw);
  r->nivcsw = BPF_CORE_READ(p, nivcsw);
  r->sum_exec_runtime = BPF_CORE_READ(p, se.sum_exec_runtime);
  r->title_len = 0;
  r->pad = 0;
  if (group_dead) {
    /* The tracepoint fires before exit_mm() (Linux 6.16 and later), in the exiting task: its
     * memory is still there, and whatever a server wrote over its argv (its title) is what
     * arg_start points at. Earlier kernels have no mm here, and no title. */
    struct mm_struct* mm = BPF_CORE_READ(p, mm);
    if (mm) {
      __u64 start = BPF_CORE_READ(mm, arg_start);
      __u64 len = BPF_CORE_READ(mm, arg_end) - start;
      if (len > CTRACE_TITLE_LEN) len = CTRACE_TITLE_LEN;
      if (len > 0 && bpf_probe_read_user(&r->title, len, (const void*)start) == 0) {
        r->title_len = len;
      }
    }
  }
  submit(r);
  return 0;
}

static __always_inline int on_rename(struct task_struct* task, const char* comm) {
  __s32 pid = BPF_CORE_READ(task, tgid);
  if (!is_tracked(pid)) return 0;
  struct ctrace_rename_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_RENAME, BPF_CORE_READ(task, pid), pid);
  bpf_probe_read_kernel_str(&r->comm, sizeof(r->comm), comm);
  submit(r);
  return 0;
}

/* ---- syscalls ---- */

static __always_inline bool is_recorded_syscall(long nr) {
  switch (nr) {
    case CTRACE_NR_CLONE:
    case CTRACE_NR_CLONE3:
    case CTRACE_NR_FORK:
    case CTRACE_NR_VFORK:
    case CTRACE_NR_EXECVE:
    case CTRACE_NR_EXECVEAT:
    case CTRACE_NR_EPOLL_WAIT:
    case CTRACE_NR_EPOLL_PWAIT:
    case CTRACE_NR_EPOLL_PWAIT2:
      return true;
    default:
      return false;
  }
}

/* execve/execveat entry: the filename asked for (it may fail; the exec record says). */
static __always_inline int record_execve(const struct ctrace_record_header* h, long nr,
                                         const char* filename, __s64 dirfd, __s64 flags) {
  struct ctrace_exec_enter_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  r->e.h = *h;
  r->e.nr = nr;
  r->e.pad = 0;
  r->e.args[0] = dirfd;
  r->e.args[1] = flags;
  r->e.args[2] = 0;
  r->filename[0] = 0;
  bpf_probe_read_user_str(&r->filename, sizeof(r->filename), filename);
  submit(r);
  return 0;
}

/* The entry of a call ctrace gives meaning to (is_recorded_syscall), of the traced thread `id`:
 * its first five arguments as the syscall got them, from either kind of probe. */
static __always_inline int record_known_enter(__u64 id, long nr, __u64 a0, __u64 a1, __u64 a2,
                                              __u64 a3, __u64 a4) {
  __s32 pid = id >> 32;
  struct ctrace_record_header h;
  fill_header(&h, CTRACE_REC_SYS_ENTER, (__u32)id, pid);
  if (nr == CTRACE_NR_EXECVE) return record_execve(&h, nr, (const char*)a0, -100, 0);
  if (nr == CTRACE_NR_EXECVEAT) return record_execve(&h, nr, (const char*)a1, (int)a0, (int)a4);

  struct ctrace_sys_enter_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  r->h = h;
  r->nr = nr;
  r->pad = 0;
  r->args[0] = 0;
  r->args[1] = 0;
  r->args[2] = 0;
  if (nr == CTRACE_NR_CLONE) {
    r->args[0] = a0; /* flags */
  } else if (nr == CTRACE_NR_CLONE3) {
    /* struct clone_args starts with __u64 flags */
    __u64 flags = 0;
    bpf_probe_read_user(&flags, sizeof(flags), (void*)a0);
    r->args[0] = flags;
    r->args[1] = a1;
  } else if (nr == CTRACE_NR_EPOLL_WAIT || nr == CTRACE_NR_EPOLL_PWAIT ||
             nr == CTRACE_NR_EPOLL_PWAIT2) {
    r->args[0] = (int)a0; /* epfd */
    r->args[1] = (int)a2; /* maxevents */
    if (nr == CTRACE_NR_EPOLL_PWAIT2) {
      /* timeout is a struct __kernel_timespec *, NULL = wait forever */
      const struct __kernel_timespec* ts = (void*)a3;
      struct __kernel_timespec t = {};
      if (!ts || bpf_probe_read_user(&t, sizeof(t), ts))
        r->args[2] = -1;
      else
        r->args[2] = t.tv_sec * 1000000000LL + t.tv_nsec;
    } else {
      int ms = (int)a3; /* negative = wait forever */
      r->args[2] = ms < 0 ? -1 : (__s64)ms * 1000000LL;
    }
  }
  submit(r);
  return 0;
}

static __always_inline int record_sys_exit(__u64 id, long nr, long ret) {
  struct ctrace_sys_exit_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_SYS_EXIT, (__u32)id, id >> 32);
  r->nr = nr;
  r->pad = 0;
  r->ret = ret;
  submit(r);
  return 0;
}

/* The generic sys_enter/sys_exit probes: with --syscalls (every call of the traced threads),
 * or where the per-syscall tracepoints below are not available. */
static __always_inline int on_sys_enter(bool direct, struct pt_regs* regs, long nr) {
  /* Without --syscalls this switch on nr is the whole cost for the rest of the machine. */
  if (!record_all_syscalls && !is_recorded_syscall(nr)) return 0;
  __u64 id = bpf_get_current_pid_tgid();
  if (!is_tracked(id >> 32)) return 0;
  if (is_recorded_syscall(nr)) {
    return record_known_enter(id, nr, PT_REGS_PARM1_CORE_SYSCALL(regs),
                              PT_REGS_PARM2_CORE_SYSCALL(regs), PT_REGS_PARM3_CORE_SYSCALL(regs),
                              PT_REGS_PARM4_CORE_SYSCALL(regs), PT_REGS_PARM5_CORE_SYSCALL(regs));
  }
  /* Any other call (--syscalls only): its first three arguments, raw. User space names them
   * (viewer/core/syscall_format.h). */
  struct ctrace_sys_enter_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, CTRACE_REC_SYS_ENTER, (__u32)id, id >> 32);
  r->nr = nr;
  r->pad = 0;
  r->args[0] = READ(direct, regs, di); /* x86-64: rdi, rsi, rdx */
  r->args[1] = READ(direct, regs, si);
  r->args[2] = READ(direct, regs, dx);
  submit(r);
  return 0;
}

static __always_inline int on_sys_exit(bool direct, struct pt_regs* regs, long ret) {
  /* Runs on every syscall exit of the machine. Without --syscalls the orig_ax load and the
   * switch on it reject almost every call, before the traced-set test; with it every call of
   * a traced thread is kept, so the traced-set test comes first and the load only after. */
  __u64 id;
  long nr;
  if (record_all_syscalls) {
    id = bpf_get_current_pid_tgid();
    if (!is_tracked(id >> 32)) return 0;
    nr = READ(direct, regs, orig_ax);
  } else {
    nr = READ(direct, regs, orig_ax);
    if (!is_recorded_syscall(nr)) return 0;
    id = bpf_get_current_pid_tgid();
    if (!is_tracked(id >> 32)) return 0;
  }
  return record_sys_exit(id, nr, ret);
}

/* The per-syscall tracepoints (syscalls/sys_enter_NAME, sys_exit_NAME), one pair per call
 * ctrace gives meaning to. The kernel tests a bitmap of the enabled calls before running any
 * program, so every other syscall of the machine costs a bit test instead of a BPF program
 * run at its entry and its exit (docs/recording.md, "The syscalls"). Used without
 * --syscalls; the collector falls back to the generic probes where these are missing. */
/* A program may read no further into its context than the tracepoint's record goes (the
 * attach fails with EACCES): `nargs` is how many arguments the call has. */
#define SC_ARG(nargs, n) ((nargs) > (n) ? ctx->args[n] : 0)
#define SYSCALL_PROBES(name, NR, nargs)                                                     \
  SEC("tracepoint/syscalls/sys_enter_" #name)                                               \
  int sc_enter_##name(struct trace_event_raw_sys_enter* ctx) {                              \
    __u64 id = bpf_get_current_pid_tgid();                                                  \
    if (!is_tracked(id >> 32)) return 0;                                                    \
    return record_known_enter(id, NR, SC_ARG(nargs, 0), SC_ARG(nargs, 1), SC_ARG(nargs, 2), \
                              SC_ARG(nargs, 3), SC_ARG(nargs, 4));                          \
  }                                                                                         \
  SEC("tracepoint/syscalls/sys_exit_" #name)                                                \
  int sc_exit_##name(struct trace_event_raw_sys_exit* ctx) {                                \
    __u64 id = bpf_get_current_pid_tgid();                                                  \
    if (!is_tracked(id >> 32)) return 0;                                                    \
    return record_sys_exit(id, NR, ctx->ret);                                               \
  }

SYSCALL_PROBES(clone, CTRACE_NR_CLONE, 5)
SYSCALL_PROBES(clone3, CTRACE_NR_CLONE3, 2)
SYSCALL_PROBES(fork, CTRACE_NR_FORK, 0)
SYSCALL_PROBES(vfork, CTRACE_NR_VFORK, 0)
SYSCALL_PROBES(execve, CTRACE_NR_EXECVE, 3)
SYSCALL_PROBES(execveat, CTRACE_NR_EXECVEAT, 5)
SYSCALL_PROBES(epoll_wait, CTRACE_NR_EPOLL_WAIT, 4)
SYSCALL_PROBES(epoll_pwait, CTRACE_NR_EPOLL_PWAIT, 6)
SYSCALL_PROBES(epoll_pwait2, CTRACE_NR_EPOLL_PWAIT2, 6)

/* ---- user-level tasks: the ctrace:task_* USDT probes (docs/tasks.md) ---- */

/* A task's name, from the program's memory. Usually a string literal in a page that is mapped
 * but not yet faulted in (a new program has touched little of its .rodata), which a no-fault
 * read cannot see: usdt_task_create is sleepable (the collector sets BPF_F_SLEEPABLE), so it
 * can fault the page in with bpf_copy_from_user, up to the end of the name's page if the page
 * after it is not mapped. A name that cannot be read at all is left empty. */
static __always_inline void read_task_name(char* dst, const char* name) {
  if (!name) {
    dst[0] = 0;
    return;
  }
  if (bpf_probe_read_user_str(dst, CTRACE_TASK_NAME_LEN, name) > 0) return;
  if (bpf_copy_from_user(dst, CTRACE_TASK_NAME_LEN, name) != 0) {
    __u32 n = 4096 - ((__u64)name & 4095);
    if (n > CTRACE_TASK_NAME_LEN) n = CTRACE_TASK_NAME_LEN;
    if (n == 0) n = 1;
    if (bpf_copy_from_user(dst, n, name) != 0) {
      dst[0] = 0;
      return;
    }
  }
  dst[CTRACE_TASK_NAME_LEN - 1] = 0;
}

/* The collector attaches these to every binary of the traced tree that has the probes, for all
 * processes (a USDT probe is per file); only the traced set's hits are kept. */
static __always_inline int on_task(__u32 kind, __u64 id, __u64 other, const char* name) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  __s32 pid = pid_tgid >> 32;
  if (tasks_stopped || !is_tracked(pid)) return 0;
  if (kind == CTRACE_REC_TASK_CREATE) {
    struct ctrace_task_create_record* r = reserve(sizeof(*r));
    if (!r) return 0;
    fill_header(&r->t.h, kind, (__u32)pid_tgid, pid);
    r->t.id = id;
    r->t.other = other;
    r->t.source = CTRACE_TASK_SOURCE_PROBES;
    r->t.reason = 0;
    read_task_name(r->name, name);
    submit(r);
    return 0;
  }
  struct ctrace_task_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, kind, (__u32)pid_tgid, pid);
  r->id = id;
  r->other = other;
  r->source = CTRACE_TASK_SOURCE_PROBES;
  r->reason = 0;
  submit(r);
  return 0;
}

SEC("usdt")
int BPF_USDT(usdt_task_create, __u64 id, __u64 parent_id, const char* name) {
  return on_task(CTRACE_REC_TASK_CREATE, id, parent_id, name);
}
SEC("usdt")
int BPF_USDT(usdt_task_resume, __u64 id) { return on_task(CTRACE_REC_TASK_RESUME, id, 0, 0); }
SEC("usdt")
int BPF_USDT(usdt_task_suspend, __u64 id) { return on_task(CTRACE_REC_TASK_SUSPEND, id, 0, 0); }
SEC("usdt")
int BPF_USDT(usdt_task_end, __u64 id) { return on_task(CTRACE_REC_TASK_END, id, 0, 0); }

/* ---- goroutines: uprobes in the Go runtime (docs/goroutines.md) ---- */

/* Per Go binary, what runtime.g and runtime.m look like: written by the collector before it
 * attaches the binary's probes, read by index of the probe's cookie. */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, CTRACE_GO_BINARIES);
  __type(key, __u32);
  __type(value, struct ctrace_go_layout);
} go_layouts SEC(".maps");

/* A field of a g or m, read from the program's memory (0 if it cannot be read). */
static __always_inline __u64 go_read_u64(__u64 base, __u32 offset) {
  __u64 v = 0;
  if (base) bpf_probe_read_user(&v, sizeof(v), (const void*)(base + offset));
  return v;
}

/* The user goroutine the current thread runs: R14 holds the current g (Go's register ABI),
 * often g0, the thread's scheduler stack; its m's curg is the goroutine being run (0: none). */
static __always_inline __u64 go_current_goid(struct pt_regs* ctx,
                                             const struct ctrace_go_layout* l) {
  __u64 m = go_read_u64(ctx->r14, l->g_m);
  __u64 curg = go_read_u64(m, l->m_curg);
  return curg ? go_read_u64(curg, l->g_goid) : 0;
}

/* What every goroutine probe starts with: nothing for an untraced process or once the
 * collector stopped; else the layout of the binary the probe's cookie names (*binary). */
static __always_inline const struct ctrace_go_layout* go_probe_layout(struct pt_regs* ctx,
                                                                      __u64* pid_tgid,
                                                                      __u32* binary) {
  *pid_tgid = bpf_get_current_pid_tgid();
  if (tasks_stopped || !is_tracked(*pid_tgid >> 32)) return 0;
  *binary = (__u32)bpf_get_attach_cookie(ctx);
  return bpf_map_lookup_elem(&go_layouts, binary);
}

static __always_inline int go_task(__u32 kind, __s32 tid, __s32 pid, __u64 id, __u64 other,
                                   __u32 reason) {
  struct ctrace_task_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->h, kind, tid, pid);
  r->id = id;
  r->other = other;
  r->source = CTRACE_TASK_SOURCE_GO;
  r->reason = reason;
  submit(r);
  return 0;
}

/* runtime.casgstatus(gp, oldval, newval), on an instruction before any argument register
 * changes (the collector decodes the function to choose it): every status change but the
 * GC's preemption. Which ones are recorded, and as what: go_transitions.h. A suspend's
 * `other` is the status it goes to, a resume's the status it comes from: the model tells a
 * real wait from the GC's 2 -> 4 -> 2 on one thread by them. */
SEC("uprobe")
int go_casgstatus(struct pt_regs* ctx) {
  __u32 from = (__u32)ctx->bx, to = (__u32)ctx->cx;
  __u32 reason;
  __u32 kind = ctrace_go_transition(from, to, &reason);
  if (kind == 0) return 0; /* first: most changes are syscalls, not events */
  __u64 pid_tgid;
  __u32 binary;
  const struct ctrace_go_layout* l = go_probe_layout(ctx, &pid_tgid, &binary);
  if (!l) return 0;
  __s32 pid = pid_tgid >> 32;
  __u64 gp = ctx->ax;
  __u64 other = 0;
  if (kind == CTRACE_REC_TASK_SUSPEND && reason == 0) {
    __u8 why = 0;
    bpf_probe_read_user(&why, sizeof(why), (const void*)(gp + l->g_waitreason));
    reason = CTRACE_GO_REASON(binary, why);
  }
  if (kind == CTRACE_REC_TASK_WAKE) other = go_current_goid(ctx, l);
  if (kind == CTRACE_REC_TASK_SUSPEND) other = to;
  if (kind == CTRACE_REC_TASK_RESUME) other = from;
  __u64 goid = go_read_u64(gp, l->g_goid);
  if (goid == 0) return 0; /* not a goroutine yet (Go 1.19-1.23 number it after 6 -> 1) */
  return go_task(kind, (__u32)pid_tgid, pid, goid, other, reason);
}

/* In runtime.newproc.func1, at its call to runqput(pp, newg, true) (a call is emulated: the
 * new g in BX) or, where that call is not found, just past newproc1's return (a mov, single-
 * stepped: the new g in AX): the new g with its id, start function and status set; the creator is
 * the goroutine this thread runs (the closure runs on g0, the creator is its m's curg). */
SEC("uprobe")
int go_newproc1_return(struct pt_regs* ctx) {
  __u64 pid_tgid;
  __u32 binary;
  const struct ctrace_go_layout* l = go_probe_layout(ctx, &pid_tgid, &binary);
  if (!l) return 0;
  __s32 pid = pid_tgid >> 32;
  /* Both read, then chosen: the verifier refuses a pointer into ctx computed from a branch. */
  __u64 ax = ctx->ax, bx = ctx->bx;
  barrier_var(ax);
  barrier_var(bx);
  __u64 newg = l->newg_in_bx ? bx : ax;
  __u64 goid = go_read_u64(newg, l->g_goid);
  if (goid == 0) return 0;
  struct ctrace_go_create_record* r = reserve(sizeof(*r));
  if (!r) return 0;
  fill_header(&r->t.h, CTRACE_REC_TASK_CREATE, (__u32)pid_tgid, pid);
  r->t.id = goid;
  r->t.other = go_current_goid(ctx, l);
  r->t.source = CTRACE_TASK_SOURCE_GO;
  r->t.reason = 0;
  /* A uprobe's handler sees the ip of the probed instruction: its distance from the link-time
   * address is the load bias (0 unless the binary is position-independent). */
  r->start_pc = go_read_u64(newg, l->g_startpc) - (ctx->ip - l->creation_probe);
  r->binary = binary;
  r->pad = 0;
  submit(r);
  return 0;
}

/* runtime.casGToPreemptScan(gp, old, new): the GC stops a running goroutine without
 * casgstatus (2 -> 0x1009, then 9). */
SEC("uprobe")
int go_preempt_scan(struct pt_regs* ctx) {
  __u64 pid_tgid;
  __u32 binary;
  const struct ctrace_go_layout* l = go_probe_layout(ctx, &pid_tgid, &binary);
  if (!l) return 0;
  __s32 pid = pid_tgid >> 32;
  __u64 goid = go_read_u64(ctx->ax, l->g_goid);
  if (goid == 0) return 0;
  return go_task(CTRACE_REC_TASK_SUSPEND, (__u32)pid_tgid, pid, goid, CTRACE_G_PREEMPTED,
                 CTRACE_GO_REASON_PREEMPTED);
}

/* ---- attachment points: tp_btf (default) and raw_tp (fallback) ---- */

#define CTRACE_PROBES(kind)                                                                        \
  SEC(#kind "/sched_switch")                                                                       \
  int BPF_PROG(kind##_sched_switch, bool preempt, struct task_struct* prev,                        \
               struct task_struct* next, unsigned int prev_state) {                                \
    return on_switch(kind##_DIRECT, preempt, prev, next, prev_state);                              \
  }                                                                                                \
  SEC(#kind "/sched_waking")                                                                       \
  int BPF_PROG(kind##_sched_waking, struct task_struct* p) {                                       \
    return on_wakeup(kind##_DIRECT, CTRACE_REC_WAKING, p);                                         \
  }                                                                                                \
  SEC(#kind "/sched_wakeup")                                                                       \
  int BPF_PROG(kind##_sched_wakeup, struct task_struct* p) {                                       \
    return on_wakeup(kind##_DIRECT, CTRACE_REC_WAKEUP, p);                                         \
  }                                                                                                \
  SEC(#kind "/sched_wakeup_new")                                                                   \
  int BPF_PROG(kind##_sched_wakeup_new, struct task_struct* p) {                                   \
    return on_wakeup(kind##_DIRECT, CTRACE_REC_WAKEUP_NEW, p);                                     \
  }                                                                                                \
  SEC(#kind "/sched_migrate_task")                                                                 \
  int BPF_PROG(kind##_sched_migrate_task, struct task_struct* p, int dest_cpu) {                   \
    return on_migrate(p, dest_cpu);                                                                \
  }                                                                                                \
  SEC(#kind "/sched_process_fork")                                                                 \
  int BPF_PROG(kind##_sched_process_fork, struct task_struct* parent, struct task_struct* child) { \
    return on_fork(parent, child);                                                                 \
  }                                                                                                \
  SEC(#kind "/sched_process_exec")                                                                 \
  int BPF_PROG(kind##_sched_process_exec, struct task_struct* p, pid_t old_pid,                    \
               struct linux_binprm* bprm) {                                                        \
    return on_exec(p, old_pid, bprm);                                                              \
  }                                                                                                \
  SEC(#kind "/sched_process_exit")                                                                 \
  int BPF_PROG(kind##_sched_process_exit, struct task_struct* p, bool group_dead) {                \
    return on_exit(p, group_dead);                                                                 \
  }                                                                                                \
  SEC(#kind "/task_rename")                                                                        \
  int BPF_PROG(kind##_task_rename, struct task_struct* task, const char* comm) {                   \
    return on_rename(task, comm);                                                                  \
  }                                                                                                \
  SEC(#kind "/sys_enter")                                                                          \
  int BPF_PROG(kind##_sys_enter, struct pt_regs* regs, long id) {                                  \
    return on_sys_enter(kind##_DIRECT, regs, id);                                                  \
  }                                                                                                \
  SEC(#kind "/sys_exit")                                                                           \
  int BPF_PROG(kind##_sys_exit, struct pt_regs* regs, long ret) {                                  \
    return on_sys_exit(kind##_DIRECT, regs, ret);                                                  \
  }                                                                                                \
  SEC(#kind "/hrtimer_expire_exit")                                                                \
  int BPF_PROG(kind##_hrtimer_expire_exit) { return interrupt_work_ends(); }                       \
  SEC(#kind "/timer_expire_exit")                                                                  \
  int BPF_PROG(kind##_timer_expire_exit) { return interrupt_work_ends(); }                         \
  SEC(#kind "/irq_handler_exit")                                                                   \
  int BPF_PROG(kind##_irq_handler_exit) { return interrupt_work_ends(); }                          \
  SEC(#kind "/hrtimer_expire_entry")                                                               \
  int BPF_PROG(kind##_hrtimer_expire_entry) { return interrupt_work_begins(); }                    \
  SEC(#kind "/timer_expire_entry")                                                                 \
  int BPF_PROG(kind##_timer_expire_entry) { return interrupt_work_begins(); }                      \
  SEC(#kind "/irq_handler_entry")                                                                  \
  int BPF_PROG(kind##_irq_handler_entry) { return interrupt_work_begins(); }

#define tp_btf_DIRECT 1
#define raw_tp_DIRECT 0
CTRACE_PROBES(tp_btf)
CTRACE_PROBES(raw_tp)
