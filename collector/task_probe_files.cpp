#include "collector/task_probe_files.h"

#include <algorithm>
#include <set>

#include "collector/elf_file.h"
#include "collector/process_maps.h"
#include "collector/usdt_notes.h"

namespace ctrace {

std::vector<TaskProbeFile> FindTaskProbes(const std::vector<std::string>& files,
                                          std::vector<std::string>* warnings) {
  std::vector<TaskProbeFile> found;
  for (const std::string& path : files) {
    absl::StatusOr<std::unique_ptr<ElfFile>> file = ElfFile::Open(path);
    if (!file.ok()) continue;  // a script, or gone: it has no probes to attach
    absl::StatusOr<std::vector<UsdtProbe>> probes = ReadUsdtProbes(**file);
    if (!probes.ok()) {
      warnings->push_back(std::string(probes.status().message()) + "; its task probes are skipped");
      continue;
    }
    TaskProbeFile f{path, {}};
    for (const UsdtProbe& p : *probes) {
      if (p.provider != "ctrace") continue;
      if (std::find(f.probes.begin(), f.probes.end(), p.name) == f.probes.end()) {
        f.probes.push_back(p.name);
      }
    }
    if (!f.probes.empty()) found.push_back(std::move(f));
  }
  return found;
}

std::vector<std::string> ProgramFiles(const std::string& program, const LibrarySearch& search) {
  std::vector<std::string> files = {program};
  std::vector<std::string> libraries = NeededLibraries(program, search);
  files.insert(files.end(), libraries.begin(), libraries.end());
  return files;
}

std::vector<std::string> MappedExecutables(int pid) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  for (const Mapping& m : ReadProcessMaps(pid)) {
    if (!m.executable || m.deleted || m.path.empty() || m.path[0] != '/') continue;
    if (seen.insert(m.path).second) files.push_back(m.path);
  }
  return files;
}

}  // namespace ctrace
