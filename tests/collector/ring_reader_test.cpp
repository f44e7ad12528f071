// ConsumeRing over a ring laid out as the kernel lays out a BPF ring buffer, in ordinary
// memory: the records a producer committed, busy and discarded ones, a record that wraps
// around the end, and when the consumer position is published.
#include "collector/ring_reader.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ctrace {
namespace {

// A producer writing records the way bpf_ringbuf_reserve/submit do: an 8-byte header (length
// and flags, then the page offset the reader does not use), the payload, padding to 8 bytes.
// The data area is 2 * size bytes and every write goes to both copies, as the kernel's double
// mapping of the data pages makes it.
class FakeRing {
 public:
  explicit FakeRing(uint64_t size) : size_(size), data_(2 * size) {}

  RingView view() { return RingView{&consumer_pos_, &producer_pos_, data_.data(), size_}; }
  // Writes a record at the producer position; `flags` are its header's busy/discard bits.
  void Produce(const std::string& payload, uint32_t flags = 0) {
    const uint64_t at = producer_pos_;
    const uint32_t len = static_cast<uint32_t>(payload.size()) | flags;
    Write(at, &len, sizeof(len));
    const uint32_t page_offset = 0;
    Write(at + 4, &page_offset, sizeof(page_offset));
    Write(at + kRingHeaderSize, payload.data(), payload.size());
    producer_pos_ = at + ((payload.size() + kRingHeaderSize + 7) & ~uint64_t{7});
  }
  // Clears a record's busy bit (the producer's submit).
  void Commit(uint64_t at) {
    uint32_t len;
    Read(at, &len, sizeof(len));
    len &= ~kRingBusyBit;
    Write(at, &len, sizeof(len));
  }
  uint64_t consumer_pos() const { return consumer_pos_; }
  uint64_t producer_pos() const { return producer_pos_; }
  void set_positions(uint64_t pos) { consumer_pos_ = producer_pos_ = pos; }

 private:
  void Write(uint64_t pos, const void* src, size_t n) {
    const auto* bytes = static_cast<const uint8_t*>(src);
    for (size_t i = 0; i < n; ++i) {
      const uint64_t at = (pos + i) & (size_ - 1);
      data_[at] = data_[at + size_] = bytes[i];
    }
  }
  void Read(uint64_t pos, void* dst, size_t n) const {
    auto* bytes = static_cast<uint8_t*>(dst);
    for (size_t i = 0; i < n; ++i) bytes[i] = data_[(pos + i) & (size_ - 1)];
  }

  uint64_t size_;
  std::vector<uint8_t> data_;
  uint64_t consumer_pos_ = 0;
  uint64_t producer_pos_ = 0;
};

std::vector<std::string> ConsumeAll(FakeRing& ring, int64_t* returned = nullptr) {
  std::vector<std::string> got;
  const int64_t n = ConsumeRing(ring.view(), [&](const void* data, size_t size) {
    got.emplace_back(static_cast<const char*>(data), size);
    return 0;
  });
  if (returned != nullptr) *returned = n;
  return got;
}

TEST(RingReader, ReadsCommittedRecordsInOrderAndPublishesThePosition) {
  FakeRing ring(4096);
  ring.Produce("first");
  ring.Produce("second record");
  ring.Produce("3");
  int64_t n = 0;
  EXPECT_EQ(ConsumeAll(ring, &n), (std::vector<std::string>{"first", "second record", "3"}));
  EXPECT_EQ(n, 3);
  EXPECT_EQ(ring.consumer_pos(), ring.producer_pos());
  // Nothing new: nothing read, the position stays.
  EXPECT_TRUE(ConsumeAll(ring).empty());
  EXPECT_EQ(ring.consumer_pos(), ring.producer_pos());
}

TEST(RingReader, SkipsDiscardedRecordsButConsumesTheirSpace) {
  FakeRing ring(4096);
  ring.Produce("kept");
  ring.Produce("dropped by the program", kRingDiscardBit);
  ring.Produce("kept too");
  int64_t n = 0;
  EXPECT_EQ(ConsumeAll(ring, &n), (std::vector<std::string>{"kept", "kept too"}));
  EXPECT_EQ(n, 2);
  EXPECT_EQ(ring.consumer_pos(), ring.producer_pos());
}

TEST(RingReader, StopsAtARecordStillBeingWrittenAndResumesThereOnceCommitted) {
  FakeRing ring(4096);
  ring.Produce("done");
  const uint64_t busy_at = ring.producer_pos();
  ring.Produce("in progress", kRingBusyBit);
  ring.Produce("after it");
  EXPECT_EQ(ConsumeAll(ring), (std::vector<std::string>{"done"}));
  EXPECT_EQ(ring.consumer_pos(), busy_at);  // the busy record's space is not given back
  ring.Commit(busy_at);
  EXPECT_EQ(ConsumeAll(ring), (std::vector<std::string>{"in progress", "after it"}));
  EXPECT_EQ(ring.consumer_pos(), ring.producer_pos());
}

TEST(RingReader, ReadsARecordThatWrapsAroundTheEndInOnePiece) {
  FakeRing ring(4096);
  ring.set_positions(4096 - 16);  // 16 bytes before the end: the header and 8 payload bytes
  const std::string payload = "a record longer than what is left before the end";
  ring.Produce(payload);
  EXPECT_EQ(ConsumeAll(ring), std::vector<std::string>{payload});
  EXPECT_EQ(ring.consumer_pos(), ring.producer_pos());
}

TEST(RingReader, AHandlerErrorStopsThePassAfterThatRecord) {
  FakeRing ring(4096);
  ring.Produce("one");
  ring.Produce("two");
  const uint64_t after_two = ring.producer_pos();
  ring.Produce("three");
  std::vector<std::string> got;
  const int64_t n = ConsumeRing(ring.view(), [&](const void* data, size_t size) {
    got.emplace_back(static_cast<const char*>(data), size);
    return got.size() == 2 ? -7 : 0;
  });
  EXPECT_EQ(n, -7);
  EXPECT_EQ(got, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(ring.consumer_pos(), after_two);  // "two" was read; "three" is still there
  EXPECT_EQ(ConsumeAll(ring), std::vector<std::string>{"three"});
}

// The position is published while a long pass reads, not only at its end: producers see the
// space come free as records are read, at most kPublishBytes behind.
TEST(RingReader, PublishesThePositionDuringALongPass) {
  FakeRing ring(1 << 20);
  const std::string payload(248, 'x');  // 256 bytes a record with its header
  const size_t records = 3 * kPublishBytes / 256;
  for (size_t i = 0; i < records; ++i) ring.Produce(payload);
  RingView view = ring.view();
  uint64_t max_lag = 0;
  uint64_t read = 0;
  const uint64_t start = ring.consumer_pos();
  ConsumeRing(view, [&](const void*, size_t) {
    max_lag = std::max(max_lag, start + read - *view.consumer_pos);
    read += 256;
    return 0;
  });
  EXPECT_LE(max_lag, kPublishBytes);
  EXPECT_GT(max_lag, 0u);  // and not after every record either
  EXPECT_EQ(ring.consumer_pos(), ring.producer_pos());
}

}  // namespace
}  // namespace ctrace
