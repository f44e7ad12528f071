/* ctrace's task probes: mark the user-level tasks a program schedules itself (coroutines,
 * green threads, the tasks of an M:N runtime) so `ctrace run` shows them next to the kernel
 * threads that run them. The protocol (docs/tasks.md):
 *
 *   CTRACE_TASK_CREATE(id, parent_id, name)  a task exists; parent_id 0 is none; name may be
 *                                            NULL (a C string the probe reads, up to 63 bytes)
 *   CTRACE_TASK_RESUME(id)                   the calling thread starts or continues task id
 *   CTRACE_TASK_SUSPEND(id)                  the calling thread stops running task id
 *   CTRACE_TASK_END(id)                      task id is finished; its id may be reused
 *
 * Ids are the program's own 64-bit numbers (a counter, or a pointer to the task), unique in
 * the process while the task lives. A thread runs at most one task at a time: resuming
 * another suspends the first.
 *
 * Each macro is a USDT probe (provider "ctrace") over <sys/sdt.h> (Debian: systemtap-sdt-dev):
 * a single nop in the code, plus a note in the ELF file that tells ctrace where it is. When
 * nothing traces the program the nop is all it costs (and the arguments' moves into
 * registers). Without <sys/sdt.h>, or with CTRACE_NO_TASKS defined, the macros compile to
 * nothing. Works from C and C++.
 */
#ifndef CTRACE_TASK_H_
#define CTRACE_TASK_H_

#if !defined(CTRACE_NO_TASKS) && defined(__has_include)
#if __has_include(<sys/sdt.h>)
#include <stdint.h>
/* Arguments in registers (or immediates), never in memory: the probe then reads them from
 * the trapped registers instead of the program's memory (bpf_probe_read_user, about 0.1 us a
 * hit, and a read that can fault). A program that set its own constraint keeps it. */
#ifndef STAP_SDT_ARG_CONSTRAINT
#define STAP_SDT_ARG_CONSTRAINT nr
#endif
#include <sys/sdt.h>
#define CTRACE_HAS_TASK_PROBES 1
#if defined(__x86_64__) && !defined(CTRACE_TASK_NOP1)
/* A 5-byte nop at each probe site instead of sdt.h's 1-byte one: Linux 6.18 and later turn a
 * uprobe on a 5-byte nop into a call to a uprobe trampoline on its first hit, which costs a
 * fraction of the breakpoint trap a 1-byte nop needs (docs/tasks.md has the figures). Older
 * kernels trap on it as on the 1-byte nop. sdt.h expands _SDT_NOP where a probe is placed, so
 * redefining it here applies to every probe after this header. */
#undef _SDT_NOP
#define _SDT_NOP .nops 5
#endif
#endif
#endif

#ifdef CTRACE_HAS_TASK_PROBES
#define CTRACE_TASK_CREATE(id, parent_id, name) \
  DTRACE_PROBE3(ctrace, task_create, (uint64_t)(id), (uint64_t)(parent_id), (const char*)(name))
#define CTRACE_TASK_RESUME(id) DTRACE_PROBE1(ctrace, task_resume, (uint64_t)(id))
#define CTRACE_TASK_SUSPEND(id) DTRACE_PROBE1(ctrace, task_suspend, (uint64_t)(id))
#define CTRACE_TASK_END(id) DTRACE_PROBE1(ctrace, task_end, (uint64_t)(id))
#else
#define CTRACE_TASK_CREATE(id, parent_id, name) ((void)0)
#define CTRACE_TASK_RESUME(id) ((void)0)
#define CTRACE_TASK_SUSPEND(id) ((void)0)
#define CTRACE_TASK_END(id) ((void)0)
#endif

#endif /* CTRACE_TASK_H_ */
