// `ctrace view FILE [FILE...]`: runs the viewer, a separate program (it links GLFW and
// OpenGL, which the other commands must not need).
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"

namespace ctrace::cli {

// First the ctrace-view installed beside this binary (or, in a build tree, in ../viewer/),
// then the one on PATH. Returns only if none could be run.
absl::StatusOr<int> ViewTraces(const Args& args) {
  std::vector<std::string> words = args;
  words.insert(words.begin(), "ctrace-view");
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n > 0) {
    self[n] = '\0';
    std::string dir(self);
    dir.resize(dir.find_last_of('/') + 1);
    for (std::string candidate : {dir + "ctrace-view", dir + "../viewer/ctrace-view"}) {
      if (access(candidate.c_str(), X_OK) == 0) {
        argv[0] = candidate.data();
        execv(candidate.c_str(), argv.data());
      }
    }
  }
  argv[0] = words[0].data();
  execvp("ctrace-view", argv.data());
  return WithExitCode(
      absl::NotFoundError(absl::StrCat("cannot run ctrace-view (", std::strerror(errno),
                                       "): build ctrace with the viewer")),
      127);
}

}  // namespace ctrace::cli
