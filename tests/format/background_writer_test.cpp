// TraceWriterOptions::background: chunks sorted, encoded, compressed and written on the
// writer's own thread make the same file as on the adding thread, and nothing handed over is
// lost when the writer is finished, dropped or waited for.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "format/trace_reader.h"
#include "format/trace_writer.h"
#include "tests/format/trace_test_util.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

using testing::SampleHeader;
using testing::TempDir;

// What a recording gives the writer: events mostly in time order, some a little early (as
// another CPU's record overtakes) and a few far too early (a sort of the chunk), new and
// repeated names along the way, a flush every so often; then the trailer.
void WriteRecordingLike(TraceWriter& w, std::vector<Event>* added) {
  std::mt19937_64 rng(7);
  uint64_t ts = 1'000'000;
  for (int i = 0; i < 20'000; ++i) {
    ts += rng() % 2000;
    uint64_t event_ts = ts;
    if (rng() % 10 == 0) event_ts -= std::min<uint64_t>(event_ts, rng() % 5000);
    if (rng() % 500 == 0) event_ts -= std::min<uint64_t>(event_ts, 500'000);
    Event e;
    if (rng() % 50 == 0) {
      e.kind = EventKind::kTaskRename;
      e.ts_ns = event_ts;
      e.tid = e.pid = static_cast<int32_t>(100 + rng() % 40);
      e.rename.comm = w.InternString("worker-" + std::to_string(rng() % 300));
    } else {
      e = testing::Switch(event_ts, static_cast<uint16_t>(rng() % 4),
                          static_cast<int32_t>(100 + rng() % 40),
                          static_cast<int32_t>(100 + rng() % 40));
    }
    added->push_back(e);
    ASSERT_TRUE(w.Add(e).ok());
    if (i % 3000 == 2999) {
      ASSERT_TRUE(w.Flush().ok());
    }
  }
  TraceTrailer trailer;
  trailer.end_monotonic_ns = ts + 1;
  trailer.end_reason = "program exited";
  ASSERT_TRUE(w.Finish(trailer).ok());
}

TEST(BackgroundWriter, WritesTheSameBytesAsTheWriterWithoutIt) {
  TempDir dir;
  std::string files[2];
  std::vector<Event> added[2];
  uint64_t chunks[2] = {0, 0};
  for (int background = 0; background < 2; ++background) {
    files[background] = dir.File(background ? "background.ctrace" : "inline.ctrace");
    TraceWriterOptions options;
    options.max_events_per_chunk = 700;  // many chunks, between and across the flushes
    options.background = background == 1;
    auto writer = TraceWriter::Create(files[background], SampleHeader(), options);
    ASSERT_TRUE(writer.ok()) << writer.status();
    WriteRecordingLike(**writer, &added[background]);
    chunks[background] = (*writer)->chunks_written();
    EXPECT_EQ((*writer)->events_written(), added[background].size());
  }
  EXPECT_GT(chunks[1], 25u);
  EXPECT_EQ(chunks[1], chunks[0]);
  EXPECT_TRUE(testing::ReadFile(files[1]) == testing::ReadFile(files[0]))
      << "the background writer's file differs from the inline writer's";

  auto trace = ReadTrace(files[1]);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_FALSE(trace->truncated);
  EXPECT_EQ(trace->events.size(), added[1].size());
}

TEST(BackgroundWriter, DroppedWithoutFinishLeavesEveryEventOnDisk) {
  TempDir dir;
  const std::string path = dir.File("dropped.ctrace");
  {
    TraceWriterOptions options;
    options.max_events_per_chunk = 10;
    options.background = true;
    auto writer = TraceWriter::Create(path, SampleHeader(), options);
    ASSERT_TRUE(writer.ok()) << writer.status();
    // Chunks handed over and not yet written, and events not yet handed over at all.
    for (int i = 0; i < 995; ++i) ASSERT_TRUE((*writer)->Add(testing::Switch(i, 0, 1, 2)).ok());
  }
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events.size(), 995u);
  EXPECT_TRUE(trace->truncated);
}

TEST(BackgroundWriter, WaitForWritesReturnsOnceEveryFlushedChunkIsOnDisk) {
  TempDir dir;
  const std::string path = dir.File("waited.ctrace");
  TraceWriterOptions options;
  options.background = true;
  auto writer = TraceWriter::Create(path, SampleHeader(), options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;
  const uint64_t header_size = w.bytes_written();
  for (int round = 1; round <= 5; ++round) {
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(w.Add(testing::Switch(round * 10'000 + i, 0, 1, 2)).ok());
    }
    ASSERT_TRUE(w.Flush().ok());
    ASSERT_TRUE(w.WaitForWrites().ok());
    EXPECT_EQ(w.events_written(), round * 1000u);
    EXPECT_EQ(w.chunks_written(), static_cast<uint64_t>(round));
    // What the counters say is what the file holds: a reader sees every event so far.
    auto trace = ReadTrace(path);
    ASSERT_TRUE(trace.ok()) << trace.status();
    EXPECT_EQ(trace->events.size(), round * 1000u);
  }
  EXPECT_GT(w.bytes_written(), header_size);
  ASSERT_TRUE(w.Finish({}).ok());
}

}  // namespace
}  // namespace ctrace
