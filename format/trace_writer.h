// Writes a trace file as it is recorded: header first, then self-contained compressed
// chunks, then a trailer on a clean finish. Every chunk is written whole or (after a failed
// write, e.g. a full disk) cut back off the file, so whatever is on disk is always a
// readable prefix.
#ifndef CTRACE_FORMAT_TRACE_WRITER_H_
#define CTRACE_FORMAT_TRACE_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "format/event.h"
#include "format/trace_file.h"

struct ZSTD_CCtx_s;  // zstd's compression context (zstd.h), reused for every chunk

namespace ctrace {

struct TraceWriterOptions {
  // 16,384 events (1 MB of them pending) stay in a core's L2 cache while they are converted,
  // ordered and encoded: 65,536 cost the recorder ~10 ns more an event (docs/benchmarks.md).
  uint32_t max_events_per_chunk = 16384;
  // 1, not zstd's default 3: with the storm's events (delta-encoded varints already) level 3
  // was 41% of the recorder's CPU and saved nothing measurable on disk (1.5-1.9 bytes/event at
  // either level, docs/benchmarks.md); -1 cost as much and wrote more.
  int zstd_level = 1;
};

class TraceWriter {
 public:
  // Creates (or truncates) `path` with mode 0644 and writes the header.
  static absl::StatusOr<std::unique_ptr<TraceWriter>> Create(const std::string& path,
                                                             const TraceHeader& header,
                                                             TraceWriterOptions options = {});
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Returns the id of `s` in the string table, adding it (to be written with the next
  // chunk) if new. Id 0 is always "".
  uint32_t InternString(std::string_view s);

  // Buffers one event; writes a chunk when the buffer is full.
  absl::Status Add(const Event& event);

  // Add in two steps, for the recorder's hot loop: Append returns a new event at the end of
  // the buffer for the caller to fill in place (a copy of an event built moments earlier
  // stalls on the stores that built it), Commit then checks and buffers it exactly as Add
  // would (a rejected event is dropped), or Discard drops it. Nothing else may be called in
  // between.
  Event* Append();
  absl::Status Commit();
  void Discard() { pending_.pop_back(); }

  // Writes the buffered events (if any) as one chunk. The collector calls this on a timer so
  // a killed recording loses at most the last interval.
  absl::Status Flush();

  // Flushes and writes the trailer. The trailer's event and chunk counts are filled in here.
  absl::Status Finish(TraceTrailer trailer);

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  uint64_t bytes_written() const { return bytes_written_; }
  uint64_t events_written() const { return events_written_; }
  uint64_t chunks_written() const { return chunks_written_; }

 private:
  TraceWriter(int fd, std::string path, TraceWriterOptions options);
  absl::Status WriteAll(const void* data, size_t size);
  // Writes all pending strings and events: normally one chunk, more if the strings would
  // not fit in one chunk's body.
  absl::Status WritePending();
  // Writes one chunk holding pending_strings_[first_string, first_string + string_count)
  // and, if with_events, all of pending_ (already encoded in events_body_).
  absl::Status WriteChunk(size_t first_string, size_t string_count, bool with_events);
  // The status to return once failed_ or finished_ is set.
  absl::Status Unusable() const;

  int fd_;
  std::string path_;
  TraceWriterOptions options_;
  std::vector<Event> pending_;  // in ts order, unless pending_needs_sort_
  // An event came more than kMaxInsertDistance events too early for its place: pending_ is
  // sorted (stably) before it is written. Records from the ring buffer arrive almost in time
  // order, so this is rare and every other event costs one comparison.
  bool pending_needs_sort_ = false;
  std::vector<std::string> pending_strings_;  // interned since the last chunk
  absl::flat_hash_map<std::string, uint32_t> string_ids_;
  uint32_t next_string_id_ = 1;
  uint64_t bytes_written_ = 0;
  uint64_t events_written_ = 0;
  uint64_t chunks_written_ = 0;
  bool failed_ =
      false;  // a write failed: the file holds a readable prefix, nothing more is written
  absl::Status failure_;    // why failed_ was set
  bool finished_ = false;   // the trailer was written
  uint32_t cpu_limit_ = 0;  // events' cpu fields must be below this (header cpu_count)
  uint32_t first_pending_string_id_ = 1;  // id of pending_strings_[0]
  ZSTD_CCtx_s* zstd_ = nullptr;
  std::vector<uint8_t> events_body_;  // pending_ encoded
  std::vector<uint8_t> body_;         // a chunk's strings and events, when it has strings
  std::vector<uint8_t> chunk_;        // chunk header + compressed body, written with one write()
};

}  // namespace ctrace

#endif  // CTRACE_FORMAT_TRACE_WRITER_H_
