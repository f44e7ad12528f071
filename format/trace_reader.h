// Reads a trace file, trusting nothing in it: every length, count, offset, string id and
// field range is checked, and anything malformed becomes an absl::Status naming the file,
// the chunk and what is wrong. A file without a trailer (the recording was cut off) reads
// up to its last whole chunk and reports itself as truncated.
#ifndef CTRACE_FORMAT_TRACE_READER_H_
#define CTRACE_FORMAT_TRACE_READER_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "format/event.h"
#include "format/trace_file.h"

struct ZSTD_DCtx_s;  // zstd's decompression context (zstd.h), reused for every chunk

namespace ctrace {

class TraceReader {
 public:
  // Opens `path` and reads and validates its header.
  static absl::StatusOr<std::unique_ptr<TraceReader>> Open(const std::string& path);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  const TraceHeader& header() const { return header_; }

  // Replaces `*events` with the next chunk's events (ordered by time within the chunk).
  // Returns false when there are no more chunks. After that, trailer() and truncated() tell
  // how the file ended.
  absl::StatusOr<bool> NextChunk(std::vector<Event>* events);

  // The string table so far: every id in events returned until now is valid here.
  std::string_view String(uint32_t id) const;
  size_t string_count() const { return strings_.size(); }

  // Set once NextChunk returned false: the trailer if the recording ended cleanly.
  const std::optional<TraceTrailer>& trailer() const { return trailer_; }
  // True if the file ended without a trailer (recording cut off); truncation_reason() says
  // where and why ("ends inside chunk 12 at offset 81920: 4000 of 9000 bytes").
  bool truncated() const { return truncated_; }
  const std::string& truncation_reason() const { return truncation_reason_; }

  uint64_t file_size() const { return file_size_; }
  // Bytes of the file read so far (the header and the chunks returned): progress.
  uint64_t offset() const { return offset_; }

 private:
  // Implementation state; see trace_reader.cpp.
  TraceReader() = default;
  std::string path_;
  std::FILE* file_ = nullptr;
  uint64_t file_size_ = 0;
  uint64_t offset_ = 0;
  uint64_t chunk_index_ = 0;
  TraceHeader header_;
  std::vector<std::string> strings_;
  std::optional<TraceTrailer> trailer_;
  bool done_ = false;
  bool truncated_ = false;
  std::string truncation_reason_;
  std::vector<uint8_t> compressed_;
  std::vector<uint8_t> plain_;
  uint64_t events_read_ = 0;  // checked against the trailer's event_count
  absl::Status error_;        // once set, every later NextChunk returns it
  ZSTD_DCtx_s* zstd_ = nullptr;

  absl::Status ReadHeader();
  absl::StatusOr<bool> ReadChunk(std::vector<Event>* events);
  absl::Status ReadTrailer();
  // Reads exactly n bytes at `offset` (the caller has checked they are in the file).
  absl::Status ReadAt(uint64_t offset, size_t n, void* dst);
  // Ends reading without a trailer; NextChunk then returns false.
  void SetTruncated(std::string reason);
  absl::Status ChunkError(absl::StatusCode code, absl::string_view what) const;
};

// A whole trace in memory: convenient for tests and small traces.
struct TraceContents {
  TraceHeader header;
  std::vector<Event> events;  // in file order
  std::vector<std::string> strings;
  std::optional<TraceTrailer> trailer;
  bool truncated = false;
  std::string truncation_reason;
  std::string_view String(uint32_t id) const {
    return id < strings.size() ? std::string_view(strings[id]) : std::string_view();
  }
};
absl::StatusOr<TraceContents> ReadTrace(const std::string& path);

}  // namespace ctrace

#endif  // CTRACE_FORMAT_TRACE_READER_H_
