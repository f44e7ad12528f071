// The primitive encodings: varints, zigzag, fixed-width integers and bounded strings.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "format/byte_reader.h"
#include "format/byte_writer.h"

namespace ctrace {
namespace {

std::string_view View(const std::vector<uint8_t>& bytes) {
  return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

TEST(ByteCodec, VarintsRoundTripAtEveryLength) {
  std::vector<uint64_t> values = {
      0, 1, 127, 128, 16'383, 16'384, std::numeric_limits<uint64_t>::max()};
  for (int shift = 0; shift < 64; ++shift) values.push_back(uint64_t{1} << shift);
  std::vector<uint8_t> bytes;
  ByteWriter w(&bytes);
  for (uint64_t v : values) w.PutVarint(v);
  ByteReader r(View(bytes));
  for (uint64_t v : values) {
    uint64_t got = 0;
    ASSERT_TRUE(r.ReadVarint(&got)) << r.error();
    EXPECT_EQ(got, v);
  }
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ByteCodec, VarintLengths) {
  std::vector<uint8_t> bytes;
  ByteWriter w(&bytes);
  w.PutVarint(127);
  EXPECT_EQ(bytes.size(), 1u);
  w.PutVarint(128);
  EXPECT_EQ(bytes.size(), 3u);
  w.PutVarint(std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(bytes.size(), 13u);
}

TEST(ByteCodec, ZigzagKeepsSmallMagnitudesSmall) {
  EXPECT_EQ(ZigzagEncode(0), 0u);
  EXPECT_EQ(ZigzagEncode(-1), 1u);
  EXPECT_EQ(ZigzagEncode(1), 2u);
  EXPECT_EQ(ZigzagEncode(-2), 3u);
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{-123456789},
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(ZigzagDecode(ZigzagEncode(v)), v);
  }
}

TEST(ByteCodec, FixedWidthIntegersAreLittleEndian) {
  std::vector<uint8_t> bytes;
  ByteWriter w(&bytes);
  w.PutU32(0x01020304);
  w.PutU64(0x1122334455667788);
  EXPECT_EQ(bytes,
            (std::vector<uint8_t>{4, 3, 2, 1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11}));
  ByteReader r(View(bytes));
  uint32_t a;
  uint64_t b;
  ASSERT_TRUE(r.ReadU32(&a));
  ASSERT_TRUE(r.ReadU64(&b));
  EXPECT_EQ(a, 0x01020304u);
  EXPECT_EQ(b, 0x1122334455667788u);
  EXPECT_FALSE(r.ReadU32(&a));
  EXPECT_STREQ(r.error(), ByteReader::kTruncated);
}

TEST(ByteCodec, RejectsVarintsLongerThan64Bits) {
  const std::string eleven = std::string(10, '\x80') + "\x01";
  ByteReader r1(eleven);
  uint64_t v;
  EXPECT_FALSE(r1.ReadVarint(&v));
  EXPECT_STREQ(r1.error(), ByteReader::kOverflow);

  // Ten bytes whose last carries more than bit 63.
  const std::string ten = std::string(9, '\xff') + "\x02";
  ByteReader r2(ten);
  EXPECT_FALSE(r2.ReadVarint(&v));
  EXPECT_STREQ(r2.error(), ByteReader::kOverflow);

  const std::string max = std::string(9, '\xff') + "\x01";
  ByteReader r3(max);
  ASSERT_TRUE(r3.ReadVarint(&v));
  EXPECT_EQ(v, std::numeric_limits<uint64_t>::max());
}

TEST(ByteCodec, RejectsVarintsCutOff) {
  for (size_t len = 0; len < 3; ++len) {
    const std::string cut(len, '\x80');
    ByteReader r(cut);
    uint64_t v;
    EXPECT_FALSE(r.ReadVarint(&v));
    EXPECT_STREQ(r.error(), ByteReader::kTruncated);
  }
}

TEST(ByteCodec, Varint32RejectsWideValues) {
  std::vector<uint8_t> bytes;
  ByteWriter w(&bytes);
  w.PutVarint(UINT32_MAX);
  w.PutVarint(uint64_t{UINT32_MAX} + 1);
  ByteReader r(View(bytes));
  uint32_t v;
  ASSERT_TRUE(r.ReadVarint32(&v));
  EXPECT_EQ(v, UINT32_MAX);
  EXPECT_FALSE(r.ReadVarint32(&v));
  EXPECT_STREQ(r.error(), ByteReader::kOutOfRange);
}

TEST(ByteCodec, StringsAreBoundedByTheLimitAndTheData) {
  std::vector<uint8_t> bytes;
  ByteWriter w(&bytes);
  w.PutStringVarint("hello");
  w.PutString32("world!");
  ByteReader r(View(bytes));
  std::string_view s;
  ASSERT_TRUE(r.ReadStringVarint(5, &s));
  EXPECT_EQ(s, "hello");
  ByteReader limited(View(bytes));
  EXPECT_FALSE(limited.ReadStringVarint(4, &s));
  EXPECT_STREQ(limited.error(), ByteReader::kTooLong);
  ASSERT_TRUE(r.ReadString32(100, &s));
  EXPECT_EQ(s, "world!");

  // A length claiming more than the data holds.
  const std::string lying =
      "\x7f"
      "abc";
  ByteReader r2(lying);
  EXPECT_FALSE(r2.ReadStringVarint(1000, &s));
  EXPECT_STREQ(r2.error(), ByteReader::kTruncated);
}

}  // namespace
}  // namespace ctrace
