// Bounds-checked reads of the encodings byte_writer.h produces, over untrusted bytes.
//
// Every read returns false instead of reading past the end or accepting a malformed varint;
// error() then says which. The reader never allocates, so decoding a chunk costs no more than
// walking its bytes.
#ifndef CTRACE_FORMAT_BYTE_READER_H_
#define CTRACE_FORMAT_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ctrace {

inline int64_t ZigzagDecode(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Longest valid LEB128 encoding of a 64-bit value.
inline constexpr size_t kMaxVarintBytes = 10;

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : begin_(data), p_(data), end_(data + size) {}
  explicit ByteReader(std::string_view bytes)
      : ByteReader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) {}

  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  // Why the last failed read failed ("" if none failed).
  const char* error() const { return error_; }

  bool ReadU8(uint8_t* v) {
    if (p_ == end_) return Fail(kTruncated);
    *v = *p_++;
    return true;
  }

  bool ReadU32(uint32_t* v) {
    if (remaining() < 4) return Fail(kTruncated);
    uint32_t r = 0;
    for (int i = 3; i >= 0; --i) r = (r << 8) | p_[i];
    p_ += 4;
    *v = r;
    return true;
  }

  bool ReadU64(uint64_t* v) {
    if (remaining() < 8) return Fail(kTruncated);
    uint64_t r = 0;
    for (int i = 7; i >= 0; --i) r = (r << 8) | p_[i];
    p_ += 8;
    *v = r;
    return true;
  }

  // Unsigned LEB128, at most 10 bytes, and the 10th may only carry the top bit of a u64.
  [[gnu::always_inline]] bool ReadVarint(uint64_t* v) {
    if (p_ != end_ && *p_ < 0x80) {  // fast path: most fields fit in one byte
      *v = *p_++;
      return true;
    }
    if (remaining() >= kMaxVarintBytes) return ReadVarintUnchecked(v);
    return ReadVarintSlow(v);
  }

  // A varint that must fit in 32 bits (string ids, lengths, tids).
  [[gnu::always_inline]] bool ReadVarint32(uint32_t* v) {
    uint64_t wide;
    if (!ReadVarint(&wide)) return false;
    if (wide > UINT32_MAX) return Fail(kOutOfRange);
    *v = static_cast<uint32_t>(wide);
    return true;
  }

  [[gnu::always_inline]] bool ReadZigzag(int64_t* v) {
    uint64_t raw;
    if (!ReadVarint(&raw)) return false;
    *v = ZigzagDecode(raw);
    return true;
  }

  // A view of the next `n` bytes (no copy).
  bool ReadBytes(size_t n, std::string_view* out) {
    if (remaining() < n) return Fail(kTruncated);
    *out = std::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }

  // u32 length then bytes; the length must not exceed `max_len`.
  bool ReadString32(size_t max_len, std::string_view* out) {
    uint32_t len;
    if (!ReadU32(&len)) return false;
    if (len > max_len) return Fail(kTooLong);
    return ReadBytes(len, out);
  }

  // varint length then bytes; the length must not exceed `max_len`.
  bool ReadStringVarint(size_t max_len, std::string_view* out) {
    uint64_t len;
    if (!ReadVarint(&len)) return false;
    if (len > max_len) return Fail(kTooLong);
    return ReadBytes(static_cast<size_t>(len), out);
  }

  static constexpr const char* kTruncated = "unexpected end of data";
  static constexpr const char* kOverflow = "varint longer than 64 bits";
  static constexpr const char* kOutOfRange = "value does not fit in 32 bits";
  static constexpr const char* kTooLong = "string length exceeds the limit";

  // Records why a read failed (for checks layered on top of the reads) and returns false.
  bool Fail(const char* why) {
    error_ = why;
    return false;
  }

 private:
  // At least kMaxVarintBytes remain, so no byte needs a bounds check.
  bool ReadVarintUnchecked(uint64_t* v) {
    const uint8_t* p = p_;
    uint64_t result = 0;
    for (size_t i = 0; i < kMaxVarintBytes; ++i) {
      const uint64_t byte = p[i];
      result |= (byte & 0x7f) << (7 * i);
      if (byte < 0x80) {
        if (i == kMaxVarintBytes - 1 && byte > 1) return Fail(kOverflow);
        p_ = p + i + 1;
        *v = result;
        return true;
      }
    }
    return Fail(kOverflow);
  }

  bool ReadVarintSlow(uint64_t* v) {
    uint64_t result = 0;
    for (size_t i = 0; i < kMaxVarintBytes; ++i) {
      if (p_ == end_) return Fail(kTruncated);
      const uint8_t byte = *p_++;
      if (i == kMaxVarintBytes - 1 && byte > 1) return Fail(kOverflow);
      result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
      if (byte < 0x80) {
        *v = result;
        return true;
      }
    }
    return Fail(kOverflow);
  }

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  const char* error_ = "";
};

}  // namespace ctrace

#endif  // CTRACE_FORMAT_BYTE_READER_H_
