// Reads the records of a BPF ring buffer (BPF_MAP_TYPE_RINGBUF) from its memory mapping.
//
// libbpf's ring_buffer__consume stores the consumer position after every record. That line
// is the one the producers on the other CPUs read to find free space, so each store is a
// cache-line transfer, and as x86 commits stores in order, the stores after it (the record's
// conversion into the writer's buffer) wait behind it: 18% of the recorder's CPU during an
// event storm sat at the handler's first stores. This reader publishes the position once per
// kPublishBytes of records and at the end of a pass. ctrace's probes submit with
// BPF_RB_NO_WAKEUP and the recorder drains on a timer, so a later position delays no wakeup;
// it only holds back the space of the records being read, at most kPublishBytes.
//
// The layout and protocol are the kernel's (kernel/bpf/ringbuf.c): a page with the consumer
// position (read-write), then a page with the producer position and the data pages, mapped
// twice in a row so a record that wraps around reads as one piece. Each record starts with an
// 8-byte header: its length, with a busy bit while the producer writes it and a discard bit if
// it was dropped.
#ifndef CTRACE_COLLECTOR_RING_READER_H_
#define CTRACE_COLLECTOR_RING_READER_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"

namespace ctrace {

// The ring's memory, wherever it is mapped (RingReader maps a real one; tests build one).
struct RingView {
  uint64_t* consumer_pos = nullptr;
  const uint64_t* producer_pos = nullptr;
  const uint8_t* data = nullptr;  // 2 * size bytes: the data pages, twice
  uint64_t size = 0;              // a power of two
};

inline constexpr uint32_t kRingBusyBit = 1u << 31;     // BPF_RINGBUF_BUSY_BIT
inline constexpr uint32_t kRingDiscardBit = 1u << 30;  // BPF_RINGBUF_DISCARD_BIT
inline constexpr uint64_t kRingHeaderSize = 8;         // BPF_RINGBUF_HDR_SZ

// How many bytes of records are read before the consumer position is published.
inline constexpr uint64_t kPublishBytes = 64 * 1024;

// Calls `on_record(data, size)` for each committed record from the consumer position on, in
// order, until the ring is empty or a record is still being written; skips discarded ones. A
// negative return from on_record stops the pass there (that record counts as read) and is
// returned. Otherwise returns the number of records handed over.
template <typename OnRecord>
int64_t ConsumeRing(const RingView& ring, OnRecord&& on_record) {
  const uint64_t mask = ring.size - 1;
  uint64_t cons = __atomic_load_n(ring.consumer_pos, __ATOMIC_ACQUIRE);
  uint64_t published = cons;
  int64_t records = 0;
  const auto publish = [&] {
    if (cons != published) __atomic_store_n(ring.consumer_pos, cons, __ATOMIC_RELEASE);
    published = cons;
  };
  // Producers may commit more while this pass reads: it goes on until it finds nothing new.
  for (bool more = true; more;) {
    more = false;
    const uint64_t prod = __atomic_load_n(ring.producer_pos, __ATOMIC_ACQUIRE);
    while (cons < prod) {
      const uint8_t* header = ring.data + (cons & mask);
      const uint32_t len =
          __atomic_load_n(reinterpret_cast<const uint32_t*>(header), __ATOMIC_ACQUIRE);
      if (len & kRingBusyBit) {
        publish();
        return records;
      }
      more = true;
      const uint32_t size = len & ~(kRingBusyBit | kRingDiscardBit);
      cons += (size + kRingHeaderSize + 7) & ~uint64_t{7};
      if (!(len & kRingDiscardBit)) {
        const int rc = on_record(static_cast<const void*>(header + kRingHeaderSize), size_t{size});
        if (rc < 0) {
          publish();
          return rc;
        }
        ++records;
      }
      if (cons - published >= kPublishBytes) publish();
    }
  }
  publish();
  return records;
}

// A ring buffer map's memory, mapped for reading (and its consumer page for writing).
class RingReader {
 public:
  // Maps the ring of `map_fd`, whose max_entries (its data size, a power of two and a
  // multiple of the page size) is `size`.
  static absl::StatusOr<RingReader> Map(int map_fd, uint64_t size);
  RingReader(RingReader&& other) noexcept;
  RingReader& operator=(RingReader&& other) noexcept;
  RingReader(const RingReader&) = delete;
  RingReader& operator=(const RingReader&) = delete;
  ~RingReader();

  template <typename OnRecord>
  int64_t Consume(OnRecord&& on_record) {
    return ConsumeRing(view_, on_record);
  }

 private:
  RingReader() = default;
  void Unmap();

  RingView view_;
  void* consumer_page_ = nullptr;
  void* producer_area_ = nullptr;
  size_t page_size_ = 0;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_RING_READER_H_
