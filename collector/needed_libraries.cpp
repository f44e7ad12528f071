#include "collector/needed_libraries.h"

#include <glob.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <memory>
#include <set>
#include <string_view>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "collector/elf_file.h"

namespace ctrace {
namespace {

// What the dynamic section says: needed names and the search paths it adds.
struct Dynamic {
  std::vector<std::string> needed;
  std::string rpath;
  std::string runpath;
};

Dynamic ReadDynamic(const ElfFile& file) {
  Dynamic d;
  GElf_Shdr shdr;
  Elf_Scn* scn = file.FindSectionOfType(SHT_DYNAMIC, &shdr);
  if (scn == nullptr || shdr.sh_entsize == 0) return d;
  Elf_Data* data = elf_getdata(scn, nullptr);
  if (data == nullptr) return d;
  const size_t count = data->d_size / shdr.sh_entsize;
  for (size_t i = 0; i < count; ++i) {
    GElf_Dyn dyn;
    if (gelf_getdyn(data, static_cast<int>(i), &dyn) == nullptr || dyn.d_tag == DT_NULL) break;
    if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_RPATH && dyn.d_tag != DT_RUNPATH) continue;
    std::optional<std::string_view> s = file.String(shdr.sh_link, dyn.d_un.d_val);
    if (!s) continue;
    if (dyn.d_tag == DT_NEEDED) d.needed.emplace_back(*s);
    if (dyn.d_tag == DT_RPATH) d.rpath = *s;
    if (dyn.d_tag == DT_RUNPATH) d.runpath = *s;
  }
  return d;
}

std::string DirOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

// "a:b:$ORIGIN/../lib" as directories, $ORIGIN (and ${ORIGIN}) being `origin`.
void AppendDirs(const std::string& list, const std::string& origin, std::vector<std::string>* out) {
  for (absl::string_view dir : absl::StrSplit(list, absl::ByAnyChar(":;"), absl::SkipEmpty())) {
    out->push_back(absl::StrReplaceAll(dir, {{"${ORIGIN}", origin}, {"$ORIGIN", origin}}));
  }
}

// ld.so.conf's directories, following `include` lines (globs) as ldconfig does.
void ReadLdSoConf(const std::string& path, int depth, std::vector<std::string>* dirs) {
  if (depth > 8) return;  // an include loop
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view l =
        absl::StripAsciiWhitespace(absl::string_view(line).substr(0, line.find('#')));
    if (l.empty()) continue;
    if (absl::ConsumePrefix(&l, "include")) {
      l = absl::StripAsciiWhitespace(l);
      std::string pattern(l);
      if (!pattern.empty() && pattern[0] != '/') pattern = DirOf(path) + "/" + pattern;
      glob_t g{};
      if (glob(pattern.c_str(), 0, nullptr, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; ++i) ReadLdSoConf(g.gl_pathv[i], depth + 1, dirs);
      }
      globfree(&g);
      continue;
    }
    dirs->emplace_back(l);
  }
}

bool IsUsableLibrary(const std::string& path) {
  return access(path.c_str(), R_OK) == 0 && ElfFile::Open(path).ok();
}

}  // namespace

LibrarySearch SystemLibrarySearch() {
  LibrarySearch s;
  if (const char* env = std::getenv("LD_LIBRARY_PATH")) s.ld_library_path = env;
  ReadLdSoConf("/etc/ld.so.conf", 0, &s.system_dirs);
  // The loader's built-in defaults for x86-64 Debian (multiarch first).
  for (const char* dir : {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
                          "/usr/lib64", "/lib", "/usr/lib"}) {
    s.system_dirs.emplace_back(dir);
  }
  return s;
}

std::vector<std::string> NeededLibraries(const std::string& program, const LibrarySearch& search,
                                         std::vector<std::string>* missing) {
  std::vector<std::string> found;
  std::set<std::string> seen_names;
  std::set<std::string> seen_paths;
  std::deque<std::string> queue = {program};
  while (!queue.empty()) {
    const std::string object = queue.front();
    queue.pop_front();
    absl::StatusOr<std::unique_ptr<ElfFile>> file = ElfFile::Open(object);
    if (!file.ok()) continue;
    const Dynamic dyn = ReadDynamic(**file);
    const std::string origin = DirOf(object);
    std::vector<std::string> dirs;
    if (dyn.runpath.empty()) AppendDirs(dyn.rpath, origin, &dirs);
    AppendDirs(search.ld_library_path, origin, &dirs);
    AppendDirs(dyn.runpath, origin, &dirs);
    dirs.insert(dirs.end(), search.system_dirs.begin(), search.system_dirs.end());
    for (const std::string& name : dyn.needed) {
      if (!seen_names.insert(name).second) continue;
      std::string path;
      if (name.find('/') != std::string::npos) {
        if (IsUsableLibrary(name)) path = name;
      } else {
        for (const std::string& dir : dirs) {
          if (std::string candidate = dir + "/" + name; IsUsableLibrary(candidate)) {
            path = candidate;
            break;
          }
        }
      }
      if (path.empty()) {
        if (missing != nullptr) missing->push_back(name);
        continue;
      }
      char real[PATH_MAX];
      if (realpath(path.c_str(), real) != nullptr) path = real;
      if (!seen_paths.insert(path).second) continue;
      found.push_back(path);
      queue.push_back(path);
    }
  }
  return found;
}

}  // namespace ctrace
