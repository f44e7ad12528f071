// Writes a trace file as it is recorded: header first, then self-contained compressed
// chunks, then a trailer on a clean finish. Every chunk is written whole or (after a failed
// write, e.g. a full disk) cut back off the file, so whatever is on disk is always a
// readable prefix.
#ifndef CTRACE_FORMAT_TRACE_WRITER_H_
#define CTRACE_FORMAT_TRACE_WRITER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "format/event.h"
#include "format/event_codec.h"
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
  // Sort, encode, compress and write each chunk on a thread of the writer's own, so the
  // thread that adds events (the recorder's, draining the ring buffer) only converts and
  // orders them: zstd alone was 39% of the recorder's CPU in the storm. The drain thread then
  // needs less than half the CPU per event; the process as a whole ~8% more (the events cross
  // to the other core's cache), docs/benchmarks.md. The file is byte for byte the one the
  // writer makes without it. A write error reaches the adding thread at its next call;
  // everything written before it stays a readable prefix.
  bool background = false;
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
  void Discard();

  // Writes the buffered events (if any) as one chunk. The collector calls this on a timer so
  // a killed recording loses at most the last interval. In the background, the chunk is
  // handed to the writing thread, which writes it as soon as it has written those before.
  absl::Status Flush();

  // Returns once every chunk handed to the writing thread is on disk (at once without one),
  // with the first error it met, if any.
  absl::Status WaitForWrites();

  // Flushes and writes the trailer. The trailer's event and chunk counts are filled in here.
  absl::Status Finish(TraceTrailer trailer);

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  // What is on disk so far (in the background, chunks still being written are not).
  uint64_t bytes_written() const { return bytes_written_.load(std::memory_order_relaxed); }
  uint64_t events_written() const { return events_written_.load(std::memory_order_relaxed); }
  uint64_t chunks_written() const { return chunks_written_.load(std::memory_order_relaxed); }

 private:
  // What one chunk (or, when its strings overflow a chunk, a few) is written from: the events
  // and strings added since the last one.
  struct Batch {
    std::vector<Event> events;  // in ts order, unless needs_sort
    // Events came so late for their places that moving each into place would have moved more
    // events than the batch holds: the events are sorted (stably) before they are written.
    // Records from the ring buffer arrive almost in time order, so this is rare and most
    // events cost one comparison.
    bool needs_sort = false;
    size_t events_moved = 0;  // by the inserts of late events beyond the linear search's reach
    std::vector<std::string> strings;  // interned since the last batch
    uint32_t first_string_id = 1;      // id of strings[0]

    // Empty, keeping the vectors' memory for the next batch (the caller sets first_string_id).
    void Clear() {
      events.clear();
      needs_sort = false;
      events_moved = 0;
      strings.clear();
    }
  };

  TraceWriter(int fd, std::string path, TraceWriterOptions options);
  absl::Status WriteAll(const void* data, size_t size);
  // Writes pending_ (on this thread, or hands it to the writing thread) and starts the next.
  absl::Status WritePending();
  // Writes all of a batch's strings and events: normally one chunk, more if the strings
  // would not fit in one chunk's body. Runs on the writing thread when there is one.
  absl::Status WriteBatch(Batch& batch);
  // Writes one chunk holding batch.strings[first_string, first_string + string_count) and,
  // if with_events, all of batch.events (already encoded in events_body_).
  absl::Status WriteChunk(const Batch& batch, size_t first_string, size_t string_count,
                          bool with_events);
  // Records the first failure: nothing more is written after it.
  absl::Status Fail(absl::Status status);
  // The status to return once failed_ or finished_ is set: the failure itself the first time
  // the adding thread sees it, then that nothing more is written.
  absl::Status Unusable();
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  // The writing thread's loop, and stopping it (after it has written everything handed over).
  void WriteInBackground();
  void StopWritingThread();

  // The adding thread's.
  int fd_;
  std::string path_;
  TraceWriterOptions options_;
  Batch pending_;
  absl::flat_hash_map<std::string, uint32_t> string_ids_;
  uint32_t next_string_id_ = 1;
  bool finished_ = false;  // the trailer was written
  // In the background: a failure was returned to the adding thread (Unusable() returns it
  // itself the first time; without the thread, the call that failed did).
  bool failure_reported_ = false;
  uint32_t cpu_limit_ = 0;  // events' cpu fields must be below this (header cpu_count)

  // The writing thread's (this one's, without one).
  ZSTD_CCtx_s* zstd_ = nullptr;
  EventEncoder encoder_;
  std::vector<uint8_t> events_body_;  // a batch's events encoded
  std::vector<uint8_t> body_;         // a chunk's strings and events, when it has strings
  std::vector<uint8_t> chunk_;        // chunk header + compressed body, written with one write()
  std::atomic<uint64_t> bytes_written_ = 0;
  std::atomic<uint64_t> events_written_ = 0;
  std::atomic<uint64_t> chunks_written_ = 0;
  // A write failed: the file holds a readable prefix, nothing more is written. failure_ is
  // set before failed_, and not changed after it.
  std::atomic<bool> failed_ = false;
  absl::Status failure_;

  // Between the two threads, under mu_: batches handed over (the front one is being written
  // until it is popped) and emptied ones to reuse, so no batch is allocated twice.
  std::mutex mu_;
  std::condition_variable handed_over_;  // to the writing thread: a batch, or stop
  std::condition_variable written_;      // to the adding thread: a batch is written
  std::deque<Batch> queue_;
  std::vector<Batch> spare_;
  bool stopping_ = false;
  std::thread writing_thread_;  // with options_.background: from the first chunk to the end
};

}  // namespace ctrace

#endif  // CTRACE_FORMAT_TRACE_WRITER_H_
