// SPDX-License-Identifier: GPL-2.0
/* The floor the recorder's cost is measured against (tests/bench/recording_overhead.sh): the
 * least a ring-buffer tracer of the scheduler can do. sched_switch, sched_waking and
 * sched_wakeup of one process, each a 48-byte record reserved, filled with plain loads
 * (tp_btf) and submitted without waking the consumer. No names, no decisions. For the event
 * storm (floor_tracer --epoll) also epoll_wait's entry and exit, through the same per-syscall
 * tracepoints as ctrace's, a record each; not attached otherwise, so the ping-pong's floor
 * has no syscall probes. */
// clang-format off
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
// clang-format on

char LICENSE[] SEC("license") = "GPL";

struct floor_record {
  __u64 ts_ns;
  __u32 kind;
  __u32 cpu;
  __s32 tid;
  __s32 pid;
  __s32 other_tid;
  __s32 other_pid;
  __u64 state;
  __u64 pad;
};

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 16 << 20);
} records SEC(".maps");

__s32 target_pid = 0; /* set by the tracer before it lets the program run */
__u64 lost = 0;

static __always_inline int put(__u32 kind, struct task_struct* a, struct task_struct* b,
                               __u64 state) {
  struct floor_record* r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
  if (!r) {
    __sync_fetch_and_add(&lost, 1);
    return 0;
  }
  r->ts_ns = bpf_ktime_get_ns();
  r->kind = kind;
  r->cpu = bpf_get_smp_processor_id();
  r->tid = a->pid;
  r->pid = a->tgid;
  r->other_tid = b ? b->pid : 0;
  r->other_pid = b ? b->tgid : 0;
  r->state = state;
  r->pad = 0;
  bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
  return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(floor_switch, bool preempt, struct task_struct* prev, struct task_struct* next,
             unsigned int prev_state) {
  if (prev->tgid != target_pid && next->tgid != target_pid) return 0;
  return put(1, prev, next, prev_state);
}

SEC("tp_btf/sched_waking")
int BPF_PROG(floor_waking, struct task_struct* p) {
  if (p->tgid != target_pid) return 0;
  return put(2, p, 0, 0);
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(floor_wakeup, struct task_struct* p) {
  if (p->tgid != target_pid) return 0;
  return put(3, p, 0, 0);
}

SEC("tracepoint/syscalls/sys_enter_epoll_wait")
int floor_enter_epoll_wait(struct trace_event_raw_sys_enter* ctx) {
  struct task_struct* t = bpf_get_current_task_btf();
  if (t->tgid != target_pid) return 0;
  return put(4, t, 0, (__u64)ctx->id);
}

SEC("tracepoint/syscalls/sys_exit_epoll_wait")
int floor_exit_epoll_wait(struct trace_event_raw_sys_exit* ctx) {
  struct task_struct* t = bpf_get_current_task_btf();
  if (t->tgid != target_pid) return 0;
  return put(5, t, 0, (__u64)ctx->ret);
}
