#include "format/trace_reader.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "format/event_codec.h"
#include "format/file_layout.h"
#include "format/string_view_compat.h"
#include "format/trace_file_codec.h"

namespace ctrace {
namespace {

// No valid chunk has a larger compressed body: zstd's worst case for the largest body.
constexpr uint64_t kMaxCompressedSize = ZSTD_COMPRESSBOUND(kMaxChunkBodySize);

uint32_t GetU32(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | in[i];
  return v;
}

// True if `have` (possibly shorter than `magic`) is how `magic` begins.
bool IsPrefixOf(std::string_view have, std::string_view magic) {
  return magic.substr(0, have.size()) == have;
}

std::string_view AsChars(const std::vector<uint8_t>& bytes, size_t n) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), n);
}

}  // namespace

absl::StatusOr<std::unique_ptr<TraceReader>> TraceReader::Open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rbe");  // "e": O_CLOEXEC
  if (file == nullptr) return absl::ErrnoToStatus(errno, path);
  std::unique_ptr<TraceReader> reader(new TraceReader());
  reader->path_ = path;
  reader->file_ = file;
  struct stat st;
  if (::fstat(::fileno(file), &st) != 0) return absl::ErrnoToStatus(errno, path);
  if (S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory, not a ctrace file"));
  }
  reader->file_size_ = static_cast<uint64_t>(st.st_size);
  reader->zstd_ = ZSTD_createDCtx();
  if (reader->zstd_ == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat(path, ": cannot create a zstd context"));
  }
  RETURN_IF_ERROR(reader->ReadHeader());
  return reader;
}

TraceReader::~TraceReader() {
  if (file_ != nullptr) std::fclose(file_);
  ZSTD_freeDCtx(zstd_);
}

std::string_view TraceReader::String(uint32_t id) const {
  return id < strings_.size() ? std::string_view(strings_[id]) : std::string_view();
}

absl::Status TraceReader::ReadAt(uint64_t offset, size_t n, void* dst) {
  char* out = static_cast<char*>(dst);
  while (n > 0) {
    const ssize_t got = ::pread(::fileno(file_), out, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return absl::ErrnoToStatus(errno, absl::StrCat(path_, ": read at ", offset));
    if (got == 0) {
      return absl::DataLossError(
          absl::StrCat(path_, ": file shrank while reading (nothing at offset ", offset, ")"));
    }
    out += got;
    offset += static_cast<uint64_t>(got);
    n -= static_cast<size_t>(got);
  }
  return absl::OkStatus();
}

absl::Status TraceReader::ReadHeader() {
  if (file_size_ == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": empty file (0 bytes), not a trace"));
  }
  uint8_t pre[kPreambleSize];
  const size_t have = static_cast<size_t>(std::min<uint64_t>(file_size_, kPreambleSize));
  RETURN_IF_ERROR(ReadAt(0, have, pre));
  const std::string_view magic(reinterpret_cast<const char*>(pre), std::min(have, size_t{8}));
  if (!IsPrefixOf(magic, kFileMagic)) {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": not a ctrace file (it starts with \"",
                                                   absl::CHexEscape(ToAbsl(magic)), "\", not \"",
                                                   absl::CHexEscape(ToAbsl(kFileMagic)), "\")"));
  }
  if (have < kPreambleSize) {
    return absl::DataLossError(
        absl::StrCat(path_, ": header cut off: the file has only ", file_size_, " bytes"));
  }
  const uint32_t version = GetU32(pre + 8);
  if (version == 0) return absl::DataLossError(absl::StrCat(path_, ": invalid format version 0"));
  if (version > kTraceFormatVersion) {
    return absl::InvalidArgumentError(absl::StrCat(
        path_, ": format version ", version, " is newer than this ctrace reads (version ",
        kTraceFormatVersion, "); open it with a newer ctrace"));
  }
  const uint32_t length = GetU32(pre + 12);
  if (length > kMaxHeaderPayload) {
    return absl::DataLossError(absl::StrCat(path_, ": header length ", length, " exceeds the ",
                                            kMaxHeaderPayload, "-byte maximum"));
  }
  const uint64_t header_end = kPreambleSize + uint64_t{length} + 4;
  if (header_end > file_size_) {
    return absl::DataLossError(absl::StrCat(path_, ": header cut off: it needs ", header_end,
                                            " bytes but the file has ", file_size_));
  }
  // CRC covers version, length and payload (everything after the magic).
  plain_.resize(8 + length + 4);
  RETURN_IF_ERROR(ReadAt(8, plain_.size(), plain_.data()));
  const uint32_t stored_crc = GetU32(plain_.data() + 8 + length);
  const uint32_t crc = Crc32(AsChars(plain_, 8 + length));
  if (crc != stored_crc) {
    return absl::DataLossError(absl::StrCat(path_, ": header checksum mismatch (stored ",
                                            absl::Hex(stored_crc), ", computed ", absl::Hex(crc),
                                            ")"));
  }
  header_ = TraceHeader();
  header_.version = version;
  if (absl::Status s =
          DecodeHeaderPayload(std::string_view(AsChars(plain_, 8 + length)).substr(8), &header_);
      !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(path_, ": ", s.message()));
  }
  strings_.assign(1, std::string());  // id 0 is always ""
  offset_ = header_end;
  return absl::OkStatus();
}

