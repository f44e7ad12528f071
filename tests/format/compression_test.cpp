// How compact the format is on the stream it sees most: sched_switch/sched_wakeup from a
// pipe ping-pong between two threads. Prints bytes per event and decode speed (for the
// record, not asserted: tests do not time things); asserts only a generous size bound.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "format/syscall_table.h"
#include "format/trace_reader.h"
#include "format/trace_writer.h"
#include "tests/format/trace_test_util.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

// Two threads of one process pinned to cpu 1 ping-ponging over a pipe: A writes and wakes
// B, A blocks in read and switches to B, B writes and wakes A, B blocks and switches to A.
// Round trips take ~7 us with some jitter.
std::vector<Event> PingPong(size_t round_trips) {
  constexpr int32_t kA = 41'230;
  constexpr int32_t kB = 41'231;
  constexpr uint16_t kCpu = 1;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<uint64_t> jitter(0, 400);
  std::vector<Event> events;
  events.reserve(round_trips * 4);
  uint64_t ts = 5'000'000'000;
  for (size_t i = 0; i < round_trips; ++i) {
    for (const auto& [from, to] : {std::pair{kA, kB}, std::pair{kB, kA}}) {
      ts += 1'500 + jitter(rng);
      events.push_back(testing::Wake(ts, kCpu, to, kA, from, kA, EventKind::kSchedWakeup));
      ts += 300 + jitter(rng) / 4;
      events.push_back(testing::Switch(ts, kCpu, from, kA, kTaskInterruptible, to, kA, false,
                                       syscall_nr::kRead));
    }
  }
  return events;
}

TEST(Compression, PingPongTakesAtMostEightBytesPerEvent) {
  const std::vector<Event> events = PingPong(250'000);
  testing::TempDir dir;
  const std::string path = dir.File("pingpong.ctrace");
  auto writer = TraceWriter::Create(path, testing::SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  const uint64_t header_size = (*writer)->bytes_written();
  for (const Event& e : events) ASSERT_TRUE((*writer)->Add(e).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  const uint64_t event_bytes = (*writer)->bytes_written() - header_size;
  const double per_event = static_cast<double>(event_bytes) / static_cast<double>(events.size());

  // Best of three full reads, after a warm-up read that also checks the events.
  double best_seconds = 1e9;
  for (int pass = 0; pass < 4; ++pass) {
    auto reader = TraceReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    std::vector<Event> chunk;
    size_t read = 0;
    const auto start = std::chrono::steady_clock::now();
    while (true) {
      auto more = (*reader)->NextChunk(&chunk);
      ASSERT_TRUE(more.ok()) << more.status();
      if (!*more) break;
      if (pass == 0) {
        for (size_t i = 0; i < chunk.size(); ++i) ASSERT_EQ(chunk[i], events[read + i]);
      }
      read += chunk.size();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(read, events.size());
    if (pass > 0) best_seconds = std::min(best_seconds, seconds);
  }

  std::printf(
      "[ figures  ] ping-pong: %zu events, %.2f bytes/event on disk (chunks + trailer), "
      "decoded at %.1f M events/s\n",
      events.size(), per_event, static_cast<double>(events.size()) / best_seconds / 1e6);
  RecordProperty("bytes_per_event", std::to_string(per_event));
  EXPECT_LE(per_event, 8.0);
}

}  // namespace
}  // namespace ctrace
