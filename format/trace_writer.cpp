#include "format/trace_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <new>
#include <span>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "format/event_codec.h"
#include "format/file_layout.h"
#include "format/string_view_compat.h"
#include "format/trace_file_codec.h"

namespace ctrace {
namespace {

static_assert(uint64_t{kMaxChunkEvents} * kMaxEncodedEventSize < kMaxChunkBodySize,
              "a full chunk of events must fit in one chunk body");

size_t EncodedStringSize(const std::string& s) {
  size_t varint = 1;
  for (uint64_t v = s.size(); v >= 0x80; v >>= 7) ++varint;
  return varint + s.size();
}

}  // namespace

absl::StatusOr<std::unique_ptr<TraceWriter>> TraceWriter::Create(const std::string& path,
                                                                 const TraceHeader& header,
                                                                 TraceWriterOptions options) {
  if (absl::Status s = CheckHeaderLimits(header); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) return absl::ErrnoToStatus(errno, path);
  std::unique_ptr<TraceWriter> writer(new TraceWriter(fd, path, options));
  writer->cpu_limit_ = CpuLimit(header.cpu_count);
  writer->zstd_ = ZSTD_createCCtx();
  if (writer->zstd_ == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat(path, ": cannot create a zstd context"));
  }
  // Out-of-range levels are clamped by zstd. No zstd checksum: each chunk has a CRC-32.
  ZSTD_CCtx_setParameter(writer->zstd_, ZSTD_c_compressionLevel, options.zstd_level);
  ZSTD_CCtx_setParameter(writer->zstd_, ZSTD_c_contentSizeFlag, 1);

  std::vector<uint8_t> bytes;
  EncodeFileHeader(header, &bytes);
  RETURN_IF_ERROR(writer->WriteAll(bytes.data(), bytes.size()));
  return writer;
}

TraceWriter::TraceWriter(int fd, std::string path, TraceWriterOptions options)
    : fd_(fd), path_(std::move(path)), options_(options) {
  string_ids_.emplace(std::string(), kEmptyString);
}

TraceWriter::~TraceWriter() {
  // Best effort: a writer dropped without Finish() still leaves its events on disk, as a
  // truncated trace the reader accepts. Errors have nowhere to go here.
  if (!failed() && !finished_ && !pending_.events.empty()) WritePending().IgnoreError();
  StopWritingThread();
  if (fd_ >= 0) ::close(fd_);
  ZSTD_freeCCtx(zstd_);
}

uint32_t TraceWriter::InternString(std::string_view s) {
  // The reader rejects longer strings; argv and file names are far shorter in practice.
  if (s.size() > kMaxStringLength) s = s.substr(0, kMaxStringLength);
  if (auto it = string_ids_.find(ToAbsl(s)); it != string_ids_.end()) return it->second;
  const uint32_t id = next_string_id_++;
  string_ids_.emplace(std::string(s), id);
  pending_.strings.emplace_back(s);
  return id;
}

absl::Status TraceWriter::Add(const Event& event) {
  *Append() = event;
  return Commit();  // which refuses it after a failure or Finish
}

Event* TraceWriter::Append() { return &pending_.events.emplace_back(); }

void TraceWriter::Discard() { pending_.events.pop_back(); }

absl::Status TraceWriter::Commit() {
  std::vector<Event>& events = pending_.events;
  const Event& event = events.back();
  if (failed() || finished_) {
    events.pop_back();
    return Unusable();
  }
  if (absl::Status s = ValidateEvent(event, EventLimits{cpu_limit_, next_string_id_}); !s.ok()) {
    absl::Status rejected =
        absl::InvalidArgumentError(absl::StrCat(path_, ": ", ToAbsl(EventKindName(event.kind)),
                                                " event at ", event.ts_ns, ": ", s.message()));
    events.pop_back();
    return rejected;
  }
  // Keeps pending_ in time order as events come: almost always already at the end; a little
  // earlier when another CPU's record overtook it (stable: after any event of the same ts). One
  // that an interrupt held back between its timestamp and its place in the ring buffer can come
  // hundreds of events late (a few in a million in the storm, each of which made the whole
  // batch be sorted: that sort was 10-15% of the writing thread's CPU): it is found by binary
  // search and moved into place too, as long as this batch's moves stay below its own size
  // (one event moved per event added, amortized); beyond that the batch is sorted once.
  constexpr size_t kMaxInsertDistance = 64;
  const auto last = std::prev(events.end());
  auto at = last;
  size_t distance = 0;
  while (!pending_.needs_sort && at != events.begin() && event.ts_ns < std::prev(at)->ts_ns) {
    if (++distance > kMaxInsertDistance) {
      at = std::upper_bound(events.begin(), at, event.ts_ns,
                            [](uint64_t ts, const Event& e) { return ts < e.ts_ns; });
      pending_.events_moved += static_cast<size_t>(last - at);
      if (pending_.events_moved > events.size() + kMaxInsertDistance) {
        pending_.needs_sort = true;
        at = last;
      }
      break;
    }
    --at;
  }
  if (at != last) {
    // One event to its place, the ones after it up by one: a memmove. (std::rotate moves a
    // type with a constructor of its own, as Event is, by swaps: 8% of the writer's CPU.)
    const Event late = *last;
    std::move_backward(at, last, events.end());
    *at = late;
  }
  const size_t limit =
      std::clamp<size_t>(options_.max_events_per_chunk, 1, size_t{kMaxChunkEvents});
  if (events.size() >= limit) return WritePending();
  return absl::OkStatus();
}

