/* A program with the ctrace:task_* probes, for the recorder's task tests:
 *   task_probes [DELAY_MS|wait] [retitle|badnames]
 * sleeps DELAY_MS (default 0), or with "wait" waits until its probes are attached (libbpf's
 * USDT attach increments their semaphores; 10 s at most), then
 * runs three tasks named "alpha", "beta" and "gamma" (ids 1, 2, 3) round-robin for 4 rounds
 * each on this thread, through the library's probes in libtask_lib.so too (task 3 is created,
 * resumed and suspended there). With "retitle" it writes "task-probes: retitled" over its
 * argv before exiting, as a server titling itself does. With "badnames" it also creates and
 * ends tasks 10, 11 and 12 whose names cannot be read whole: an unmapped pointer, NULL, and
 * "edge-of-page" written up to the end of a page that an inaccessible page follows (no NUL
 * before the fault). Exits 0. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "probe_semaphores.h"
CTRACE_PROBE_SEMAPHORE(task_create);
CTRACE_PROBE_SEMAPHORE(task_resume);
CTRACE_PROBE_SEMAPHORE(task_suspend);
CTRACE_PROBE_SEMAPHORE(task_end);

#include "ctrace/task.h"

int lib_probes_attached(void); /* libtask_lib.so */

/* Until every probe of this program and of the library is attached, 10 s at most. */
static void WaitForProbes(void) {
  struct timespec ms = {0, 1000000L};
  for (int i = 0; i < 10000; ++i) {
    if (CTRACE_PROBE_ATTACHED(task_create) && CTRACE_PROBE_ATTACHED(task_resume) &&
        CTRACE_PROBE_ATTACHED(task_suspend) && CTRACE_PROBE_ATTACHED(task_end) &&
        lib_probes_attached()) {
      return;
    }
    nanosleep(&ms, NULL);
  }
}

void lib_task_round(uint64_t id, int create); /* libtask_lib.so */

int main(int argc, char** argv) {
  long delay_ms = argc > 1 ? atol(argv[1]) : 0;
  if (argc > 1 && strcmp(argv[1], "wait") == 0) WaitForProbes();
  if (delay_ms > 0) {
    struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
  }
  CTRACE_TASK_CREATE(1, 0, "alpha");
  CTRACE_TASK_CREATE(2, 1, "beta");
  lib_task_round(3, 1);
  for (int round = 0; round < 4; ++round) {
    for (uint64_t id = 1; id <= 2; ++id) {
      CTRACE_TASK_RESUME(id);
      CTRACE_TASK_SUSPEND(id);
    }
    lib_task_round(3, 0);
  }
  for (uint64_t id = 1; id <= 3; ++id) CTRACE_TASK_END(id);
  if (argc > 2 && strcmp(argv[2], "badnames") == 0) {
    const long page = sysconf(_SC_PAGESIZE);
    char* pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED || mprotect(pages + page, page, PROT_NONE) != 0) return 1;
    const char edge[] = "edge-of-page"; /* copied without its NUL */
    char* name = pages + page - (sizeof(edge) - 1);
    memcpy(name, edge, sizeof(edge) - 1);
    CTRACE_TASK_CREATE(10, 0, (const char*)8);
    CTRACE_TASK_CREATE(11, 0, NULL);
    CTRACE_TASK_CREATE(12, 0, name);
    for (uint64_t id = 10; id <= 12; ++id) CTRACE_TASK_END(id);
  }
  if (argc > 2 && strcmp(argv[2], "retitle") == 0) {
    /* Over the old argv, padded with NULs, as setproctitle does. */
    char* start = argv[0];
    char* end = argv[argc - 1] + strlen(argv[argc - 1]);
    const char title[] = "task-probes: retitled";
    size_t room = (size_t)(end - start);
    memset(start, 0, room);
    memcpy(start, title, sizeof(title) - 1 < room ? sizeof(title) - 1 : room);
  }
  return 0;
}
