// A recording can stop anywhere. Whatever prefix of a trace is on disk reads as the whole
// chunks it holds, reported as truncated; and no byte of a trace can change unnoticed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format/trace_reader.h"
#include "format/trace_writer.h"
#include "tests/format/trace_test_util.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

using testing::TempDir;

struct Written {
  std::string bytes;
  std::vector<Event> events;
  std::vector<uint64_t> chunk_ends;  // file offset just after each chunk
  uint64_t header_size = 0;
};

// A small trace of several chunks with strings in each, all event kinds, and a trailer.
Written WriteSmallTrace() {
  Written out;
  TempDir dir;
  const std::string path = dir.File("small.ctrace");
  TraceWriterOptions options;
  options.max_events_per_chunk = 6;
  auto writer = TraceWriter::Create(path, testing::SampleHeader(), options);
  EXPECT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;
  out.header_size = w.bytes_written();
  w.InternString("first");
  w.InternString("second");
  w.InternString("third");
  for (const Event& e : testing::OneOfEachKind(1000, 4)) {
    EXPECT_TRUE(w.Add(e).ok());
    out.events.push_back(e);
    if (w.bytes_written() != (out.chunk_ends.empty() ? out.header_size : out.chunk_ends.back())) {
      out.chunk_ends.push_back(w.bytes_written());
    }
    if (out.events.size() == 8) w.InternString("fourth, in a later chunk");
  }
  EXPECT_TRUE(w.Flush().ok());
  out.chunk_ends.push_back(w.bytes_written());
  TraceTrailer trailer;
  trailer.lost_per_cpu = {1, 2, 3, 4};
  trailer.end_reason = "program exited";
  EXPECT_TRUE(w.Finish(trailer).ok());
  out.bytes = testing::ReadFile(path);
  return out;
}

TEST(Truncation, FileCutAtEveryOffsetReadsAsAPrefixOrAHeaderError) {
  const Written full = WriteSmallTrace();
  ASSERT_GE(full.chunk_ends.size(), 3u);
  // Events sorted per chunk equal the added order here (timestamps already increase).
  TempDir dir;
  const std::string path = dir.File("cut.ctrace");
  for (size_t cut = 0; cut <= full.bytes.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut) + " of " + std::to_string(full.bytes.size()));
    testing::WriteFile(path, std::string_view(full.bytes).substr(0, cut));
    auto trace = ReadTrace(path);
    if (cut < full.header_size) {
      ASSERT_FALSE(trace.ok());
      const std::string message(trace.status().message());
      if (cut == 0) {
        EXPECT_NE(message.find("empty file"), std::string::npos) << message;
      } else {
        EXPECT_NE(message.find("header cut off"), std::string::npos) << message;
      }
      continue;
    }
    ASSERT_TRUE(trace.ok()) << trace.status();
    if (cut == full.bytes.size()) {
      EXPECT_FALSE(trace->truncated);
      EXPECT_TRUE(trace->trailer.has_value());
      EXPECT_EQ(trace->events, full.events);
      continue;
    }
    EXPECT_TRUE(trace->truncated);
    EXPECT_FALSE(trace->trailer.has_value());
    EXPECT_FALSE(trace->truncation_reason.empty());
    size_t whole_chunks = 0;
    size_t events_in_whole_chunks = 0;
    for (uint64_t end : full.chunk_ends) {
      if (end > cut) break;
      ++whole_chunks;
    }
    // Every chunk but the last holds max_events_per_chunk (6) events.
    events_in_whole_chunks = std::min(full.events.size(), whole_chunks * 6);
    const std::vector<Event> prefix(
        full.events.begin(), full.events.begin() + static_cast<ptrdiff_t>(events_in_whole_chunks));
    EXPECT_EQ(trace->events, prefix);
    for (const Event& e : trace->events) {
      if (e.kind == EventKind::kTaskRename) {
        EXPECT_FALSE(trace->String(e.rename.comm).empty());
      }
    }
  }
}

TEST(Truncation, ReasonSaysWhereTheFileEnds) {
  const Written full = WriteSmallTrace();
  TempDir dir;
  const std::string path = dir.File("reason.ctrace");

  testing::WriteFile(path, std::string_view(full.bytes).substr(0, full.chunk_ends[0]));
  auto after_chunk = ReadTrace(path);
  ASSERT_TRUE(after_chunk.ok()) << after_chunk.status();
  EXPECT_EQ(after_chunk->truncation_reason,
            "ends after chunk 0 at offset " + std::to_string(full.chunk_ends[0]) + ": no trailer");

  const uint64_t cut = full.chunk_ends[1] - 10;
  testing::WriteFile(path, std::string_view(full.bytes).substr(0, cut));
  auto inside = ReadTrace(path);
  ASSERT_TRUE(inside.ok()) << inside.status();
  const uint64_t body_size = full.chunk_ends[1] - full.chunk_ends[0] - 48;
  EXPECT_EQ(inside->truncation_reason, "ends inside chunk 1 at offset " + std::to_string(cut) +
                                           ": " + std::to_string(body_size - 10) + " of " +
                                           std::to_string(body_size) + " bytes");

  testing::WriteFile(path, std::string_view(full.bytes).substr(0, full.header_size));
  auto no_chunks = ReadTrace(path);
  ASSERT_TRUE(no_chunks.ok()) << no_chunks.status();
  EXPECT_TRUE(no_chunks->truncated);
  EXPECT_NE(no_chunks->truncation_reason.find("no chunks"), std::string::npos);

  testing::WriteFile(path, std::string_view(full.bytes).substr(0, full.bytes.size() - 1));
  auto in_trailer = ReadTrace(path);
  ASSERT_TRUE(in_trailer.ok()) << in_trailer.status();
  EXPECT_EQ(in_trailer->events, full.events);
  EXPECT_NE(in_trailer->truncation_reason.find("ends inside the trailer"), std::string::npos)
      << in_trailer->truncation_reason;
}

TEST(Truncation, AfterTheLastChunkNextChunkKeepsReturningFalse) {
  const Written full = WriteSmallTrace();
  TempDir dir;
  const std::string path = dir.File("again.ctrace");
  testing::WriteFile(path, std::string_view(full.bytes).substr(0, full.chunk_ends[0] + 20));
  auto reader = TraceReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Event> chunk;
  auto first = (*reader)->NextChunk(&chunk);
  ASSERT_TRUE(first.ok() && *first);
  for (int i = 0; i < 3; ++i) {
    auto more = (*reader)->NextChunk(&chunk);
    ASSERT_TRUE(more.ok()) << more.status();
    EXPECT_FALSE(*more);
    EXPECT_TRUE(chunk.empty());
    EXPECT_TRUE((*reader)->truncated());
  }
}

// Every field of the file is covered by a checksum or cross-checked, so flipping any single
// byte either fails to read or (when it makes a length run past the end) reads as a
// truncated file; it never reads back as a complete, different trace.
TEST(Corruption, FlippingAnyByteIsDetected) {
  const Written full = WriteSmallTrace();
  TempDir dir;
  const std::string path = dir.File("flip.ctrace");
  for (size_t i = 0; i < full.bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string bytes = full.bytes;
      bytes[i] = static_cast<char>(bytes[i] ^ mask);
      testing::WriteFile(path, bytes);
      auto trace = ReadTrace(path);
      if (trace.ok()) {
        EXPECT_TRUE(trace->truncated)
            << "byte " << i << " ^ " << int{mask} << " read back as a complete trace";
      }
    }
  }
}

}  // namespace
}  // namespace ctrace