absl::Status TraceWriter::Flush() {
  if (failed() || finished_) return Unusable();
  // New strings alone wait for the next events: nothing in the file refers to them yet.
  if (pending_.events.empty()) return absl::OkStatus();
  return WritePending();
}

absl::Status TraceWriter::WaitForWrites() {
  if (writing_thread_.joinable()) {
    std::unique_lock lock(mu_);
    written_.wait(lock, [this] { return queue_.empty(); });
  }
  if (!failed()) return absl::OkStatus();
  failure_reported_ = true;  // returned here: the next call says nothing more is written
  return failure_;
}

absl::Status TraceWriter::Finish(TraceTrailer trailer) {
  if (failed() || finished_) return Unusable();
  if (absl::Status s = CheckTrailerLimits(trailer, cpu_limit_); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": ", s.message()));
  }
  if (!pending_.events.empty() || !pending_.strings.empty()) {
    RETURN_IF_ERROR(WritePending());
  }
  StopWritingThread();
  if (failed()) return Unusable();
  trailer.event_count = events_written();
  trailer.chunk_count = chunks_written();
  std::vector<uint8_t> bytes;
  EncodeTrailer(trailer, &bytes);
  if (absl::Status s = WriteAll(bytes.data(), bytes.size()); !s.ok()) {
    failure_reported_ = true;  // here
    return s;
  }
  finished_ = true;
  return absl::OkStatus();
}

absl::Status TraceWriter::Fail(absl::Status status) {
  failure_ = std::move(status);
  failed_.store(true, std::memory_order_release);
  return failure_;
}

absl::Status TraceWriter::Unusable() {
  if (failed()) {
    if (options_.background && !failure_reported_) {
      failure_reported_ = true;
      return failure_;
    }
    return absl::FailedPreconditionError(absl::StrCat(
        path_, ": nothing more is written after an earlier failure (", failure_.message(), ")"));
  }
  return absl::FailedPreconditionError(absl::StrCat(path_, ": the trace is already finished"));
}

