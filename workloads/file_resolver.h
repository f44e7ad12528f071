// Maps a request target to an open file under the served root, and refuses anything that
// would leave it: "..", encoded "..", absolute paths and symlinks pointing outside.
#ifndef CTRACE_WORKLOADS_FILE_RESOLVER_H_
#define CTRACE_WORKLOADS_FILE_RESOLVER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "workloads/unique_fd.h"

namespace ctrace::workloads {

// The decoded path of a request target, relative to the root ("docs/a.html"), or nullopt if
// the target is malformed (bad %-escape, NUL byte) and deserves a 400. ".." anywhere, plain
// or encoded, makes `escapes` true: such a request is refused with 403 before any lookup.
struct DecodedPath {
  std::string relative;  // "" for the root itself
  bool escapes = false;
  bool names_directory = false;  // ended in '/'
};
std::optional<DecodedPath> DecodeTargetPath(std::string_view target);

struct ResolvedFile {
  int status = 404;  // 200, 400, 403, 404 or 500
  UniqueFd fd;       // open for reading when status is 200
  uint64_t size = 0;
  std::string_view content_type;
};

// Opens the file `target` names under the directory `root_fd` (opened O_PATH|O_DIRECTORY).
// A directory serves its index.html. The open itself is confined with openat2's
// RESOLVE_BENEATH, so even a symlink inside the root cannot lead outside it.
ResolvedFile OpenRequestedFile(int root_fd, std::string_view target);

// "text/html; charset=utf-8" and friends, by file extension.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace ctrace::workloads

#endif  // CTRACE_WORKLOADS_FILE_RESOLVER_H_
