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
#include <sys/sdt.h>
#define CTRACE_HAS_TASK_PROBES 1
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
