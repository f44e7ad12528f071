// An output file that appears whole or not at all: everything is written to PATH.tmp, which
// Commit() renames to PATH. Until then PATH is untouched (an older file of that name stays
// as it was); a file never committed (an error, or the destructor) removes PATH.tmp.
//
// Writes are buffered; the first failed write is kept and returned by Commit(), and later
// writes are dropped.
#ifndef CTRACE_EXPORT_OUTPUT_FILE_H_
#define CTRACE_EXPORT_OUTPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ctrace {

class OutputFile {
 public:
  static absl::StatusOr<std::unique_ptr<OutputFile>> Create(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void Append(std::string_view data) {
    buffer_.append(data);
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  // The buffer itself, for writers that format in place (call MaybeFlush() after).
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }

  // OK until a write fails.
  const absl::Status& status() const { return status_; }
  // Bytes written so far, buffered ones included.
  uint64_t size() const { return written_ + buffer_.size(); }

  // Writes what is buffered, closes the file and renames it to its path.
  absl::Status Commit();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  OutputFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  void Flush();
  void Discard();

  int fd_;
  std::string path_;  // the final path; the file being written is path_ + ".tmp"
  std::string buffer_;
  uint64_t written_ = 0;
  absl::Status status_;
  bool finished_ = false;  // committed or discarded
};

}  // namespace ctrace

#endif  // CTRACE_EXPORT_OUTPUT_FILE_H_
