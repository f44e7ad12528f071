#include "export/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace ctrace {
namespace {

absl::Status Errno(const char* what, const std::string& path, int err) {
  return absl::Status(absl::ErrnoToStatusCode(err),
                      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(err)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("create", tmp, errno);
  auto file = std::unique_ptr<OutputFile>(new OutputFile(fd, path));
  file->buffer_.reserve(kFlushBytes + (kFlushBytes >> 2));
  return file;
}

OutputFile::~OutputFile() {
  if (!finished_) Discard();
}

void OutputFile::Flush() {
  if (!status_.ok()) {
    buffer_.clear();
    return;
  }
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    ssize_t n = write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      status_ = Errno("write", path_ + ".tmp", errno);
      break;
    }
    p += n;
    left -= static_cast<size_t>(n);
    written_ += static_cast<uint64_t>(n);
  }
  buffer_.clear();
}

absl::Status OutputFile::Commit() {
  Flush();
  if (!status_.ok()) {
    Discard();
    return status_;
  }
  int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) {
    status_ = Errno("write", path_ + ".tmp", errno);
    Discard();
    return status_;
  }
  std::string tmp = path_ + ".tmp";
  if (rename(tmp.c_str(), path_.c_str()) != 0) {
    status_ = Errno("rename to", path_, errno);
    Discard();
    return status_;
  }
  finished_ = true;
  return absl::OkStatus();
}

void OutputFile::Discard() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = -1;
  }
  std::string tmp = path_ + ".tmp";
  unlink(tmp.c_str());
  finished_ = true;
}

}  // namespace ctrace
