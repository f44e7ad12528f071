// PodVector<T>: the part of std::vector's interface the model uses, for trivially copyable
// elements, grown without copying once it is big.
//
// Why: a std::vector that outgrows its buffer allocates a new one, copies every element into
// it and frees the old. For the model of a 100-million-event trace that copy was 58% of the
// page faults of `ctrace report` (perf record -e page-faults, this VM: 630k of 1.08M, each
// ~3.5 us): the copy is the first touch of the new buffer's pages, and the old buffer's pages
// go back to the kernel. A PodVector of at least kMappedBytes is a mapping of its own, grown
// with mremap, which moves the pages instead of copying them: every page is faulted in once,
// when an element is first written to it. Below that, realloc (the heap's freed memory is
// reused without faults: model/malloc_tuning.h).
#ifndef CTRACE_BASE_POD_VECTOR_H_
#define CTRACE_BASE_POD_VECTOR_H_

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <new>
#include <type_traits>
#include <utility>

namespace ctrace {

// `kMapAtBytes`: buffers of at least this many bytes are mappings of their own. For a vector
// that is reserved once and trimmed, never grown, kHeapOnly: realloc trims a heap buffer in
// place and glibc mremaps one it mapped, and a freed one is reused by the next.
inline constexpr size_t kHeapOnly = ~size_t{0};

template <typename T, size_t kMapAtBytes = size_t{1} << 20>
class PodVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  using value_type = T;
  using size_type = size_t;
  using iterator = T*;
  using const_iterator = const T*;
  using reference = T&;
  using const_reference = const T&;

  // Buffers of at least this many bytes are mappings of their own (mmap, grown by mremap).
  static constexpr size_t kMappedBytes = kMapAtBytes;

  PodVector() = default;
  PodVector(std::initializer_list<T> items) { assign(items.begin(), items.end()); }
  template <typename It>
  PodVector(It first, It last) {
    assign(first, last);
  }
  PodVector(const PodVector& other) { assign(other.begin(), other.end()); }
  PodVector(PodVector&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  PodVector& operator=(const PodVector& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  PodVector& operator=(PodVector&& other) noexcept {
    if (this != &other) {
      Release(data_, capacity_);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  PodVector& operator=(std::initializer_list<T> items) {
    assign(items.begin(), items.end());
    return *this;
  }
  ~PodVector() { Release(data_, capacity_); }

  template <typename It>
  void assign(It first, It last) {
    clear();
    // A copy of a model's vectors reserves once rather than growing element by element.
    if constexpr (std::random_access_iterator<It>) reserve(static_cast<size_t>(last - first));
    for (; first != last; ++first) push_back(*first);
  }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T* cbegin() const { return data_; }
  const T* cend() const { return data_ + size_; }

  void push_back(const T& value) {
    if (size_ == capacity_) {
      const T copy = value;  // `value` may be an element, which the growth moves
      Grow(size_ + 1);
      data_[size_++] = copy;
      return;
    }
    data_[size_++] = value;
  }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    push_back(T{std::forward<Args>(args)...});
    return back();
  }
  // Asks for the cache line `ahead_bytes` past the end, to be written: for a vector appended
  // to among many others (a model's threads), whose tails no hardware prefetcher follows.
  // A line of a page not yet mapped is not fetched (a prefetch never faults).
  void PrefetchForAppend(size_t ahead_bytes) const {
    const uintptr_t at = reinterpret_cast<uintptr_t>(data_ + size_) + ahead_bytes;
    __builtin_prefetch(reinterpret_cast<const void*>(at), 1);
  }
  void pop_back() { --size_; }
  void clear() { size_ = 0; }
  void reserve(size_t n) {
    if (n > capacity_) Reallocate(n);
  }
  void resize(size_t n) { resize(n, T{}); }
  void resize(size_t n, const T& value) {
    if (n > capacity_) Grow(n);
    for (size_t i = size_; i < n; ++i) data_[i] = value;
    size_ = n;
  }
  void shrink_to_fit() {
    if (capacity_ > size_) Reallocate(size_);
  }
  // Removes [first, last), keeping the order of the rest.
  T* erase(const T* first, const T* last) {
    T* at = data_ + (first - data_);
    const size_t tail = static_cast<size_t>(end() - last);
    std::memmove(static_cast<void*>(at), last, tail * sizeof(T));
    size_ -= static_cast<size_t>(last - first);
    return at;
  }
  T* erase(const T* at) { return erase(at, at + 1); }
  void swap(PodVector& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  friend bool operator==(const PodVector& a, const PodVector& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }

 private:
  static size_t RoundToPages(size_t bytes) {
    static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    return (bytes + page - 1) / page * page;
  }
  static bool IsMapped(size_t capacity) {
    if constexpr (kMappedBytes == kHeapOnly) return false;
    return capacity * sizeof(T) >= kMappedBytes;
  }
  static size_t MappedLength(size_t capacity) { return RoundToPages(capacity * sizeof(T)); }

  static void Release(T* data, size_t capacity) {
    if (data == nullptr) return;
    if (IsMapped(capacity)) {
      munmap(data, MappedLength(capacity));
    } else {
      std::free(data);
    }
  }

  void Grow(size_t at_least) { Reallocate(std::max({at_least, capacity_ * 2, size_t{8}})); }

  // Makes the capacity `n` (at least size_; a mapping's is rounded up to fill its last page),
  // keeping the elements.
  void Reallocate(size_t n) {
    if (n == 0) {
      Release(data_, capacity_);
      data_ = nullptr;
      capacity_ = 0;
      return;
    }
    if (IsMapped(n)) n = MappedLength(n) / sizeof(T);
    void* fresh = nullptr;
    if (IsMapped(n) && IsMapped(capacity_)) {  // a mapped capacity has its mapping
      fresh = mremap(data_, MappedLength(capacity_), MappedLength(n), MREMAP_MAYMOVE);
      if (fresh == MAP_FAILED) throw std::bad_alloc();
    } else if (!IsMapped(n) && !IsMapped(capacity_)) {
      fresh = std::realloc(data_, n * sizeof(T));
      if (fresh == nullptr) throw std::bad_alloc();
    } else {
      // Crossing the threshold (up, or down by shrink_to_fit): a new buffer and one copy.
      if (IsMapped(n)) {
        fresh = mmap(nullptr, MappedLength(n), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
        if (fresh == MAP_FAILED) throw std::bad_alloc();
      } else {
        fresh = std::malloc(n * sizeof(T));
        if (fresh == nullptr) throw std::bad_alloc();
      }
      if (size_ > 0) std::memcpy(fresh, data_, std::min(size_, n) * sizeof(T));
      Release(data_, capacity_);
    }
    data_ = static_cast<T*>(fresh);
    capacity_ = n;
    size_ = std::min(size_, n);
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace ctrace

#endif  // CTRACE_BASE_POD_VECTOR_H_
