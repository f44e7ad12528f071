#include "base/pod_vector.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ctrace {
namespace {

#pragma pack(push, 4)
struct Item {  // 12 bytes, like the model's intervals: does not divide a page
  uint64_t a;
  uint32_t b;
  bool operator==(const Item&) const = default;
};
#pragma pack(pop)

Item ItemAt(size_t i) { return {i * 3, static_cast<uint32_t>(i)}; }

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

long MinorFaults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

TEST(PodVector, KeepsEveryElementAcrossTheHeapAndTheMappedSizes) {
  PodVector<Item> v;
  std::vector<Item> want;
  // Far past kMappedBytes: the buffer moves from the heap to a mapping, which then grows.
  const size_t n = 8 * PodVector<Item>::kMappedBytes / sizeof(Item);
  for (size_t i = 0; i < n; ++i) {
    v.push_back(ItemAt(i));
    want.push_back(ItemAt(i));
    if ((i & (i + 1)) == 0) {  // after each doubling
      ASSERT_EQ(v.size(), want.size());
      ASSERT_TRUE(std::equal(v.begin(), v.end(), want.begin())) << "at " << i;
    }
  }
  ASSERT_EQ(v.size(), n);
  EXPECT_TRUE(std::equal(v.begin(), v.end(), want.begin()));
  EXPECT_GE(v.capacity(), n);
  v.shrink_to_fit();
  // A mapping's capacity fills its last page, no more.
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const size_t mapped = (n * sizeof(Item) + page - 1) / page * page;
  EXPECT_GE(v.capacity(), n);
  EXPECT_LE(v.capacity() * sizeof(Item), mapped);
  EXPECT_GT((v.capacity() + 1) * sizeof(Item), mapped);
  EXPECT_TRUE(std::equal(v.begin(), v.end(), want.begin()));
  // Shrunk below the threshold: back on the heap, the elements kept.
  v.resize(100);
  v.shrink_to_fit();
  EXPECT_EQ(v.capacity(), 100u);
  EXPECT_TRUE(std::equal(v.begin(), v.end(), want.begin()));
}

// The point of the class: a big buffer grows by moving its pages, not by copying them into
// fresh ones, so filling it faults each page in about once (a std::vector: about twice).
TEST(PodVector, FillingABigOneFaultsEachPageInAboutOnce) {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode((std::istreambuf_iterator<char>(thp)), std::istreambuf_iterator<char>());
  if (mode.find("[always]") != std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are always on: faults do not count pages here";
  }
  const size_t bytes = 64 << 20;
  const long pages = static_cast<long>(bytes / static_cast<size_t>(sysconf(_SC_PAGESIZE)));
  PodVector<Item> v;
  const long before = MinorFaults();
  for (size_t i = 0; i < bytes / sizeof(Item); ++i) v.push_back(ItemAt(i));
  const long faults = MinorFaults() - before;
  EXPECT_GT(faults, pages / 2) << "the pages were faulted in";
  EXPECT_LT(faults, pages * 5 / 4)
      << "copied on growth: " << faults << " faults for " << pages << " pages";
  EXPECT_EQ(v[12345], ItemAt(12345));
  EXPECT_EQ(v.back(), ItemAt(bytes / sizeof(Item) - 1));
}

// A heap-only one (the viewer's levels of detail: reserved to a bound, filled, trimmed) is
// trimmed in place: no copy into fresh pages, which a std::vector's shrink_to_fit makes.
TEST(PodVector, AHeapOnlyOneIsTrimmedInPlaceAndKeepsItsElements) {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode((std::istreambuf_iterator<char>(thp)), std::istreambuf_iterator<char>());
  if (mode.find("[always]") != std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are always on: faults do not count pages here";
  }
  PodVector<Item, kHeapOnly> v;
  const size_t reserved = (64 << 20) / sizeof(Item);
  const size_t n = reserved * 3 / 4;
  v.reserve(reserved);
  for (size_t i = 0; i < n; ++i) v.push_back(ItemAt(i));
  const long pages =
      static_cast<long>(n * sizeof(Item) / static_cast<size_t>(sysconf(_SC_PAGESIZE)));
  const long before = MinorFaults();
  v.shrink_to_fit();
  const long faults = MinorFaults() - before;
  if (kAddressSanitizer) {  // trimming in place is glibc's realloc; the sanitizer's moves
    std::fprintf(stderr, "NOT CHECKED: faults of the trim (AddressSanitizer's realloc moves)\n");
  } else {
    EXPECT_LT(faults, pages / 8) << "copied when trimmed: " << faults << " faults for " << pages
                                 << " pages";
  }
  EXPECT_EQ(v.capacity(), n);
  ASSERT_EQ(v.size(), n);
  EXPECT_EQ(v[12345], ItemAt(12345));
  EXPECT_EQ(v.back(), ItemAt(n - 1));
  // Copies and moves of one past the default mapping size, and down to the small sizes.
  PodVector<Item, kHeapOnly> copy = v;
  EXPECT_TRUE(copy == v);
  PodVector<Item, kHeapOnly> moved = std::move(copy);
  EXPECT_EQ(moved.size(), n);
  moved.resize(10);
  moved.shrink_to_fit();
  EXPECT_EQ(moved.capacity(), 10u);
  EXPECT_EQ(moved[9], ItemAt(9));
}

TEST(PodVector, PushingBackItsOwnElementAtCapacityCopiesItFirst) {
  PodVector<Item> v;
  v.push_back(ItemAt(7));
  while (v.size() < v.capacity()) v.push_back(ItemAt(v.size()));
  v.push_back(v[0]);  // grows, moving what the argument refers to
  EXPECT_EQ(v.back(), ItemAt(7));
}

TEST(PodVector, CopiesAreDeepAndMovesLeaveTheSourceEmpty) {
  PodVector<int> a = {1, 2, 3};
  PodVector<int> b = a;
  b[0] = 9;
  EXPECT_EQ(a[0], 1);
  EXPECT_FALSE(a == b);
  b = a;
  EXPECT_TRUE(a == b);
  PodVector<int> c = std::move(a);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(c.size(), 3u);
  c = std::move(b);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_TRUE(b.empty());
}

TEST(PodVector, EraseKeepsTheOrderOfTheRest) {
  PodVector<int> v = {0, 1, 2, 3, 4, 5};
  int* next = v.erase(v.begin() + 1, v.begin() + 3);
  EXPECT_EQ(*next, 3);
  EXPECT_TRUE((v == PodVector<int>{0, 3, 4, 5}));
  v.erase(v.end() - 1);
  EXPECT_TRUE((v == PodVector<int>{0, 3, 4}));
  v.resize(5, 8);
  EXPECT_TRUE((v == PodVector<int>{0, 3, 4, 8, 8}));
  v.clear();
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace ctrace
