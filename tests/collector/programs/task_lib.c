/* libtask_lib.so: task probes in a shared library, found through the program's DT_NEEDED. */
#include <stdint.h>

#include "ctrace/task.h"

void lib_task_round(uint64_t id, int create) {
  if (create) {
    CTRACE_TASK_CREATE(id, 0, "gamma");
    return;
  }
  CTRACE_TASK_RESUME(id);
  CTRACE_TASK_SUSPEND(id);
}