absl::StatusOr<bool> TraceReader::NextChunk(std::vector<Event>* events) {
  if (!error_.ok()) return error_;
  if (done_) {
    events->clear();
    return false;
  }
  absl::StatusOr<bool> got = ReadChunk(events);
  if (!got.ok()) {
    error_ = got.status();
    done_ = true;
  }
  if (!got.ok() || !*got) events->clear();
  return got;
}

void TraceReader::SetTruncated(std::string reason) {
  truncated_ = true;
  truncation_reason_ = std::move(reason);
  done_ = true;
}

absl::Status TraceReader::ChunkError(absl::StatusCode code, absl::string_view what) const {
  return absl::Status(
      code, absl::StrCat(path_, ": chunk ", chunk_index_, " at offset ", offset_, ": ", what));
}

absl::StatusOr<bool> TraceReader::ReadChunk(std::vector<Event>* events) {
  const uint64_t left = file_size_ - offset_;
  if (left == 0) {
    SetTruncated(chunk_index_ == 0 ? absl::StrCat("ends right after the header at offset ", offset_,
                                                  ": no chunks and no trailer")
                                   : absl::StrCat("ends after chunk ", chunk_index_ - 1,
                                                  " at offset ", offset_, ": no trailer"));
    return false;
  }
  uint8_t raw[kChunkHeaderSize];
  const size_t have = static_cast<size_t>(std::min<uint64_t>(left, kChunkHeaderSize));
  RETURN_IF_ERROR(ReadAt(offset_, have, raw));
  const std::string_view magic(reinterpret_cast<const char*>(raw), std::min(have, size_t{4}));
  if (IsPrefixOf(magic, kTrailerMagicBytes)) {
    RETURN_IF_ERROR(ReadTrailer());
    return false;
  }
  if (!IsPrefixOf(magic, kChunkMagicBytes)) {
    return ChunkError(absl::StatusCode::kDataLoss,
                      absl::StrCat("bad magic \"", absl::CHexEscape(ToAbsl(magic)),
                                   "\": neither a chunk nor the trailer"));
  }
  if (have < kChunkHeaderSize) {
    SetTruncated(absl::StrCat("ends inside chunk ", chunk_index_, "'s header at offset ", offset_,
                              ": ", have, " of ", kChunkHeaderSize, " bytes"));
    return false;
  }

  const ChunkHeader chunk = DecodeChunkHeader(raw);
  const uint64_t body_left = left - kChunkHeaderSize;
  const auto fail = [&](absl::string_view what) {
    return ChunkError(absl::StatusCode::kDataLoss, what);
  };
  if (chunk.reserved != 0) {
    return fail(absl::StrCat("reserved field is ", absl::Hex(chunk.reserved), ", not 0"));
  }
  // A compressed length beyond what any chunk can have is corruption, not a cut-off file.
  if (chunk.compressed_size > kMaxCompressedSize) {
    return fail(
        absl::StrCat("compressed length ", chunk.compressed_size,
                     chunk.compressed_size > body_left
                         ? absl::StrCat(" exceeds the ", body_left, " bytes left in the file")
                         : std::string(" exceeds the largest possible chunk"),
                     " (at most ", kMaxCompressedSize, " bytes)"));
  }
  if (chunk.uncompressed_size > kMaxChunkBodySize) {
    return fail(absl::StrCat("uncompressed length ", chunk.uncompressed_size, " exceeds the ",
                             kMaxChunkBodySize, "-byte maximum"));
  }
  if (chunk.event_count > kMaxChunkEvents) {
    return fail(
        absl::StrCat("event count ", chunk.event_count, " exceeds the maximum ", kMaxChunkEvents));
  }
  if (chunk.string_count > kMaxChunkStrings) {
    return fail(absl::StrCat("string count ", chunk.string_count, " exceeds the maximum ",
                             kMaxChunkStrings));
  }
  // Every event takes at least kMinEncodedEventSize bytes and every string at least its
  // one-byte length, so the counts cannot claim more than the body can hold.
  const uint64_t min_body =
      uint64_t{chunk.event_count} * kMinEncodedEventSize + uint64_t{chunk.string_count};
  if (min_body > chunk.uncompressed_size) {
    return fail(absl::StrCat(chunk.event_count, " events and ", chunk.string_count,
                             " strings cannot fit in ", chunk.uncompressed_size,
                             " uncompressed bytes"));
  }
  if (chunk.event_count == 0 && chunk.string_count == 0) {
    return fail("holds no events and no strings");
  }
  if (chunk.first_string_id != strings_.size()) {
    return fail(
        absl::StrCat("first string id ", chunk.first_string_id, " should be ", strings_.size()));
  }
  if (chunk.event_count == 0 ? (chunk.first_ts_ns != 0 || chunk.last_ts_ns != 0)
                             : chunk.first_ts_ns > chunk.last_ts_ns) {
    return fail(absl::StrCat("time range ", chunk.first_ts_ns, "..", chunk.last_ts_ns,
                             " is invalid for ", chunk.event_count, " events"));
  }
  if (chunk.compressed_size > body_left) {
    SetTruncated(absl::StrCat("ends inside chunk ", chunk_index_, " at offset ", file_size_, ": ",
                              body_left, " of ", chunk.compressed_size, " bytes"));
    return false;
  }

  compressed_.resize(chunk.compressed_size);
  if (absl::Status s = ReadAt(offset_ + kChunkHeaderSize, compressed_.size(), compressed_.data());
      !s.ok()) {
    return s;
  }
  const uint32_t crc = Crc32(AsChars(compressed_, compressed_.size()));
  if (crc != chunk.crc32) {
    return fail(absl::StrCat("checksum mismatch (stored ", absl::Hex(chunk.crc32), ", computed ",
                             absl::Hex(crc), ")"));
  }
  plain_.resize(chunk.uncompressed_size);
  const size_t got = ZSTD_decompressDCtx(zstd_, plain_.data(), plain_.size(), compressed_.data(),
                                         compressed_.size());
  if (ZSTD_isError(got)) {
    return fail(absl::StrCat("zstd: ", ZSTD_getErrorName(got), " (declared uncompressed length ",
                             chunk.uncompressed_size, ")"));
  }
  if (got != chunk.uncompressed_size) {
    return fail(absl::StrCat("decompressed to ", got, " bytes, not the declared ",
                             chunk.uncompressed_size));
  }
  if (absl::Status s =
          DecodeChunkBody(AsChars(plain_, plain_.size()), chunk, CpuLimit(header_.cpu_count),
                          header_.version, &strings_, events);
      !s.ok()) {
    return ChunkError(s.code(), s.message());
  }
  offset_ += kChunkHeaderSize + chunk.compressed_size;
  events_read_ += chunk.event_count;
  ++chunk_index_;
  return true;
}

