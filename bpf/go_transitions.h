/* What a goroutine's status change (runtime.casgstatus(gp, from, to)) is as a task event:
 * shared by the BPF program that sees it (ctrace.bpf.c, go_casgstatus) and the unit tests
 * (tests/collector/go_transitions_test.cpp), so the rules are tested where they are kept.
 *
 * Go's statuses (runtime/runtime2.go, the same values from 1.19 to 1.25): idle 0, runnable
 * 1, running 2, syscall 3, waiting 4, dead 6, copystack 8, preempted 9, and the scan bit
 * 0x1000 the GC sets while it scans a stack. */
#ifndef CTRACE_BPF_GO_TRANSITIONS_H_
#define CTRACE_BPF_GO_TRANSITIONS_H_

#include "events.h"

#define CTRACE_G_IDLE 0
#define CTRACE_G_RUNNABLE 1
#define CTRACE_G_RUNNING 2
#define CTRACE_G_SYSCALL 3
#define CTRACE_G_WAITING 4
#define CTRACE_G_DEAD 6
#define CTRACE_G_COPYSTACK 8
#define CTRACE_G_PREEMPTED 9
#define CTRACE_G_SCAN 0x1000

/* The event a status change gives: a CTRACE_REC_TASK_* kind, or 0 for none.
 *   x -> 2               resume: the goroutine runs on this thread from now; not from 3 (2 <->
 *                        3 is a syscall: in the thread's own timeline already) nor from 8
 *                        (2 <-> 8 is its stack being grown, where it keeps running)
 *   2 -> 1, 3 -> 1       suspend: it yielded or was preempted; its syscall returned without a P
 *   2 -> 4               suspend, with g.waitreason (gopark sets it just before; read only
 *                        here: after a wait it is stale)
 *   4 -> 1               wake: made runnable, by the goroutine the thread runs
 *   2 -> 6               end
 * Anything else (creation's 6 -> 1 before the goroutine has an id, the scan bit, copystack)
 * is the runtime's bookkeeping. *reason: for a suspend, CTRACE_GO_REASON_RUNNABLE or
 * _SYSCALL, or 0 to mean "the wait reason". */
static inline __u32 ctrace_go_transition(__u32 from, __u32 to, __u32* reason) {
  *reason = 0;
  if ((from | to) & CTRACE_G_SCAN) return 0; /* casgstatus refuses these; castogscanstatus */
  if (to == CTRACE_G_RUNNING && from != CTRACE_G_SYSCALL && from != CTRACE_G_COPYSTACK) {
    return CTRACE_REC_TASK_RESUME;
  }
  if (to == CTRACE_G_RUNNABLE && from == CTRACE_G_RUNNING) {
    *reason = CTRACE_GO_REASON_RUNNABLE;
    return CTRACE_REC_TASK_SUSPEND;
  }
  if (to == CTRACE_G_RUNNABLE && from == CTRACE_G_SYSCALL) {
    *reason = CTRACE_GO_REASON_SYSCALL;
    return CTRACE_REC_TASK_SUSPEND;
  }
  if (to == CTRACE_G_WAITING && from == CTRACE_G_RUNNING) return CTRACE_REC_TASK_SUSPEND;
  if (to == CTRACE_G_RUNNABLE && from == CTRACE_G_WAITING) return CTRACE_REC_TASK_WAKE;
  if (to == CTRACE_G_DEAD && from == CTRACE_G_RUNNING) return CTRACE_REC_TASK_END;
  return 0;
}

#endif /* CTRACE_BPF_GO_TRANSITIONS_H_ */
