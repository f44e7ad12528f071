// Encoding and validation of the fixed parts of a trace file: the header (preamble and
// payload), each chunk's fixed header, and the trailer with its footer. Decoders return
// messages without the file name; the reader adds "<path>: " and where it was reading.
#ifndef CTRACE_FORMAT_TRACE_FILE_CODEC_H_
#define CTRACE_FORMAT_TRACE_FILE_CODEC_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "format/trace_file.h"

namespace ctrace {

// Bytes 0..47 of every chunk (after the 4-byte magic at offset 0).
struct ChunkHeader {
  uint32_t compressed_size = 0;    // zstd bytes following the header
  uint32_t uncompressed_size = 0;  // body size after decompression
  uint32_t event_count = 0;
  uint32_t string_count = 0;     // strings defined in this chunk's body
  uint32_t first_string_id = 0;  // id of the first of them (= strings defined so far)
  uint64_t first_ts_ns = 0;      // ts of the first event (0 if no events)
  uint64_t last_ts_ns = 0;       // ts of the last event (0 if no events)
  uint32_t crc32 = 0;            // zlib CRC-32 of the compressed bytes
  uint32_t reserved = 0;         // written as 0; the reader rejects anything else
};

// CRC-32 (zlib polynomial) of `bytes`.
uint32_t Crc32(std::string_view bytes);

// Checks the header's strings, counts and total size against the format's limits.
absl::Status CheckHeaderLimits(const TraceHeader& header);
// Appends the whole file header (magic, version, length, payload, CRC). The header must
// pass CheckHeaderLimits. header.version is ignored: the current version is written.
void EncodeFileHeader(const TraceHeader& header, std::vector<uint8_t>* out);
// Parses a header payload (whose CRC was checked) into *header, leaving header->version.
absl::Status DecodeHeaderPayload(std::string_view payload, TraceHeader* header);

// Writes the 48 bytes of a chunk header, magic included, to out[0..47].
void EncodeChunkHeader(const ChunkHeader& chunk, uint8_t* out);
// Parses 48 bytes whose magic the caller has already checked.
ChunkHeader DecodeChunkHeader(const uint8_t* in);

// Checks the trailer's sizes against the format's limits (`cpu_limit` from the header).
absl::Status CheckTrailerLimits(const TraceTrailer& trailer, uint32_t cpu_limit);
// Appends the trailer (magic, length, payload, CRC) and the footer.
void EncodeTrailer(const TraceTrailer& trailer, std::vector<uint8_t>* out);
// Parses a trailer payload (whose CRC was checked).
absl::Status DecodeTrailerPayload(std::string_view payload, uint32_t cpu_limit,
                                  TraceTrailer* trailer);

}  // namespace ctrace

#endif  // CTRACE_FORMAT_TRACE_FILE_CODEC_H_
