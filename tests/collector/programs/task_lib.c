/* libtask_lib.so: task probes in a shared library, found through the program's DT_NEEDED. */
#include <stdint.h>

#include "probe_semaphores.h"
CTRACE_PROBE_SEMAPHORE(task_create);
CTRACE_PROBE_SEMAPHORE(task_resume);
CTRACE_PROBE_SEMAPHORE(task_suspend);

#include "ctrace/task.h"

int lib_probes_attached(void) {
  return CTRACE_PROBE_ATTACHED(task_create) && CTRACE_PROBE_ATTACHED(task_resume) &&
         CTRACE_PROBE_ATTACHED(task_suspend);
}

void lib_task_round(uint64_t id, int create) {
  if (create) {
    CTRACE_TASK_CREATE(id, 0, "gamma");
    return;
  }
  CTRACE_TASK_RESUME(id);
  CTRACE_TASK_SUSPEND(id);
}
