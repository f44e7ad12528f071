// Appends the trace file's primitive encodings to a byte buffer: little-endian fixed-width
// integers, LEB128 varints, zigzag varints and length-prefixed strings. The matching reader
// is byte_reader.h; docs/trace-format.md describes each encoding.
#ifndef CTRACE_FORMAT_BYTE_WRITER_H_
#define CTRACE_FORMAT_BYTE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ctrace {

// Maps signed values to unsigned so that small magnitudes of either sign stay small:
// 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ...
inline uint64_t ZigzagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

// Unsigned LEB128 of `v` at `at` (at most 10 bytes): 7 bits per byte, low bits first, high
// bit set on all but the last byte. Returns the byte after the last one written.
inline uint8_t* PutVarintAt(uint8_t* at, uint64_t v) {
  while (v >= 0x80) {
    *at++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *at++ = static_cast<uint8_t>(v);
  return at;
}

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<uint8_t>* out) : out_(out) {}

  void PutU8(uint8_t v) { out_->push_back(v); }

  void PutU32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_->push_back(static_cast<uint8_t>(v >> (8 * i)));
  }

  void PutU64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_->push_back(static_cast<uint8_t>(v >> (8 * i)));
  }

  void PutVarint(uint64_t v) {
    uint8_t bytes[10];
    out_->insert(out_->end(), bytes, PutVarintAt(bytes, v));
  }

  void PutZigzag(int64_t v) { PutVarint(ZigzagEncode(v)); }

  void PutBytes(std::string_view bytes) { out_->insert(out_->end(), bytes.begin(), bytes.end()); }

  // u32 length, then the bytes (header and trailer strings).
  void PutString32(std::string_view s) {
    PutU32(static_cast<uint32_t>(s.size()));
    PutBytes(s);
  }

  // Varint length, then the bytes (string table entries in chunk bodies).
  void PutStringVarint(std::string_view s) {
    PutVarint(s.size());
    PutBytes(s);
  }

  size_t size() const { return out_->size(); }

 private:
  std::vector<uint8_t>* out_;
};

// The same encodings written through a raw pointer, with no bounds or capacity check per
// byte: for the event encoder's hot loop, which makes room for a batch of events (each at
// most kMaxEncodedEventSize bytes) before writing them.
class RawByteWriter {
 public:
  explicit RawByteWriter(uint8_t* at) : at_(at) {}

  void PutU8(uint8_t v) { *at_++ = v; }
  void PutVarint(uint64_t v) { at_ = PutVarintAt(at_, v); }
  void PutZigzag(int64_t v) { PutVarint(ZigzagEncode(v)); }

  uint8_t* position() const { return at_; }

 private:
  uint8_t* at_;
};

}  // namespace ctrace

#endif  // CTRACE_FORMAT_BYTE_WRITER_H_
