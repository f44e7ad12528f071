/* Semaphores for a test binary's ctrace:task_* probes, included before ctrace/task.h. libbpf's
 * USDT attach increments a probe's semaphore in every process mapping the binary, so a program
 * that ctrace attaches to only once it sees its exec can wait until its probes are there
 * instead of sleeping a guessed time. Hidden: each binary reads its own. */
#ifndef CTRACE_TESTS_COLLECTOR_PROGRAMS_PROBE_SEMAPHORES_H_
#define CTRACE_TESTS_COLLECTOR_PROGRAMS_PROBE_SEMAPHORES_H_

#define _SDT_HAS_SEMAPHORES 1
#define CTRACE_PROBE_SEMAPHORE(name) \
  __attribute__((visibility("hidden"), section(".probes"))) unsigned short ctrace_##name##_semaphore
#define CTRACE_PROBE_ATTACHED(name) (*(volatile unsigned short*)&ctrace_##name##_semaphore != 0)

#endif /* CTRACE_TESTS_COLLECTOR_PROGRAMS_PROBE_SEMAPHORES_H_ */
