// Writing a trace and reading it back gives the same header, events, strings and trailer.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "format/event_codec.h"
#include "format/syscall_table.h"
#include "format/trace_reader.h"
#include "format/trace_writer.h"
#include "tests/format/trace_test_util.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

using testing::OneOfEachKind;
using testing::SampleHeader;
using testing::TempDir;

// Each test writes its files in a directory of its own.
class RoundTrip : public ::testing::Test {
 protected:
  TempDir dir_;
};
using Writer = RoundTrip;

uint64_t FileSize(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<uint64_t>(st.st_size);
}

TEST_F(RoundTrip, EveryEventKindAndFieldSurvives) {
  const std::string path = dir_.File("kinds.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  using std::literals::string_literals::operator""s;
  const std::vector<std::string> strings = {"", "bash", "/usr/bin/ls", "ls\0-l\0/tmp"s};
  for (size_t i = 0; i < strings.size(); ++i) {
    ASSERT_EQ((*writer)->InternString(strings[i]), i);
  }
  const std::vector<Event> events = OneOfEachKind(5'000, 4);
  for (const Event& e : events) ASSERT_TRUE((*writer)->Add(e).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());

  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events, events);
  EXPECT_EQ(trace->strings, strings);
  EXPECT_EQ(trace->String(3).size(), 10u);  // argv keeps its '\0' separators
  EXPECT_FALSE(trace->truncated);
  ASSERT_TRUE(trace->trailer.has_value());
  EXPECT_EQ(trace->trailer->event_count, events.size());
  for (int kind = 1; kind <= kMaxEventKind; ++kind) {
    bool seen = false;
    for (const Event& e : trace->events) seen |= static_cast<int>(e.kind) == kind;
    EXPECT_TRUE(seen) << "no event of kind " << kind << " in the sample";
  }
}

// Version 4 and older stored each event's fields together (rows); such files read as before.
TEST_F(RoundTrip, AVersion4FileOfRowsReadsTheSameEvents) {
  const std::vector<std::string> strings = {"bash", "/usr/bin/ls", "x"};
  const std::vector<Event> events = OneOfEachKind(5'000, 4);
  TraceTrailer trailer;
  trailer.event_count = events.size();
  trailer.chunk_count = 1;
  const std::string chunk =
      testing::ChunkBytes(testing::BodyBytes(strings, events, 4),
                          testing::HeaderFor(events, static_cast<uint32_t>(strings.size()), 1)) +
      testing::TrailerBytes(trailer);
  const std::string path = dir_.File("v4.ctrace");
  testing::WriteFile(path, testing::HeaderBytes(SampleHeader(), 4) + chunk);
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->header.version, 4u);
  EXPECT_EQ(trace->events, events);
  // The version decides the layout: the same rows under a version 5 header are not columns.
  testing::WriteFile(path, testing::HeaderBytes(SampleHeader(), 5) + chunk);
  EXPECT_EQ(ReadTrace(path).status().code(), absl::StatusCode::kDataLoss);
}

// Columns store tid and pid - tid as the change from the CPU's previous event in the chunk:
// threads interleaved on several CPUs, tids and pids at the int32 extremes and chunks of a few
// events each (each chunk starts from 0 again) all come back exactly.
TEST_F(RoundTrip, TidsInterleavedOnCpusSurviveAcrossChunks) {
  const std::string path = dir_.File("tids.ctrace");
  TraceWriterOptions options;
  options.max_events_per_chunk = 37;
  auto writer = TraceWriter::Create(path, SampleHeader(), options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  std::mt19937 rng(5);
  const int32_t tids[] = {1,
                          2,
                          48'211,
                          48'212,
                          std::numeric_limits<int32_t>::max(),
                          std::numeric_limits<int32_t>::min(),
                          -1,
                          0};
  std::vector<Event> events;
  for (int i = 0; i < 2'000; ++i) {
    const int32_t tid = tids[rng() % std::size(tids)];
    const int32_t pid = tids[rng() % std::size(tids)];
    events.push_back(testing::SyscallExit(1'000 + 10 * static_cast<uint64_t>(i),
                                          static_cast<uint16_t>(rng() % 4), tid, pid,
                                          syscall_nr::kEpollWait, static_cast<int64_t>(rng())));
  }
  for (const Event& e : events) ASSERT_TRUE((*writer)->Add(e).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events, events);
}

TEST_F(RoundTrip, HeaderAndTrailerFieldsSurvive) {
  const std::string path = dir_.File("header.ctrace");
  TraceHeader header = SampleHeader();
  header.clock_source = "CLOCK_BOOTTIME";
  header.version = 99;  // ignored: the writer writes the current version
  auto writer = TraceWriter::Create(path, header);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Add(testing::Switch(10, 0, 1, 2)).ok());
  TraceTrailer trailer;
  trailer.end_monotonic_ns = 123'456'789'012;
  trailer.event_count = 999;  // filled in by Finish
  trailer.chunk_count = 999;
  trailer.lost_per_cpu = {0, 5, 0, std::numeric_limits<uint64_t>::max()};
  trailer.end_reason = "interrupted";
  ASSERT_TRUE((*writer)->Finish(trailer).ok());

  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  const TraceHeader& h = trace->header;
  EXPECT_EQ(h.version, kTraceFormatVersion);
  EXPECT_EQ(h.clock_source, "CLOCK_BOOTTIME");
  EXPECT_EQ(h.start_monotonic_ns, header.start_monotonic_ns);
  EXPECT_EQ(h.start_realtime_ns, header.start_realtime_ns);
  EXPECT_EQ(h.hostname, header.hostname);
  EXPECT_EQ(h.kernel_release, header.kernel_release);
  EXPECT_EQ(h.command, header.command);
  EXPECT_EQ(h.cpu_count, header.cpu_count);
  EXPECT_EQ(h.recorder, header.recorder);
  EXPECT_EQ(h.flags, header.flags);
  ASSERT_TRUE(trace->trailer.has_value());
  EXPECT_EQ(trace->trailer->end_monotonic_ns, trailer.end_monotonic_ns);
  EXPECT_EQ(trace->trailer->event_count, 1u);
  EXPECT_EQ(trace->trailer->chunk_count, 1u);
  EXPECT_EQ(trace->trailer->lost_per_cpu, trailer.lost_per_cpu);
  EXPECT_EQ(trace->trailer->end_reason, "interrupted");
}

TEST_F(RoundTrip, EmptyHeaderFieldsAndNoEventsSurvive) {
  const std::string path = dir_.File("empty.ctrace");
  TraceHeader header;  // all defaults: empty strings, no command, cpu_count 0
  auto writer = TraceWriter::Create(path, header);
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Finish({}).ok());
  EXPECT_EQ((*writer)->chunks_written(), 0u);

  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->events.empty());
  EXPECT_TRUE(trace->header.command.empty());
  EXPECT_EQ(trace->header.cpu_count, 0u);
  ASSERT_TRUE(trace->trailer.has_value());
  EXPECT_EQ(trace->trailer->chunk_count, 0u);
  EXPECT_EQ(trace->strings, std::vector<std::string>{""});
}