absl::Status TraceWriter::WritePending() {
  // Started with the first chunk, not with the file: ctrace run forks the program after
  // creating the trace, and a child of a process with one thread only is simpler to reason
  // about. If the system refuses a thread, the chunks are written here, as without one.
  if (options_.background && !writing_thread_.joinable()) {
    try {
      writing_thread_ = std::thread([this] { WriteInBackground(); });
    } catch (const std::system_error&) {
      options_.background = false;
    }
  }
  absl::Status status;
  if (!writing_thread_.joinable()) {
    status = WriteBatch(pending_);
    pending_.Clear();
  } else {
    {
      // Two batches in flight at most: if the writing thread falls that far behind, the
      // events wait in the ring buffer rather than in memory here.
      constexpr size_t kMaxBatchesHandedOver = 2;
      std::unique_lock lock(mu_);
      written_.wait(lock, [this] { return queue_.size() < kMaxBatchesHandedOver; });
      queue_.push_back(std::move(pending_));
      if (spare_.empty()) {
        pending_ = Batch();
      } else {
        pending_ = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    handed_over_.notify_one();
    if (failed()) status = Unusable();
  }
  pending_.first_string_id = next_string_id_;
  return status;
}

void TraceWriter::WriteInBackground() {
  std::unique_lock lock(mu_);
  while (true) {
    handed_over_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;
    Batch& batch = queue_.front();  // a deque's push_back keeps references to it valid
    lock.unlock();
    try {
      if (!failed()) WriteBatch(batch).IgnoreError();  // kept in failure_
    } catch (const std::bad_alloc&) {
      // Without a thread the caller would have seen the exception; here it becomes the
      // writer's failure, and the file keeps what was written before.
      if (!failed()) {
        Fail(absl::ResourceExhaustedError(
                 absl::StrCat(path_, ": out of memory while writing a chunk")))
            .IgnoreError();  // kept in failure_
      }
    }
    batch.Clear();
    lock.lock();
    spare_.push_back(std::move(batch));
    queue_.pop_front();
    written_.notify_all();
  }
}

void TraceWriter::StopWritingThread() {
  if (!writing_thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  handed_over_.notify_one();
  writing_thread_.join();
}

absl::Status TraceWriter::WriteBatch(Batch& batch) {
  std::vector<Event>& events = batch.events;
  if (batch.needs_sort) {
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; });
  }
  events_body_.clear();
  if (!events.empty()) encoder_.Encode(events, events.front().ts_ns, &events_body_);

  // Strings go with the events unless together they would exceed one chunk's body limit;
  // then the excess strings go first, in strings-only chunks (a string is always defined
  // before, or in the same chunk as, the first event that refers to it).
  const size_t n = batch.strings.size();
  size_t begin = 0;
  size_t bytes = 0;
  absl::Status status;
  for (size_t i = 0; i < n && status.ok(); ++i) {
    const size_t size = EncodedStringSize(batch.strings[i]);
    if (i - begin == kMaxChunkStrings || bytes + size > kMaxChunkBodySize) {
      status = WriteChunk(batch, begin, i - begin, /*with_events=*/false);
      begin = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (status.ok() && begin < n && bytes + events_body_.size() > kMaxChunkBodySize) {
    status = WriteChunk(batch, begin, n - begin, /*with_events=*/false);
    begin = n;
  }
  if (status.ok() && (begin < n || !events.empty())) {
    status = WriteChunk(batch, begin, n - begin, /*with_events=*/!events.empty());
  }
  return status;
}

absl::Status TraceWriter::WriteChunk(const Batch& batch, size_t first_string, size_t string_count,
                                     bool with_events) {
  const std::vector<uint8_t>* body = &events_body_;
  if (string_count > 0 || !with_events) {
    body_.clear();
    EncodeStrings(std::span(batch.strings).subspan(first_string, string_count), &body_);
    if (with_events) body_.insert(body_.end(), events_body_.begin(), events_body_.end());
    body = &body_;
  }

  chunk_.resize(kChunkHeaderSize + ZSTD_compressBound(body->size()));
  const size_t compressed =
      ZSTD_compress2(zstd_, chunk_.data() + kChunkHeaderSize, chunk_.size() - kChunkHeaderSize,
                     body->data(), body->size());
  if (ZSTD_isError(compressed)) {
    return Fail(absl::InternalError(
        absl::StrCat(path_, ": zstd compression failed: ", ZSTD_getErrorName(compressed))));
  }

  ChunkHeader header;
  header.compressed_size = static_cast<uint32_t>(compressed);
  header.uncompressed_size = static_cast<uint32_t>(body->size());
  header.event_count = with_events ? static_cast<uint32_t>(batch.events.size()) : 0;
  header.string_count = static_cast<uint32_t>(string_count);
  header.first_string_id = batch.first_string_id + static_cast<uint32_t>(first_string);
  if (with_events) {
    header.first_ts_ns = batch.events.front().ts_ns;
    header.last_ts_ns = batch.events.back().ts_ns;
  }
  header.crc32 = Crc32(std::string_view(
      reinterpret_cast<const char*>(chunk_.data()) + kChunkHeaderSize, compressed));
  EncodeChunkHeader(header, chunk_.data());

  RETURN_IF_ERROR(WriteAll(chunk_.data(), kChunkHeaderSize + compressed));
  chunks_written_.fetch_add(1, std::memory_order_relaxed);
  events_written_.fetch_add(header.event_count, std::memory_order_relaxed);
  return absl::OkStatus();
}

absl::Status TraceWriter::WriteAll(const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  size_t left = size;
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      const int err = n < 0 ? errno : EIO;
      // Cut off the partial chunk so the file stays a readable prefix. If even that fails
      // (e.g. /dev/full), the reader still sees the partial chunk as a cut-off recording.
      if (::ftruncate(fd_, static_cast<off_t>(bytes_written())) != 0) {
        // Nothing better to do: the write error below is the one to report.
      }
      return Fail(absl::ErrnoToStatus(err, path_));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  bytes_written_.fetch_add(size, std::memory_order_relaxed);
  return absl::OkStatus();
}

}  // namespace ctrace
