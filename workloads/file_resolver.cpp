#include "workloads/file_resolver.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/ascii.h"

namespace ctrace::workloads {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// openat2 with RESOLVE_BENEATH fails with EXDEV for any path that would step outside
// `dir` (via "..", an absolute path or a symlink), checked by the kernel during the lookup
// itself, so there is no window between a check and the open. Linux 5.6 and later.
int OpenBeneath(int dir, const std::string& path, int flags) {
  open_how how{};
  how.flags = static_cast<uint64_t>(flags) | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(syscall(SYS_openat2, dir, path.c_str(), &how, sizeof(how)));
}

ResolvedFile Fail(int status) {
  ResolvedFile r;
  r.status = status;
  return r;
}

int StatusForErrno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
    case ELOOP:
      return 404;
    case EXDEV:  // RESOLVE_BENEATH: the path leads outside the root
    case EACCES:
    case EPERM:
      return 403;
    default:
      return 500;
  }
}

}  // namespace

std::optional<DecodedPath> DecodeTargetPath(std::string_view target) {
  // The query is not part of the file name.
  target = target.substr(0, target.find_first_of("?#"));
  std::string decoded;
  decoded.reserve(target.size());
  for (size_t i = 0; i < target.size(); ++i) {
    char c = target[i];
    if (c == '%') {
      if (i + 2 >= target.size()) return std::nullopt;  // "%" or "%4" at the end
      int hi = HexValue(target[i + 1]);
      int lo = HexValue(target[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
      if (c == '\0') return std::nullopt;  // would truncate the name at the system call
    }
    decoded.push_back(c);
  }

  // Decoding once and splitting after it means "%2e%2e%2f" is seen as "../", the same as a
  // literal "../". A doubly encoded "%252e" decodes to the literal name "%2e", which is
  // harmless. Backslashes are ordinary file-name bytes on Linux.
  DecodedPath result;
  result.names_directory = decoded.empty() || decoded.back() == '/';
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    std::string_view segment(decoded.data() + start, end - start);
    if (segment == "..") {
      result.escapes = true;
    } else if (!segment.empty() && segment != ".") {
      // Empty and "." segments are dropped: "//etc/passwd" stays relative to the root.
      if (!result.relative.empty()) result.relative.push_back('/');
      result.relative.append(segment);
    }
    start = end + 1;
  }
  return result;
}

ResolvedFile OpenRequestedFile(int root_fd, std::string_view target) {
  std::optional<DecodedPath> path = DecodeTargetPath(target);
  if (!path) return Fail(400);
  if (path->escapes) return Fail(403);

  std::string name = path->relative.empty() ? "." : path->relative;
  UniqueFd fd(OpenBeneath(root_fd, name, O_RDONLY | O_NONBLOCK));
  if (!fd.valid()) return Fail(StatusForErrno(errno));
  struct stat st;
  if (fstat(fd.get(), &st) != 0) return Fail(500);
  if (S_ISDIR(st.st_mode)) {
    name = path->relative.empty() ? "index.html" : path->relative + "/index.html";
    fd.Reset(OpenBeneath(root_fd, name, O_RDONLY | O_NONBLOCK));
    if (!fd.valid()) return Fail(StatusForErrno(errno));
    if (fstat(fd.get(), &st) != 0) return Fail(500);
  } else if (path->names_directory) {
    return Fail(404);  // "/file.txt/" names a directory that is not there
  }
  // Only regular files: a FIFO or device would block or never end.
  if (!S_ISREG(st.st_mode)) return Fail(403);
  // O_NONBLOCK was only there so opening a FIFO cannot hang a server; regular files ignore it.
  ResolvedFile r;
  r.status = 200;
  r.fd = std::move(fd);
  r.size = static_cast<uint64_t>(st.st_size);
  r.content_type = ContentTypeFor(name);
  return r;
}

std::string_view ContentTypeFor(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext(base.substr(dot + 1));
  absl::AsciiStrToLower(&ext);
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "json") return "application/json";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "gif") return "image/gif";
  return "application/octet-stream";
}

}  // namespace ctrace::workloads
