// The shared libraries a program loads at start, found as the dynamic loader finds them
// (ld.so(8)): its DT_NEEDED entries and theirs, searched in DT_RPATH (when there is no
// DT_RUNPATH), LD_LIBRARY_PATH, DT_RUNPATH ($ORIGIN expanded), the directories of
// /etc/ld.so.conf (and what it includes), then the default directories. The recorder
// attaches task probes in them before the program runs. Libraries opened later with dlopen
// are not in this list (docs/tasks.md).
#ifndef CTRACE_COLLECTOR_NEEDED_LIBRARIES_H_
#define CTRACE_COLLECTOR_NEEDED_LIBRARIES_H_

#include <string>
#include <vector>

namespace ctrace {

struct LibrarySearch {
  std::string ld_library_path;           // as the program will see it
  std::vector<std::string> system_dirs;  // ld.so.conf's, then the defaults
};

// The search the loader would do on this machine, with the caller's LD_LIBRARY_PATH.
LibrarySearch SystemLibrarySearch();

// Every library `program` needs, directly or through other libraries, resolved to a path,
// each once, in breadth-first order. A name that resolves nowhere, or a file that is not an
// x86-64 ELF64 object, is left out (`missing` collects the names that were).
std::vector<std::string> NeededLibraries(const std::string& program, const LibrarySearch& search,
                                         std::vector<std::string>* missing = nullptr);

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_NEEDED_LIBRARIES_H_