absl::Status TraceReader::ReadTrailer() {
  const uint64_t left = file_size_ - offset_;
  const auto fail = [&](absl::string_view what) {
    return absl::DataLossError(absl::StrCat(path_, ": trailer at offset ", offset_, ": ", what));
  };
  if (left < 8) {
    SetTruncated(absl::StrCat("ends inside the trailer at offset ", file_size_, ": ", left,
                              " of its first 8 bytes"));
    return absl::OkStatus();
  }
  uint8_t pre[8];
  RETURN_IF_ERROR(ReadAt(offset_, sizeof(pre), pre));
  const uint32_t length = GetU32(pre + 4);
  if (length > kMaxTrailerPayload) {
    return fail(
        absl::StrCat("length ", length, " exceeds the ", kMaxTrailerPayload, "-byte maximum"));
  }
  const uint64_t total = 8 + uint64_t{length} + 4 + kFooterSize;
  if (total > left) {
    SetTruncated(absl::StrCat("ends inside the trailer at offset ", file_size_, ": ", left, " of ",
                              total, " bytes"));
    return absl::OkStatus();
  }
  plain_.resize(total);
  RETURN_IF_ERROR(ReadAt(offset_, total, plain_.data()));
  const std::string_view payload = AsChars(plain_, 8 + length).substr(8);
  const uint32_t stored_crc = GetU32(plain_.data() + 8 + length);
  const uint32_t crc = Crc32(payload);
  if (crc != stored_crc) {
    return fail(absl::StrCat("checksum mismatch (stored ", absl::Hex(stored_crc), ", computed ",
                             absl::Hex(crc), ")"));
  }
  const uint32_t footer_size = GetU32(plain_.data() + 12 + length);
  const std::string_view end_magic = AsChars(plain_, total).substr(16 + length);
  if (footer_size != 12 + uint64_t{length} || end_magic != kEndMagic) {
    return fail(absl::StrCat("bad footer (size ", footer_size, ", magic \"",
                             absl::CHexEscape(ToAbsl(end_magic)), "\")"));
  }
  TraceTrailer trailer;
  if (absl::Status s = DecodeTrailerPayload(payload, CpuLimit(header_.cpu_count), &trailer);
      !s.ok()) {
    return fail(s.message());
  }
  if (total < left) {
    return fail(absl::StrCat(left - total, " bytes follow the end of the trace"));
  }
  if (trailer.event_count != events_read_ || trailer.chunk_count != chunk_index_) {
    return fail(absl::StrCat("it counts ", trailer.event_count, " events in ", trailer.chunk_count,
                             " chunks, but the file has ", events_read_, " events in ",
                             chunk_index_, " chunks"));
  }
  trailer_ = std::move(trailer);
  done_ = true;
  return absl::OkStatus();
}

absl::StatusOr<TraceContents> ReadTrace(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<TraceReader> reader, TraceReader::Open(path));
  TraceContents contents;
  contents.header = reader->header();
  std::vector<Event> chunk;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader->NextChunk(&chunk));
    if (!more) break;
    contents.events.insert(contents.events.end(), chunk.begin(), chunk.end());
  }
  contents.strings.reserve(reader->string_count());
  for (size_t id = 0; id < reader->string_count(); ++id) {
    contents.strings.emplace_back(reader->String(static_cast<uint32_t>(id)));
  }
  contents.trailer = reader->trailer();
  contents.truncated = reader->truncated();
  contents.truncation_reason = reader->truncation_reason();
  return contents;
}

}  // namespace ctrace
