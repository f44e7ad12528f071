#include "format/trace_writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <span>

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
  if (!failed_ && !finished_ && !pending_.empty()) WritePending().IgnoreError();
  if (fd_ >= 0) ::close(fd_);
  ZSTD_freeCCtx(zstd_);
}

uint32_t TraceWriter::InternString(std::string_view s) {
  // The reader rejects longer strings; argv and file names are far shorter in practice.
  if (s.size() > kMaxStringLength) s = s.substr(0, kMaxStringLength);
  if (auto it = string_ids_.find(ToAbsl(s)); it != string_ids_.end()) return it->second;
  const uint32_t id = next_string_id_++;
  string_ids_.emplace(std::string(s), id);
  pending_strings_.emplace_back(s);
  return id;
}

absl::Status TraceWriter::Add(const Event& event) {
  *Append() = event;
  return Commit();  // which refuses it after a failure or Finish
}

Event* TraceWriter::Append() { return &pending_.emplace_back(); }

absl::Status TraceWriter::Commit() {
  const Event& event = pending_.back();
  if (failed_ || finished_) {
    pending_.pop_back();
    return Unusable();
  }
  if (absl::Status s = ValidateEvent(event, EventLimits{cpu_limit_, next_string_id_}); !s.ok()) {
    absl::Status rejected =
        absl::InvalidArgumentError(absl::StrCat(path_, ": ", ToAbsl(EventKindName(event.kind)),
                                                " event at ", event.ts_ns, ": ", s.message()));
    pending_.pop_back();
    return rejected;
  }
  // Keeps pending_ in time order as events come: almost always already at the end; a little
  // earlier when another CPU's record overtook it (stable: after any event of the same ts).
  constexpr size_t kMaxInsertDistance = 64;
  const auto last = std::prev(pending_.end());
  auto at = last;
  size_t distance = 0;
  while (!pending_needs_sort_ && at != pending_.begin() && event.ts_ns < std::prev(at)->ts_ns) {
    if (++distance > kMaxInsertDistance) {
      pending_needs_sort_ = true;
      at = last;
      break;
    }
    --at;
  }
  if (at != last) std::rotate(at, last, pending_.end());
  const size_t limit =
      std::clamp<size_t>(options_.max_events_per_chunk, 1, size_t{kMaxChunkEvents});
  if (pending_.size() >= limit) return WritePending();
  return absl::OkStatus();
}

absl::Status TraceWriter::Flush() {
  if (failed_ || finished_) return Unusable();
  // New strings alone wait for the next events: nothing in the file refers to them yet.
  if (pending_.empty()) return absl::OkStatus();
  return WritePending();
}

absl::Status TraceWriter::Finish(TraceTrailer trailer) {
  if (failed_ || finished_) return Unusable();
  if (absl::Status s = CheckTrailerLimits(trailer, cpu_limit_); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": ", s.message()));
  }
  if (!pending_.empty() || !pending_strings_.empty()) {
    RETURN_IF_ERROR(WritePending());
  }
  trailer.event_count = events_written_;
  trailer.chunk_count = chunks_written_;
  std::vector<uint8_t> bytes;
  EncodeTrailer(trailer, &bytes);
  RETURN_IF_ERROR(WriteAll(bytes.data(), bytes.size()));
  finished_ = true;
  return absl::OkStatus();
}

absl::Status TraceWriter::Unusable() const {
  if (failed_) {
    return absl::FailedPreconditionError(absl::StrCat(
        path_, ": nothing more is written after an earlier failure (", failure_.message(), ")"));
  }
  return absl::FailedPreconditionError(absl::StrCat(path_, ": the trace is already finished"));
}

absl::Status TraceWriter::WritePending() {
  if (pending_needs_sort_) {
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; });
    pending_needs_sort_ = false;
  }
  events_body_.clear();
  if (!pending_.empty()) EncodeEvents(pending_, pending_.front().ts_ns, &events_body_);

  // Strings go with the events unless together they would exceed one chunk's body limit;
  // then the excess strings go first, in strings-only chunks (a string is always defined
  // before, or in the same chunk as, the first event that refers to it).
  const size_t n = pending_strings_.size();
  size_t begin = 0;
  size_t bytes = 0;
  absl::Status status;
  for (size_t i = 0; i < n && status.ok(); ++i) {
    const size_t size = EncodedStringSize(pending_strings_[i]);
    if (i - begin == kMaxChunkStrings || bytes + size > kMaxChunkBodySize) {
      status = WriteChunk(begin, i - begin, /*with_events=*/false);
      begin = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (status.ok() && begin < n && bytes + events_body_.size() > kMaxChunkBodySize) {
    status = WriteChunk(begin, n - begin, /*with_events=*/false);
    begin = n;
  }
  if (status.ok() && (begin < n || !pending_.empty())) {
    status = WriteChunk(begin, n - begin, /*with_events=*/!pending_.empty());
  }
  pending_.clear();
  pending_strings_.clear();
  first_pending_string_id_ = next_string_id_;
  return status;
}

absl::Status TraceWriter::WriteChunk(size_t first_string, size_t string_count, bool with_events) {
  const std::vector<uint8_t>* body = &events_body_;
  if (string_count > 0 || !with_events) {
    body_.clear();
    EncodeStrings(std::span(pending_strings_).subspan(first_string, string_count), &body_);
    if (with_events) body_.insert(body_.end(), events_body_.begin(), events_body_.end());
    body = &body_;
  }

  chunk_.resize(kChunkHeaderSize + ZSTD_compressBound(body->size()));
  const size_t compressed =
      ZSTD_compress2(zstd_, chunk_.data() + kChunkHeaderSize, chunk_.size() - kChunkHeaderSize,
                     body->data(), body->size());
  if (ZSTD_isError(compressed)) {
    failed_ = true;
    failure_ = absl::InternalError(
        absl::StrCat(path_, ": zstd compression failed: ", ZSTD_getErrorName(compressed)));
    return failure_;
  }

  ChunkHeader header;
  header.compressed_size = static_cast<uint32_t>(compressed);
  header.uncompressed_size = static_cast<uint32_t>(body->size());
  header.event_count = with_events ? static_cast<uint32_t>(pending_.size()) : 0;
  header.string_count = static_cast<uint32_t>(string_count);
  header.first_string_id = first_pending_string_id_ + static_cast<uint32_t>(first_string);
  if (with_events) {
    header.first_ts_ns = pending_.front().ts_ns;
    header.last_ts_ns = pending_.back().ts_ns;
  }
  header.crc32 = Crc32(std::string_view(
      reinterpret_cast<const char*>(chunk_.data()) + kChunkHeaderSize, compressed));
  EncodeChunkHeader(header, chunk_.data());

  RETURN_IF_ERROR(WriteAll(chunk_.data(), kChunkHeaderSize + compressed));
  ++chunks_written_;
  events_written_ += header.event_count;
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
      if (::ftruncate(fd_, static_cast<off_t>(bytes_written_)) != 0) {
        // Nothing better to do: the write error below is the one to report.
      }
      failed_ = true;
      failure_ = absl::ErrnoToStatus(err, path_);
      return failure_;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  bytes_written_ += size;
  return absl::OkStatus();
}

}  // namespace ctrace
