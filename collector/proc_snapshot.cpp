#include "collector/proc_snapshot.h"

#include <dirent.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ctrace {
namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

std::string ReadComm(const std::string& dir) {
  std::string comm;
  if (!ReadFile(dir + "/comm", &comm)) return "";
  return std::string(absl::StripSuffix(comm, "\n"));
}

}  // namespace

absl::StatusOr<ProcProcess> ReadProcProcess(pid_t pid) {
  const std::string dir = absl::StrFormat("/proc/%d", pid);
  std::string stat;
  if (!ReadFile(dir + "/stat", &stat)) {
    return absl::NotFoundError(absl::StrFormat("no process with pid %d", pid));
  }
  ProcProcess p;
  p.pid = pid;
  p.comm = ReadComm(dir);
  // stat is "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse
  // from the last ')'.
  size_t close = stat.rfind(')');
  std::vector<std::string> fields = close == std::string::npos
                                        ? std::vector<std::string>()
                                        : absl::StrSplit(stat.substr(close + 2), ' ');
  if (fields.size() < 2 || !absl::SimpleAtoi(fields[1], &p.ppid)) p.ppid = 0;
  std::string cmdline;
  if (ReadFile(dir + "/cmdline", &cmdline)) {
    for (absl::string_view arg : absl::StrSplit(cmdline, '\0', absl::SkipEmpty())) {
      p.cmdline.emplace_back(arg);
    }
  }
  if (p.cmdline.empty()) p.cmdline.push_back(p.comm);
  DIR* tasks = opendir((dir + "/task").c_str());
  if (tasks == nullptr) {
    return absl::NotFoundError(absl::StrFormat("no process with pid %d", pid));
  }
  while (dirent* entry = readdir(tasks)) {
    pid_t tid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &tid)) continue;
    p.threads.push_back({tid, ReadComm(absl::StrFormat("%s/task/%d", dir, tid))});
  }
  closedir(tasks);
  return p;
}

}  // namespace ctrace
