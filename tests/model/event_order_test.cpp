// EventOrder against the order it promises: every event released once, in time order, ties
// in the order they were added, nothing released before the window has passed it, whether
// chunks follow each other (the usual case) or overlap.
#include "model/event_order.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "gtest/gtest.h"

namespace ctrace {
namespace {

// Events carry their position in the input in `tid`, so ties can be checked.
std::vector<Event> MakeChunk(uint64_t first_ns, size_t n, uint64_t step_ns, int32_t* next_id) {
  std::vector<Event> chunk(n);
  for (size_t i = 0; i < n; ++i) {
    chunk[i].ts_ns = first_ns + i * step_ns / 2 * 2;  // pairs of equal times: ties
    chunk[i].tid = (*next_id)++;
  }
  return chunk;
}

struct Released {
  std::vector<Event> events;
  // For each Add: the latest time seen so far, and the latest released by then.
  std::vector<std::pair<uint64_t, uint64_t>> per_add;
};

Released ReleaseAll(const std::vector<std::vector<Event>>& chunks, uint64_t window_ns) {
  EventOrder order(window_ns);
  Released out;
  uint64_t max_seen = 0;
  for (const std::vector<Event>& c : chunks) {
    order.Add(c, [&](const Event& e) { out.events.push_back(e); });
    for (const Event& e : c) max_seen = std::max(max_seen, e.ts_ns);
    out.per_add.emplace_back(max_seen, out.events.empty() ? 0 : out.events.back().ts_ns);
  }
  order.Finish([&](const Event& e) { out.events.push_back(e); });
  EXPECT_EQ(order.held(), 0u);
  return out;
}

// The expected order: all events by time, ties in input order (tid).
std::vector<int32_t> Expected(const std::vector<std::vector<Event>>& chunks) {
  std::vector<Event> all;
  for (const auto& c : chunks) all.insert(all.end(), c.begin(), c.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; });
  std::vector<int32_t> ids;
  for (const Event& e : all) ids.push_back(e.tid);
  return ids;
}

std::vector<int32_t> Ids(const std::vector<Event>& events) {
  std::vector<int32_t> ids;
  for (const Event& e : events) ids.push_back(e.tid);
  return ids;
}

TEST(EventOrder, ChunksThatFollowEachOtherAreReleasedInOrderOnceTheWindowPassed) {
  std::vector<std::vector<Event>> chunks;
  int32_t id = 0;
  for (int c = 0; c < 40; ++c) chunks.push_back(MakeChunk(1000 + c * 1000, 100, 10, &id));
  const uint64_t window = 2500;  // holds two and a half chunks
  Released r = ReleaseAll(chunks, window);
  EXPECT_EQ(Ids(r.events), Expected(chunks));
  for (const auto& [seen, released] : r.per_add) {
    if (released != 0) {
      EXPECT_LE(released + window, seen);
    }
  }
  // And it does release as it goes, not only at the end.
  EXPECT_GT(r.per_add[20].second, 0u);
}

TEST(EventOrder, OverlappingChunksMixedWithFollowingOnesComeOutInTimeOrder) {
  std::mt19937 rng(7);
  std::vector<std::vector<Event>> chunks;
  int32_t id = 0;
  uint64_t t = 1000;
  for (int c = 0; c < 200; ++c) {
    // Every third chunk reaches back into the last one (two CPUs' records meeting).
    const uint64_t back = c % 3 == 2 ? std::uniform_int_distribution<uint64_t>(1, 400)(rng) : 0;
    const size_t n = std::uniform_int_distribution<size_t>(1, 60)(rng);
    chunks.push_back(MakeChunk(t - std::min(t, back), n, 10, &id));
    t = std::max(t, chunks.back().back().ts_ns);
  }
  for (uint64_t window : {uint64_t{0}, uint64_t{500}, uint64_t{5000}, uint64_t{1} << 40}) {
    Released r = ReleaseAll(chunks, window);
    // Within the window, the order is exact; a window of 0 may release an event before a
    // later chunk's earlier one, so only the count is certain there.
    ASSERT_EQ(r.events.size(), Expected(chunks).size()) << window;
    if (window >= 500) {
      EXPECT_EQ(Ids(r.events), Expected(chunks)) << window;
    }
  }
}

}  // namespace
}  // namespace ctrace
