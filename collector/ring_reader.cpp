#include "collector/ring_reader.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ctrace {

absl::StatusOr<RingReader> RingReader::Map(int map_fd, uint64_t size) {
  const long page = ::sysconf(_SC_PAGESIZE);
  if (page <= 0) return absl::InternalError("cannot read the page size");
  const auto page_size = static_cast<size_t>(page);
  if (size == 0 || (size & (size - 1)) != 0 || size % page_size != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("ring buffer size ", size, " is not a power of two of whole pages"));
  }
  RingReader r;
  r.page_size_ = page_size;
  r.consumer_page_ = ::mmap(nullptr, page_size, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
  if (r.consumer_page_ == MAP_FAILED) {
    r.consumer_page_ = nullptr;
    return absl::ErrnoToStatus(errno, "mapping the ring buffer's consumer page");
  }
  // The producer page, then the data pages mapped twice by the kernel.
  r.producer_area_ = ::mmap(nullptr, page_size + 2 * size, PROT_READ, MAP_SHARED, map_fd,
                            static_cast<off_t>(page_size));
  if (r.producer_area_ == MAP_FAILED) {
    r.producer_area_ = nullptr;
    return absl::ErrnoToStatus(errno, "mapping the ring buffer's data");
  }
  r.view_.consumer_pos = static_cast<uint64_t*>(r.consumer_page_);
  r.view_.producer_pos = static_cast<const uint64_t*>(r.producer_area_);
  r.view_.data = static_cast<const uint8_t*>(r.producer_area_) + page_size;
  r.view_.size = size;
  return r;
}

RingReader::RingReader(RingReader&& other) noexcept
    : view_(std::exchange(other.view_, {})),
      consumer_page_(std::exchange(other.consumer_page_, nullptr)),
      producer_area_(std::exchange(other.producer_area_, nullptr)),
      page_size_(other.page_size_) {}

RingReader& RingReader::operator=(RingReader&& other) noexcept {
  if (this != &other) {
    Unmap();
    view_ = std::exchange(other.view_, {});
    consumer_page_ = std::exchange(other.consumer_page_, nullptr);
    producer_area_ = std::exchange(other.producer_area_, nullptr);
    page_size_ = other.page_size_;
  }
  return *this;
}

RingReader::~RingReader() { Unmap(); }

void RingReader::Unmap() {
  if (producer_area_ != nullptr) ::munmap(producer_area_, page_size_ + 2 * view_.size);
  if (consumer_page_ != nullptr) ::munmap(consumer_page_, page_size_);
  producer_area_ = consumer_page_ = nullptr;
}

}  // namespace ctrace