TEST_F(RoundTrip, StringsSpreadOverChunksResolveAsEachChunkIsRead) {
  const std::string path = dir_.File("strings.ctrace");
  TraceWriterOptions options;
  options.max_events_per_chunk = 2;
  auto writer = TraceWriter::Create(path, SampleHeader(), options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;
  // Each pair of events (one chunk) introduces a new name and reuses an older one.
  std::vector<std::string> names;
  std::vector<Event> events;
  for (int i = 0; i < 10; ++i) {
    names.push_back("thread-" + std::to_string(i));
    Event rename;
    rename.ts_ns = 100 * i;
    rename.kind = EventKind::kTaskRename;
    rename.tid = rename.pid = 10 + i;
    rename.rename.comm = w.InternString(names.back());
    Event again = rename;
    again.ts_ns += 1;
    again.rename.comm = w.InternString(names[i / 2]);
    ASSERT_EQ(again.rename.comm, static_cast<uint32_t>(i / 2 + 1));
    events.push_back(rename);
    events.push_back(again);
    ASSERT_TRUE(w.Add(rename).ok());
    ASSERT_TRUE(w.Add(again).ok());
  }
  EXPECT_EQ(w.InternString("thread-3"), 4u);  // interning again gives the same id
  EXPECT_EQ(w.InternString(""), kEmptyString);
  ASSERT_TRUE(w.Finish({}).ok());
  EXPECT_EQ(w.chunks_written(), 10u);

  auto reader = TraceReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Event> chunk;
  size_t read = 0;
  for (int i = 0; i < 10; ++i) {
    auto more = (*reader)->NextChunk(&chunk);
    ASSERT_TRUE(more.ok()) << more.status();
    ASSERT_TRUE(*more);
    ASSERT_EQ(chunk.size(), 2u);
    // The table holds exactly the strings defined so far: "" plus one per chunk.
    EXPECT_EQ((*reader)->string_count(), static_cast<size_t>(i + 2));
    for (const Event& e : chunk) {
      EXPECT_EQ(e, events[read]);
      ++read;
    }
    EXPECT_EQ((*reader)->String(chunk[0].rename.comm), names[i]);
    EXPECT_EQ((*reader)->String(chunk[1].rename.comm), names[i / 2]);
  }
  auto more = (*reader)->NextChunk(&chunk);
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_FALSE(*more);
  EXPECT_TRUE(chunk.empty());
  EXPECT_TRUE((*reader)->trailer().has_value());
  EXPECT_FALSE((*reader)->truncated());
  EXPECT_EQ((*reader)->String(9999), "");  // unknown ids read as ""
}

TEST_F(RoundTrip, OutOfOrderEventsAreSortedStablyWithinEachChunk) {
  const std::string path = dir_.File("order.ctrace");
  TraceWriterOptions options;
  options.max_events_per_chunk = 4;
  auto writer = TraceWriter::Create(path, SampleHeader(), options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  // Chunk 1: 500, 100, 300, 100(second); chunk 2: 50, 1e18, 0, 7.
  const std::vector<uint64_t> ts = {500, 100, 300, 100, 50, 1'000'000'000'000'000'000, 0, 7};
  std::vector<Event> added;
  for (size_t i = 0; i < ts.size(); ++i) {
    added.push_back(
        testing::Switch(ts[i], static_cast<uint16_t>(i % 4), 100 + static_cast<int32_t>(i), 7));
    ASSERT_TRUE((*writer)->Add(added.back()).ok());
  }
  ASSERT_TRUE((*writer)->Finish({}).ok());

  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  const std::vector<Event> expected = {added[1], added[3], added[2], added[0],
                                       added[6], added[7], added[4], added[5]};
  EXPECT_EQ(trace->events, expected);
}

// The trace at `path` holds `added` sorted by time, those of one timestamp in the order added.
void ExpectInStableTimeOrder(const std::string& path, std::vector<Event> added) {
  std::stable_sort(added.begin(), added.end(),
                   [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; });
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events, added);
}

// Most out-of-order events are a few places early (another CPU's record overtook them) and
// are put in their place as they come, by a linear search; one far earlier is found by binary
// search. Both keep the events of one timestamp in the order they were added.
TEST_F(RoundTrip, EventsFarOutOfOrderAreSortedStablyToo) {
  const std::string path = dir_.File("far.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  std::vector<Event> added;
  const auto add = [&](uint64_t ts) {
    added.push_back(testing::Switch(ts, 0, 100 + static_cast<int32_t>(added.size()), 7));
    ASSERT_TRUE((*writer)->Add(added.back()).ok());
  };
  for (uint64_t i = 1; i <= 300; ++i) add(i * 10);
  add(2995);  // one place early
  add(15);    // 299 places early
  add(10);    // as early as the first, added after it
  for (uint64_t i = 301; i <= 310; ++i) add(i * 10);
  ASSERT_TRUE((*writer)->Finish({}).ok());

  ExpectInStableTimeOrder(path, added);
}

// A whole run of events far too early (as from a CPU whose records all came late) would move
// more events into place than the chunk holds: the writer sorts the chunk instead, to the same
// order.
TEST_F(RoundTrip, ManyEventsFarOutOfOrderAreSortedStably) {
  const std::string path = dir_.File("many-far.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  std::vector<Event> added;
  const auto add = [&](uint64_t ts, uint16_t cpu) {
    added.push_back(testing::Switch(ts, cpu, 100 + static_cast<int32_t>(added.size()), 7));
    ASSERT_TRUE((*writer)->Add(added.back()).ok());
  };
  for (uint64_t i = 1; i <= 400; ++i) add(i * 10, 0);
  for (uint64_t i = 1; i <= 400; ++i) add(i * 10 - (i % 3 == 0 ? 5 : 0), 1);  // 400 places late
  ASSERT_TRUE((*writer)->Finish({}).ok());

  ExpectInStableTimeOrder(path, added);
}

TEST_F(RoundTrip, ExtremeTimestampsInOneChunk) {
  const std::string path = dir_.File("extreme.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  const std::vector<Event> events = {
      testing::Switch(0, 0, 1, 2),
      testing::Switch(std::numeric_limits<uint64_t>::max() - 1, 1, 2, 1),
      testing::Switch(std::numeric_limits<uint64_t>::max(), 2, 1, 2)};
  for (const Event& e : events) ASSERT_TRUE((*writer)->Add(e).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events, events);
}

TEST_F(RoundTrip, NextChunkReplacesTheVectorsContents) {
  const std::string path = dir_.File("replace.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Add(testing::Switch(1, 0, 1, 2)).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto reader = TraceReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Event> chunk(5, testing::Wake(9, 1, 3, 3, 4, 4, EventKind::kSchedWakeup));
  auto more = (*reader)->NextChunk(&chunk);
  ASSERT_TRUE(more.ok() && *more);
  ASSERT_EQ(chunk.size(), 1u);
  EXPECT_EQ(chunk[0], testing::Switch(1, 0, 1, 2));
}

// The reader reuses the caller's vector from chunk to chunk: every byte of an event it decodes
// is its own, whatever that slot held before (a payload fills only its own members, and the
// union's other bytes must not keep the last chunk's).
TEST_F(RoundTrip, DecodedEventsDoNotDependOnWhatTheVectorHeldBefore) {
  const std::string path = dir_.File("reused.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (uint32_t id = 1; id < 4; ++id) {
    ASSERT_EQ((*writer)->InternString("s" + std::to_string(id)), id);
  }
  const std::vector<Event> events = OneOfEachKind(1000, 4);
  for (const Event& e : events) ASSERT_TRUE((*writer)->Add(e).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto read_over = [&](unsigned char fill) {
    std::vector<Event> chunk(events.size() + 3);
    std::memset(static_cast<void*>(chunk.data()), fill, chunk.size() * sizeof(Event));
    auto reader = TraceReader::Open(path);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return std::vector<Event>();
    auto more = (*reader)->NextChunk(&chunk);
    EXPECT_TRUE(more.ok() && *more);
    return chunk;
  };
  const std::vector<Event> a = read_over(0xAB);
  const std::vector<Event> b = read_over(0x5C);
  ASSERT_EQ(a.size(), events.size());
  ASSERT_EQ(b.size(), events.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i], events[i]) << i;
    EXPECT_EQ(std::memcmp(&a[i], &b[i], sizeof(Event)), 0)
        << "event " << i << " (" << EventKindName(a[i].kind) << ") keeps bytes of the slot";
  }
}

// The recorder's two-step Add: an event filled in place is kept once committed, dropped if
// discarded or if Commit rejects it.
TEST_F(Writer, AppendedEventsAreKeptOnlyOnceCommitted) {
  const std::string path = dir_.File("append.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  *(*writer)->Append() = testing::Switch(100, 0, 1, 2);
  ASSERT_TRUE((*writer)->Commit().ok());
  *(*writer)->Append() = testing::Switch(200, 0, 2, 1);
  (*writer)->Discard();
  Event bad = testing::Switch(300, 0, 1, 2);
  bad.cpu = 999;  // beyond the header's CPU count
  *(*writer)->Append() = bad;
  EXPECT_EQ((*writer)->Commit().code(), absl::StatusCode::kInvalidArgument);
  *(*writer)->Append() = testing::Switch(50, 1, 3, 4);  // earlier: put in its place
  ASSERT_TRUE((*writer)->Commit().ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  const std::vector<Event> expected = {testing::Switch(50, 1, 3, 4), testing::Switch(100, 0, 1, 2)};
  EXPECT_EQ(trace->events, expected);
}

TEST_F(Writer, FlushWithNothingPendingWritesNothing) {
  const std::string path = dir_.File("flush.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;
  const uint64_t header_size = FileSize(path);
  EXPECT_EQ(w.bytes_written(), header_size);
  ASSERT_TRUE(w.Flush().ok());
  w.InternString("a name no event uses yet");
  ASSERT_TRUE(w.Flush().ok());
  EXPECT_EQ(FileSize(path), header_size);
  EXPECT_EQ(w.chunks_written(), 0u);

  ASSERT_TRUE(w.Add(testing::Switch(1, 0, 1, 2)).ok());
  ASSERT_TRUE(w.Flush().ok());
  EXPECT_EQ(w.chunks_written(), 1u);
  EXPECT_EQ(w.events_written(), 1u);
  EXPECT_EQ(FileSize(path), w.bytes_written());
  EXPECT_GT(w.bytes_written(), header_size);
  const uint64_t after_chunk = w.bytes_written();
  ASSERT_TRUE(w.Flush().ok());
  EXPECT_EQ(FileSize(path), after_chunk);
}

TEST_F(Writer, WritesAChunkWhenMaxEventsPerChunkIsReached) {
  const std::string path = dir_.File("full-chunk.ctrace");
  TraceWriterOptions options;
  options.max_events_per_chunk = 3;
  auto writer = TraceWriter::Create(path, SampleHeader(), options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  for (int i = 0; i < 7; ++i) ASSERT_TRUE((*writer)->Add(testing::Switch(i, 0, 1, 2)).ok());
  EXPECT_EQ((*writer)->chunks_written(), 2u);
  EXPECT_EQ((*writer)->events_written(), 6u);
  ASSERT_TRUE((*writer)->Finish({}).ok());
  EXPECT_EQ((*writer)->chunks_written(), 3u);
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events.size(), 7u);
  EXPECT_EQ(trace->trailer->chunk_count, 3u);
}

TEST_F(Writer, StringsInternedAfterTheLastEventAreWrittenByFinish) {
  const std::string path = dir_.File("late-strings.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Add(testing::Switch(1, 0, 1, 2)).ok());
  ASSERT_TRUE((*writer)->Flush().ok());
  const uint32_t id = (*writer)->InternString("late");
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->String(id), "late");
  EXPECT_EQ(trace->trailer->chunk_count, 2u);  // the second chunk holds only the string
}

TEST_F(Writer, DroppedWithoutFinishLeavesATruncatedTraceWithEveryEvent) {
  const std::string path = dir_.File("dropped.ctrace");
  {
    auto writer = TraceWriter::Create(path, SampleHeader());
    ASSERT_TRUE(writer.ok()) << writer.status();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE((*writer)->Add(testing::Switch(i, 0, 1, 2)).ok());
  }
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->events.size(), 5u);
  EXPECT_TRUE(trace->truncated);
  EXPECT_FALSE(trace->trailer.has_value());
  EXPECT_NE(trace->truncation_reason.find("no trailer"), std::string::npos)
      << trace->truncation_reason;
}

TEST_F(Writer, RejectsInvalidEventsWithoutBufferingThem) {
  const std::string path = dir_.File("invalid.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());  // cpu_count 4
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;

  Event bad_cpu = testing::Switch(1, 4, 1, 2);
  absl::Status s = w.Add(bad_cpu);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("cpu 4 is not below the CPU count 4"), absl::string_view::npos) << s;

  Event bad_string;
  bad_string.kind = EventKind::kTaskRename;
  bad_string.rename.comm = 1;  // nothing interned yet
  s = w.Add(bad_string);
  EXPECT_NE(s.message().find("string id 1 is unknown"), absl::string_view::npos) << s;

  Event bad_kind;
  bad_kind.kind = static_cast<EventKind>(kMaxEventKind + 1);
  s = w.Add(bad_kind);
  EXPECT_NE(s.message().find(absl::StrCat("unknown event kind ", kMaxEventKind + 1)),
            absl::string_view::npos)
      << s;

  Event bad_target = testing::Wake(1, 0, 1, 1, 2, 2, EventKind::kSchedWakeup);
  bad_target.wakeup.target_cpu = -1;
  EXPECT_FALSE(w.Add(bad_target).ok());

  ASSERT_TRUE(w.Finish({}).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->events.empty());
}

// Switches, wakeups and syscalls are checked by a path of their own (ValidateEvent's
// CommonKindValid): each field it checks, wrong, is refused all the same, and right, accepted.
TEST_F(Writer, TheCommonKindsAreCheckedFieldByField) {
  auto writer = TraceWriter::Create(dir_.File("common.ctrace"), SampleHeader());  // 4 CPUs
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;
  std::vector<Event> good;
  std::vector<Event> bad;
  Event sw = testing::Switch(1, 3, 1, 2);
  good.push_back(sw);
  sw.sched_switch.preempt = 2;
  bad.push_back(sw);
  for (EventKind kind :
       {EventKind::kSchedWaking, EventKind::kSchedWakeup, EventKind::kSchedWakeupNew}) {
    Event wake = testing::Wake(1, 0, 1, 1, 2, 2, kind);
    wake.wakeup.target_cpu = 3;
    good.push_back(wake);
    for (int32_t target : {4, -1, std::numeric_limits<int32_t>::min()}) {
      wake.wakeup.target_cpu = target;
      bad.push_back(wake);
    }
  }
  Event enter = testing::SyscallEnter(1, 2, 1, 1, syscall_nr::kEpollWait, 3, 1, 0);
  good.push_back(enter);
  enter.syscall_enter.str = 1;  // nothing interned
  bad.push_back(enter);
  Event exit = testing::SyscallExit(1, 3, 1, 1, syscall_nr::kEpollWait, 0);
  good.push_back(exit);
  for (Event cpu_beyond : good) {
    cpu_beyond.cpu = 4;
    bad.push_back(cpu_beyond);
  }
  for (const Event& e : bad)
    EXPECT_EQ(w.Add(e).code(), absl::StatusCode::kInvalidArgument) << ::testing::PrintToString(e);
  for (const Event& e : good) EXPECT_TRUE(w.Add(e).ok()) << ::testing::PrintToString(e);
}

TEST_F(Writer, CallsAfterFinishFail) {
  const std::string path = dir_.File("finished.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_TRUE((*writer)->Finish({}).ok());
  const uint64_t size = FileSize(path);
  EXPECT_EQ((*writer)->Add(testing::Switch(1, 0, 1, 2)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->Flush().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->Finish({}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileSize(path), size);
}

TEST_F(Writer, RejectsHeaderAndTrailerBeyondTheLimits) {
  TraceHeader header = SampleHeader();
  header.cpu_count = 5000;
  auto too_many_cpus = TraceWriter::Create(dir_.File("cpus.ctrace"), header);
  EXPECT_EQ(too_many_cpus.status().code(), absl::StatusCode::kInvalidArgument);

  header = SampleHeader();
  header.hostname.assign(2 << 20, 'h');
  auto too_big = TraceWriter::Create(dir_.File("big.ctrace"), header);
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_big.status().message().find("header needs"), absl::string_view::npos)
      << too_big.status();

  auto writer = TraceWriter::Create(dir_.File("trailer.ctrace"), SampleHeader());  // cpu_count 4
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceTrailer trailer;
  trailer.lost_per_cpu.resize(5);
  absl::Status s = (*writer)->Finish(trailer);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("lost_per_cpu has 5 entries"), absl::string_view::npos) << s;
  trailer.lost_per_cpu.resize(4);
  EXPECT_TRUE((*writer)->Finish(trailer).ok());
}

TEST_F(Writer, CreateInAMissingDirectoryFails) {
  auto writer = TraceWriter::Create("/nonexistent-dir/trace.ctrace", SampleHeader());
  EXPECT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("/nonexistent-dir/trace.ctrace: No such file"),
            absl::string_view::npos)
      << writer.status();
}

TEST_F(Writer, CreatesTheFileWithMode0644) {
  const std::string path = dir_.File("mode.ctrace");
  const mode_t old_mask = ::umask(022);
  auto writer = TraceWriter::Create(path, SampleHeader());
  ::umask(old_mask);
  ASSERT_TRUE(writer.ok()) << writer.status();
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST_F(Writer, OverlongStringsAreCutToTheLimit) {
  const std::string path = dir_.File("long-string.ctrace");
  auto writer = TraceWriter::Create(path, SampleHeader());
  ASSERT_TRUE(writer.ok()) << writer.status();
  const std::string huge((1 << 20) + 10, 'x');
  Event e;
  e.kind = EventKind::kTaskRename;
  e.rename.comm = (*writer)->InternString(huge);
  ASSERT_TRUE((*writer)->Add(e).ok());
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_EQ(trace->String(e.rename.comm), huge.substr(0, 1 << 20));
}

}  // namespace
}  // namespace ctrace

namespace ctrace {
namespace {

// The encoder writes a batch of events without a check per byte, into room for each at
// kMaxEncodedEventSize: no event, whatever its fields, may take more.
TEST(EventEncoding, NoEventEncodesLongerThanTheBound) {
  std::mt19937_64 rng(12345);
  const uint64_t extremes[] = {0,
                               ~uint64_t{0},
                               0x80000000u,
                               0x7fffffffu,
                               0xffffffff80000000u,
                               0x8000000000000000u,
                               0x7fffffffffffffffu};
  const auto pick = [&] { return extremes[rng() % std::size(extremes)]; };
  size_t longest = 0;
  for (int kind = 1; kind <= kMaxEventKind; ++kind) {
    for (int i = 0; i < 3000; ++i) {
      Event e;
      e.kind = static_cast<EventKind>(kind);
      e.ts_ns = pick();
      e.cpu = static_cast<uint16_t>(pick());
      e.tid = static_cast<int32_t>(pick());
      e.pid = static_cast<int32_t>(pick());
      uint64_t payload[sizeof(e.syscall_enter) / sizeof(uint64_t) + 1];
      for (uint64_t& word : payload) word = pick();
      std::memcpy(&e.syscall_enter, payload, sizeof(e.syscall_enter));  // the largest member
      std::vector<uint8_t> out;
      EncodeEventRows(std::span(&e, 1), pick(), &out);
      longest = std::max(longest, out.size());
      ASSERT_LE(out.size(), kMaxEncodedEventSize) << EventKindName(e.kind);
    }
  }
  EXPECT_GT(longest, kMaxEncodedEventSize - 8) << "the bound is far above what events take";
}

}  // namespace
}  // namespace ctrace
