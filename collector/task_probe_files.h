// Which files of a traced program carry the ctrace:task_* probes (docs/tasks.md), so the
// recorder attaches to those and only those: a program without probes gets no uprobe.
#ifndef CTRACE_COLLECTOR_TASK_PROBE_FILES_H_
#define CTRACE_COLLECTOR_TASK_PROBE_FILES_H_

#include <string>
#include <vector>

#include "collector/needed_libraries.h"

namespace ctrace {

struct TaskProbeFile {
  std::string path;
  std::vector<std::string> probes;  // the ctrace:* probe names it has, each once
};

// Of `files`, those with ctrace:* probes. A file whose USDT notes are malformed is skipped,
// with one line saying so appended to *warnings; one that is not an x86-64 ELF file (a
// script, say) is skipped quietly.
std::vector<TaskProbeFile> FindTaskProbes(const std::vector<std::string>& files,
                                          std::vector<std::string>* warnings);

// `program` and the libraries it needs (needed_libraries.h).
std::vector<std::string> ProgramFiles(const std::string& program, const LibrarySearch& search);

// The executable files process `pid` has mapped now (/proc/PID/maps): its binary and every
// library it loaded, dlopen'ed ones included. Empty if the process is gone.
std::vector<std::string> MappedExecutables(int pid);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_TASK_PROBE_FILES_H_
