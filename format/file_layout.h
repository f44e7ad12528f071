// Magic numbers, fixed sizes and limits of the trace file layout (docs/trace-format.md).
// The writer never produces anything beyond these limits and the reader rejects anything
// beyond them, so a hostile file can never make the reader allocate more than a chunk's
// declared (and bounded) size.
#ifndef CTRACE_FORMAT_FILE_LAYOUT_H_
#define CTRACE_FORMAT_FILE_LAYOUT_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ctrace {

// File preamble: magic, u32 version, u32 header payload length; then the payload and a
// u32 CRC-32 of everything from the version to the end of the payload.
inline constexpr std::string_view kFileMagic{"CTRACE\0\n", 8};
inline constexpr size_t kPreambleSize = 16;
inline constexpr uint32_t kMaxHeaderPayload = 1 << 20;

// Section magics are u32s whose little-endian bytes spell the name.
inline constexpr uint32_t kChunkMagic = 0x4b4e4843;    // "CHNK"
inline constexpr uint32_t kTrailerMagic = 0x524c5254;  // "TRLR"
inline constexpr std::string_view kChunkMagicBytes{"CHNK", 4};
inline constexpr std::string_view kTrailerMagicBytes{"TRLR", 4};

// Fixed chunk header; see ChunkHeader in trace_file_codec.h for the fields.
inline constexpr size_t kChunkHeaderSize = 48;
inline constexpr uint32_t kMaxChunkBodySize = 64u << 20;  // uncompressed bytes
inline constexpr uint32_t kMaxChunkEvents = 1u << 19;
inline constexpr uint32_t kMaxChunkStrings = 1u << 20;
inline constexpr uint32_t kMaxStringLength = 1u << 20;

// Trailer: magic, u32 payload length, payload, u32 CRC-32 of the payload, then the footer:
// u32 trailer size (magic through CRC) and the end magic. Nothing may follow.
inline constexpr uint32_t kMaxTrailerPayload = 1 << 20;
inline constexpr std::string_view kEndMagic{"CTRACEND", 8};
inline constexpr size_t kFooterSize = 12;

// Per-CPU arrays and cpu fields are bounded by header.cpu_count, or by this when it is 0.
inline constexpr uint32_t kMaxCpuCount = 4096;

// The smallest encoded event: kind, ts delta, cpu, tid, pid delta and a one-byte payload.
// Bounds a chunk's event count by its body size before anything is allocated.
inline constexpr size_t kMinEncodedEventSize = 6;

inline uint32_t CpuLimit(uint32_t header_cpu_count) {
  return header_cpu_count == 0 ? kMaxCpuCount : header_cpu_count;
}

}  // namespace ctrace

#endif  // CTRACE_FORMAT_FILE_LAYOUT_H_
