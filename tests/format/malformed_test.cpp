// The reader rejects every kind of malformed file with a status that names the file, the
// place and the problem, and never allocates what a corrupt count or length claims.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "format/byte_writer.h"
#include "format/event_codec.h"
#include "format/file_layout.h"
#include "format/trace_file_codec.h"
#include "format/trace_reader.h"
#include "tests/format/trace_test_util.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

using testing::BodyBytes;
using testing::ChunkBytes;
using testing::HeaderBytes;
using testing::HeaderFor;
using testing::PatchU32;
using testing::PatchU64;
using testing::SampleHeader;
using testing::TrailerBytes;

// Offsets inside a chunk (docs/trace-format.md).
constexpr size_t kCompressedSizeAt = 4;
constexpr size_t kUncompressedSizeAt = 8;
constexpr size_t kEventCountAt = 12;
constexpr size_t kStringCountAt = 16;
constexpr size_t kFirstStringIdAt = 20;
constexpr size_t kFirstTsAt = 24;
constexpr size_t kCrcAt = 40;
constexpr size_t kReservedAt = 44;

// Each test's files are in a directory of its own.
class Malformed : public ::testing::Test {
 protected:
  // Reads `bytes` as a trace file and returns the status of reading it whole.
  absl::Status ReadBytes(std::string_view bytes, std::string* path_out = nullptr) {
    const std::string path = dir_.File("malformed.ctrace");
    testing::WriteFile(path, bytes);
    if (path_out != nullptr) *path_out = path;
    return ReadTrace(path).status();
  }

  // Expects reading `bytes` to fail with `code` and a message containing `text`.
  void ExpectRejected(std::string_view bytes, absl::StatusCode code, std::string_view text) {
    std::string path;
    const absl::Status s = ReadBytes(bytes, &path);
    EXPECT_EQ(s.code(), code) << s;
    const std::string message(s.message());
    EXPECT_NE(message.find(text), std::string::npos) << "message: " << message;
    EXPECT_EQ(message.rfind(path + ": ", 0), 0u)
        << "message does not start with the path: " << message;
  }

  testing::TempDir dir_;
};

std::vector<Event> TwoSwitches() {
  return {testing::Switch(1000, 0, 10, 20), testing::Switch(2000, 1, 20, 10)};
}

// A valid file: header, one chunk of two events, trailer.
std::string ValidFile() {
  const std::vector<Event> events = TwoSwitches();
  TraceTrailer trailer;
  trailer.event_count = 2;
  trailer.chunk_count = 1;
  return HeaderBytes(SampleHeader()) + ChunkBytes(BodyBytes({}, events), HeaderFor(events, 0, 1)) +
         TrailerBytes(trailer);
}

size_t HeaderSize() { return HeaderBytes(SampleHeader()).size(); }

// A file holding `body` as its only chunk (with `chunk` describing it), then a trailer.
std::string FileWithBody(std::string_view body, const ChunkHeader& chunk,
                         TraceHeader header = SampleHeader()) {
  TraceTrailer trailer;
  trailer.event_count = chunk.event_count;
  trailer.chunk_count = 1;
  return HeaderBytes(header) + ChunkBytes(body, chunk) + TrailerBytes(trailer);
}

TEST_F(Malformed, TheValidBaselineReads) {
  std::string path;
  ASSERT_TRUE(ReadBytes(ValidFile(), &path).ok());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok());
  EXPECT_EQ(trace->events, TwoSwitches());
  EXPECT_FALSE(trace->truncated);
}

TEST_F(Malformed, MissingFileIsNotFound) {
  auto reader = TraceReader::Open("/nonexistent-dir/trace.ctrace");
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("/nonexistent-dir/trace.ctrace: No such file"),
            absl::string_view::npos)
      << reader.status();
}

TEST_F(Malformed, DirectoryIsRejected) {
  const std::string dir = dir_.File("dir");
  ASSERT_EQ(::mkdir(dir.c_str(), 0755), 0);
  auto reader = TraceReader::Open(dir);
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(reader.status().message().find("is a directory"), absl::string_view::npos);
}

TEST_F(Malformed, EmptyFile) {
  ExpectRejected("", absl::StatusCode::kInvalidArgument, "empty file");
}

TEST_F(Malformed, BadMagicIsNotACtraceFile) {
  ExpectRejected("PK\x03\x04 this is a zip file", absl::StatusCode::kInvalidArgument,
                 "not a ctrace file");
  ExpectRejected("C", absl::StatusCode::kDataLoss, "header cut off");  // a prefix of the magic
  ExpectRejected("X", absl::StatusCode::kInvalidArgument, "not a ctrace file");
}

TEST_F(Malformed, NewerVersionIsAClearError) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, 8, kTraceFormatVersion + 1);
  ExpectRejected(
      bytes, absl::StatusCode::kInvalidArgument,
      absl::StrCat("format version ", kTraceFormatVersion + 1,
                   " is newer than this ctrace reads (version ", kTraceFormatVersion, ")"));
  PatchU32(&bytes, 8, 0);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "invalid format version 0");
}

TEST_F(Malformed, HeaderLengthIsBounded) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, 12, 0xffffffff);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss,
                 "header length 4294967295 exceeds the 1048576-byte maximum");
}

TEST_F(Malformed, HeaderLengthBeyondTheFileIsCutOff) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, 12, 1 << 20);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "header cut off: it needs 1048596 bytes");
}

TEST_F(Malformed, HeaderChecksum) {
  std::string bytes = ValidFile();
  bytes[20] ^= 1;  // inside the clock_source string
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "header checksum mismatch");
}

// Rebuilds the header preamble and CRC around a hand-made payload (an older version's header:
// testing::HeaderBytes(header, version)).
std::string HeaderWithPayload(std::string_view payload) {
  std::vector<uint8_t> out;
  ByteWriter w(&out);
  w.PutBytes(kFileMagic);
  w.PutU32(kTraceFormatVersion);
  w.PutU32(static_cast<uint32_t>(payload.size()));
  w.PutBytes(payload);
  const std::string covered(out.begin() + 8, out.end());
  w.PutU32(Crc32(covered));
  return std::string(out.begin(), out.end());
}

// A file of an older version holds only that version's kinds: an address_name (version 3) in a
// version 2 file is corruption, not a name.
TEST_F(Malformed, AKindNewerThanTheFilesVersionIsAnError) {
  Event name = testing::Base(1000, EventKind::kAddressName, 0, 10, 10);
  name.address_name = {0x4040, 0, 0};
  const std::vector<Event> events = {name};
  TraceTrailer trailer;
  trailer.event_count = 1;
  trailer.chunk_count = 1;
  // Older versions store events as rows (BodyBytes with the version).
  const std::string rest =
      ChunkBytes(BodyBytes({}, events, 3), HeaderFor(events, 0, 1)) + TrailerBytes(trailer);
  EXPECT_TRUE(ReadBytes(HeaderBytes(SampleHeader(), 3) + rest).ok());
  ExpectRejected(HeaderBytes(SampleHeader(), 2) + rest, absl::StatusCode::kDataLoss,
                 "unknown event kind 19");
  // A task_snapshot (version 4) in a version 3 file likewise.
  Event snapshot = testing::Base(1000, EventKind::kTaskSnapshot, 0, 10, 10);
  snapshot.task = {7, 0, 0, TaskSource::kGoRuntime, 4, 0};
  const std::vector<Event> snapshots = {snapshot};
  const std::string rest4 =
      ChunkBytes(BodyBytes({}, snapshots, 4), HeaderFor(snapshots, 0, 1)) + TrailerBytes(trailer);
  EXPECT_TRUE(ReadBytes(HeaderBytes(SampleHeader(), 4) + rest4).ok());
  ExpectRejected(HeaderBytes(SampleHeader(), 3) + rest4, absl::StatusCode::kDataLoss,
                 "unknown event kind 20");
}

TEST_F(Malformed, HeaderPayloadFieldsAreChecked) {
  const std::string good = HeaderBytes(SampleHeader());
  const std::string payload = good.substr(16, good.size() - 20);
  ASSERT_TRUE(ReadBytes(HeaderWithPayload(payload)).ok());

  ExpectRejected(HeaderWithPayload(payload + "x"), absl::StatusCode::kDataLoss,
                 "1 unexpected bytes after its fields");
  ExpectRejected(HeaderWithPayload(payload.substr(0, payload.size() - 2)),
                 absl::StatusCode::kDataLoss, "header flags");

  std::string long_string = payload;
  PatchU32(&long_string, 0, 0x7fffffff);  // clock_source length
  ExpectRejected(HeaderWithPayload(long_string), absl::StatusCode::kDataLoss,
                 "header clock_source at payload offset 4");

  TraceHeader h = SampleHeader();
  h.command.clear();
  std::string no_command = HeaderBytes(h);
  no_command = no_command.substr(16, no_command.size() - 20);
  // The command count sits after clock_source, two u64s, hostname and kernel_release.
  const size_t count_at =
      4 + h.clock_source.size() + 16 + 4 + h.hostname.size() + 4 + h.kernel_release.size();
  PatchU32(&no_command, count_at, 1'000'000'000);
  ExpectRejected(HeaderWithPayload(no_command), absl::StatusCode::kDataLoss,
                 "header command count 1000000000 exceeds the");

  h = SampleHeader();
  h.cpu_count = 0;
  std::string cpus = HeaderBytes(h);
  cpus = cpus.substr(16, cpus.size() - 20);
  const size_t cpu_at = cpus.size() - 4 - (4 + h.recorder.size()) - 4;
  PatchU32(&cpus, cpu_at, 4097);
  ExpectRejected(HeaderWithPayload(cpus), absl::StatusCode::kDataLoss,
                 "header cpu_count 4097 exceeds the maximum 4096");
}

TEST_F(Malformed, CompressedLengthBeyondAnyChunk) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kCompressedSizeAt, 0xffffffff);
  const size_t left = bytes.size() - HeaderSize() - kChunkHeaderSize;
  ExpectRejected(bytes, absl::StatusCode::kDataLoss,
                 "chunk 0 at offset " + std::to_string(HeaderSize()) +
                     ": compressed length 4294967295 exceeds the " + std::to_string(left) +
                     " bytes left in the file");
}

TEST_F(Malformed, UncompressedLengthIsBounded) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kUncompressedSizeAt, (64u << 20) + 1);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss,
                 "uncompressed length 67108865 exceeds the 67108864-byte maximum");
}

TEST_F(Malformed, DecompressedSizeMustMatchTheDeclaredOne) {
  std::string bytes = ValidFile();
  const uint32_t real = static_cast<uint32_t>(BodyBytes({}, TwoSwitches()).size());
  PatchU32(&bytes, HeaderSize() + kUncompressedSizeAt, real + 100);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "chunk 0");
  PatchU32(&bytes, HeaderSize() + kUncompressedSizeAt, real - 1);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "zstd: ");
}

TEST_F(Malformed, HugeEventCountNeverAllocates) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kEventCountAt, 0xffffffff);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "event count 4294967295 exceeds the maximum");
  // Within the per-chunk maximum, but more than the body's bytes could encode.
  PatchU32(&bytes, HeaderSize() + kEventCountAt, 100'000);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "100000 events and 0 strings cannot fit in");
  PatchU32(&bytes, HeaderSize() + kStringCountAt, 0xffffffff);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "string count 4294967295 exceeds the maximum");
}

TEST_F(Malformed, EventCountMustMatchTheBody) {
  std::string bytes = ValidFile();
  // The kind column holds a byte an event, so its size says how many the body holds.
  PatchU32(&bytes, HeaderSize() + kEventCountAt, 1);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "the kind column holds 2 bytes for 1 events");
  PatchU32(&bytes, HeaderSize() + kEventCountAt, 3);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "the kind column holds 2 bytes for 3 events");
  // In a version 4 file (rows) only the decoding itself can tell.
  const std::vector<Event> events = TwoSwitches();
  TraceTrailer trailer;
  trailer.event_count = 2;
  trailer.chunk_count = 1;
  std::string rows = HeaderBytes(SampleHeader(), 4) +
                     ChunkBytes(BodyBytes({}, events, 4), HeaderFor(events, 0, 1)) +
                     TrailerBytes(trailer);
  ASSERT_TRUE(ReadBytes(rows).ok());
  PatchU32(&rows, HeaderSize() + kEventCountAt, 1);
  ExpectRejected(rows, absl::StatusCode::kDataLoss, "bytes follow the last of the 1 events");
  PatchU32(&rows, HeaderSize() + kEventCountAt, 3);
  ExpectRejected(rows, absl::StatusCode::kDataLoss, "event 2 at body offset");
}

TEST_F(Malformed, ChunkChecksum) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kCrcAt, 0x12345678);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "checksum mismatch (stored 12345678");
}

TEST_F(Malformed, ChunkHeaderFieldsAreCrossChecked) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kReservedAt, 1);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "reserved field is 1, not 0");

  bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kFirstStringIdAt, 7);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "first string id 7 should be 1");

  bytes = ValidFile();
  PatchU64(&bytes, HeaderSize() + kFirstTsAt, 5000);  // after last_ts
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "time range 5000..2000 is invalid");

  bytes = ValidFile();
  PatchU64(&bytes, HeaderSize() + kFirstTsAt, 1500);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "differs from the chunk's last_ts 2000");

  bytes = ValidFile();
  PatchU32(&bytes, HeaderSize(), 0x4b4e4844);  // "DHNK"
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "bad magic \"DHNK\"");
}

TEST_F(Malformed, EmptyChunkIsRejected) {
  ExpectRejected(FileWithBody("", ChunkHeader{}), absl::StatusCode::kDataLoss,
                 "holds no events and no strings");
}

// A version 5 body holding one event, each column's bytes given raw: the six column sizes,
// then the columns (kind, ts delta 0, cpu, tid, pid (delta 0 unless given), payload).
std::string RawColumns(uint8_t kind, std::string_view cpu, std::string_view tid,
                       std::string_view payload, std::string_view pid = std::string_view("\0", 1)) {
  const std::string columns[] = {std::string(1, static_cast<char>(kind)),
                                 std::string(1, '\0'),
                                 std::string(cpu),
                                 std::string(tid),
                                 std::string(pid),
                                 std::string(payload)};
  std::vector<uint8_t> out;
  ByteWriter w(&out);
  for (const std::string& c : columns) w.PutVarint(c.size());
  for (const std::string& c : columns) w.PutBytes(c);
  return std::string(out.begin(), out.end());
}

std::string Varint(uint64_t v) {
  std::vector<uint8_t> out;
  ByteWriter(&out).PutVarint(v);
  return std::string(out.begin(), out.end());
}

// The same with cpu and tid encoded (the tid as its change from 0, the CPU's first).
std::string RawEvent(uint8_t kind, uint64_t cpu, uint32_t tid, std::string_view payload) {
  return RawColumns(kind, Varint(cpu), Varint(ZigzagEncode(tid)), payload);
}

// Where RawEvent's columns start in the body: after the six one-byte sizes.
constexpr size_t kKindAt = 6;

ChunkHeader OneEventAt(uint64_t ts, uint32_t strings = 0) {
  ChunkHeader c;
  c.event_count = 1;
  c.string_count = strings;
  c.first_string_id = 1;
  c.first_ts_ns = c.last_ts_ns = ts;
  return c;
}

TEST_F(Malformed, UnknownEventKind) {
  ExpectRejected(FileWithBody(RawEvent(99, 0, 1, "\x01\x01"), OneEventAt(0)),
                 absl::StatusCode::kDataLoss,
                 absl::StrCat("event 0 at body offset ", kKindAt, ": unknown event kind 99"));
  ExpectRejected(FileWithBody(RawEvent(0, 0, 1, "\x01\x01"), OneEventAt(0)),
                 absl::StatusCode::kDataLoss, "unknown event kind 0");
}

// A version 5 body: the six column sizes must describe exactly the bytes that follow them,
// the kind column one byte an event, and each column must end with the last event.
TEST_F(Malformed, EventColumnsMustFitTheBody) {
  const std::string good = RawEvent(13, 0, 1, "\x01");  // lost, count 1
  ASSERT_TRUE(ReadBytes(FileWithBody(good, OneEventAt(0))).ok());
  ExpectRejected(FileWithBody(good + "x", OneEventAt(0)), absl::StatusCode::kDataLoss,
                 "the event columns' sizes add up to 6 bytes, but 7 follow them");
  // A string and no events (the reader's own size check lets such a short body through).
  ChunkHeader one_string;
  one_string.string_count = 1;
  one_string.first_string_id = 1;
  ExpectRejected(FileWithBody("\x01s" + good.substr(0, 2), one_string), absl::StatusCode::kDataLoss,
                 "the cpu column's size at body offset 4: unexpected end of data");
  ChunkHeader two = OneEventAt(0);
  two.event_count = 2;
  ExpectRejected(FileWithBody(good, two), absl::StatusCode::kDataLoss,
                 "the kind column holds 1 bytes for 2 events");
  ExpectRejected(FileWithBody(RawEvent(13, 0, 1, "\x01\x01"), OneEventAt(0)),
                 absl::StatusCode::kDataLoss,
                 "1 bytes follow the last of the 1 events in the payload column");
  // A column that ends early: the lost count is missing from the payload column.
  ExpectRejected(FileWithBody(RawEvent(13, 0, 1, ""), OneEventAt(0)), absl::StatusCode::kDataLoss,
                 absl::StrCat("event 0 at body offset ", kKindAt + 5, ": lost: unexpected end"));
}

TEST_F(Malformed, VarintOverflow) {
  // An 11-byte varint, then a 10-byte one whose last byte carries more than the top bit.
  const std::string eleven(10, '\xff');
  ExpectRejected(FileWithBody(RawEvent(13, 0, 1, eleven + "\x01"), OneEventAt(0)),
                 absl::StatusCode::kDataLoss, "lost: varint longer than 64 bits");
  const std::string too_big = std::string(9, '\xff') + "\x02";
  ExpectRejected(FileWithBody(RawEvent(13, 0, 1, too_big), OneEventAt(0)),
                 absl::StatusCode::kDataLoss, "varint longer than 64 bits");
  // A tid needing more than 32 bits: its change from 0, 2^32 zigzagged. The message gives the
  // tid's own offset, in the tid column (after the kind, ts and cpu columns' one byte each).
  ExpectRejected(
      FileWithBody(RawColumns(13, Varint(0), Varint(uint64_t{1} << 33), "\x01"), OneEventAt(0)),
      absl::StatusCode::kDataLoss,
      absl::StrCat("event 0 at body offset ", kKindAt + 3,
                   ": value does not fit in a 32-bit signed field"));
}

// A pid is tid plus the CPU's last pid - tid plus the stored change: each step is checked, so
// no change, however large, wraps around into a valid-looking pid.
TEST_F(Malformed, PidChangesMustKeepThePidIn32Bits) {
  const auto pid_change = [](int64_t d) { return Varint(ZigzagEncode(d)); };
  const auto file = [&](int32_t tid, int64_t change) {
    return FileWithBody(
        RawColumns(13, Varint(0), Varint(ZigzagEncode(tid)), "\x01", pid_change(change)),
        OneEventAt(0));
  };
  ASSERT_TRUE(ReadBytes(file(1, 41)).ok());  // pid 42
  ExpectRejected(file(1, std::numeric_limits<int32_t>::max()), absl::StatusCode::kDataLoss,
                 absl::StrCat("event 0 at body offset ", kKindAt + 4,
                              ": value does not fit in a 32-bit signed field"));
  ExpectRejected(file(-5, std::numeric_limits<int64_t>::min() / 2), absl::StatusCode::kDataLoss,
                 "value does not fit in a 32-bit signed field");
}

TEST_F(Malformed, CpuMustBeBelowTheHeadersCpuCount) {
  ExpectRejected(FileWithBody(RawEvent(13, 4, 1, "\x01"), OneEventAt(0)),
                 absl::StatusCode::kDataLoss, "cpu 4 is not below the CPU count 4");
  TraceHeader any_cpus = SampleHeader();
  any_cpus.cpu_count = 0;
  EXPECT_TRUE(ReadBytes(FileWithBody(RawEvent(13, 4095, 1, "\x01"), OneEventAt(0), any_cpus)).ok());
  ExpectRejected(FileWithBody(RawEvent(13, 4096, 1, "\x01"), OneEventAt(0), any_cpus),
                 absl::StatusCode::kDataLoss, "cpu 4096 is not below the CPU count 4096");
  // A wakeup's target cpu (stored as a delta from cpu) is checked the same way.
  ExpectRejected(FileWithBody(RawEvent(3, 1, 1, std::string("\x00\x00\x06", 3)), OneEventAt(0)),
                 absl::StatusCode::kDataLoss, "wakeup target_cpu 4 is not below the CPU count 4");
}

TEST_F(Malformed, StringIdsMustBeInTheTable) {
  // A rename to string id 2 when the table holds "" and one chunk string.
  std::vector<uint8_t> strings;
  ByteWriter(&strings).PutStringVarint("name");
  const std::string body = std::string(strings.begin(), strings.end()) + RawEvent(8, 0, 1, "\x02");
  ExpectRejected(FileWithBody(body, OneEventAt(0, 1)), absl::StatusCode::kDataLoss,
                 "rename comm string id 2 is unknown");
  const std::string ok_body =
      std::string(strings.begin(), strings.end()) + RawEvent(8, 0, 1, "\x01");
  EXPECT_TRUE(ReadBytes(FileWithBody(ok_body, OneEventAt(0, 1))).ok());
}

TEST_F(Malformed, StringLengthsAreBounded) {
  std::vector<uint8_t> body;
  ByteWriter w(&body);
  w.PutVarint((1u << 20) + 1);
  w.PutBytes(std::string((1u << 20) + 1, 's'));
  ChunkHeader c;
  c.string_count = 1;
  c.first_string_id = 1;
  ExpectRejected(FileWithBody(std::string(body.begin(), body.end()), c),
                 absl::StatusCode::kDataLoss, "string 1 at body offset 0: string length exceeds");
  // A length running past the body.
  ExpectRejected(FileWithBody("\x05"
                              "abc",
                              c),
                 absl::StatusCode::kDataLoss, "unexpected end of data");
}

TEST_F(Malformed, TimestampsMustNotGoBackwards) {
  std::vector<Event> events = TwoSwitches();
  ChunkHeader c = HeaderFor(events, 0, 1);
  // Swap the order without fixing the deltas: encode the later one first.
  std::swap(events[0], events[1]);
  std::vector<uint8_t> raw;
  EncodeEvents(events, events.front().ts_ns, &raw);
  c.first_ts_ns = 2000;
  c.last_ts_ns = 2000;
  ExpectRejected(FileWithBody(std::string(raw.begin(), raw.end()), c), absl::StatusCode::kDataLoss,
                 "timestamp 1000 is before the previous 2000");
}

TEST_F(Malformed, FlagFieldsAreZeroOrOne) {
  // sched_switch: prev_state 1, preempt 2, prev_syscall -1, next_tid delta 0, next_pid delta 0.
  ExpectRejected(
      FileWithBody(RawEvent(1, 0, 1, std::string("\x01\x02\x01\x00\x00", 5)), OneEventAt(0)),
      absl::StatusCode::kDataLoss, "sched_switch preempt 2 is not 0 or 1");
}

TEST_F(Malformed, DeltaFieldsMustFitIn32Bits) {
  // next_tid = tid + 2^31 overflows int32.
  std::vector<uint8_t> payload;
  ByteWriter w(&payload);
  w.PutVarint(1);
  w.PutVarint(0);
  w.PutZigzag(-1);
  w.PutZigzag(int64_t{1} << 31);
  w.PutZigzag(0);
  ExpectRejected(
      FileWithBody(RawEvent(1, 0, 1, std::string(payload.begin(), payload.end())), OneEventAt(0)),
      absl::StatusCode::kDataLoss, "sched_switch: value does not fit in a 32-bit");
}

TEST_F(Malformed, TrailerLostPerCpuIsBounded) {
  std::string bytes = ValidFile();
  const size_t trailer_at = bytes.size() - TrailerBytes(TraceTrailer{2, 2, 1, {}, ""}).size();
  std::string head = bytes.substr(0, trailer_at);
  // Hand-build a trailer claiming 5000 lost_per_cpu entries (the header says 4 CPUs).
  std::vector<uint8_t> payload;
  ByteWriter p(&payload);
  p.PutU64(0);
  p.PutU64(2);
  p.PutU64(1);
  p.PutU32(5000);
  std::vector<uint8_t> trailer;
  ByteWriter t(&trailer);
  t.PutU32(kTrailerMagic);
  t.PutU32(static_cast<uint32_t>(payload.size()));
  t.PutBytes(std::string(payload.begin(), payload.end()));
  t.PutU32(Crc32(std::string(payload.begin(), payload.end())));
  t.PutU32(static_cast<uint32_t>(12 + payload.size()));
  t.PutBytes(kEndMagic);
  ExpectRejected(head + std::string(trailer.begin(), trailer.end()), absl::StatusCode::kDataLoss,
                 "trailer lost_per_cpu has 5000 entries, more than the 4 CPUs");
}

TEST_F(Malformed, TrailerLengthIsBounded) {
  std::string bytes = ValidFile();
  const size_t trailer_at = bytes.size() - TrailerBytes(TraceTrailer{}).size();
  PatchU32(&bytes, trailer_at + 4, 0xfffffff0);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss, "length 4294967280 exceeds the 1048576-byte");
}

TEST_F(Malformed, TrailerCountsMustMatchTheFile) {
  const std::vector<Event> events = TwoSwitches();
  TraceTrailer trailer;
  trailer.event_count = 3;
  trailer.chunk_count = 1;
  const std::string bytes = HeaderBytes(SampleHeader()) +
                            ChunkBytes(BodyBytes({}, events), HeaderFor(events, 0, 1)) +
                            TrailerBytes(trailer);
  ExpectRejected(bytes, absl::StatusCode::kDataLoss,
                 "it counts 3 events in 1 chunks, but the file has 2 events in 1 chunks");
}

TEST_F(Malformed, TrailerChecksumAndFooter) {
  std::string bytes = ValidFile();
  const size_t trailer_at = bytes.size() - TrailerBytes(TraceTrailer{}).size();
  std::string bad_crc = bytes;
  bad_crc[trailer_at + 8] ^= 1;  // first payload byte
  ExpectRejected(bad_crc, absl::StatusCode::kDataLoss, "trailer at offset");
  std::string bad_end = bytes;
  bad_end[bad_end.size() - 1] ^= 1;
  ExpectRejected(bad_end, absl::StatusCode::kDataLoss, "bad footer");
}

TEST_F(Malformed, BytesAfterTheTrailer) {
  ExpectRejected(ValidFile() + "junk", absl::StatusCode::kDataLoss,
                 "4 bytes follow the end of the trace");
}

TEST_F(Malformed, AnErrorIsStickyAcrossNextChunkCalls) {
  std::string bytes = ValidFile();
  PatchU32(&bytes, HeaderSize() + kCrcAt, 0);
  const std::string path = dir_.File("sticky.ctrace");
  testing::WriteFile(path, bytes);
  auto reader = TraceReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::vector<Event> events;
  const auto first = (*reader)->NextChunk(&events);
  const auto second = (*reader)->NextChunk(&events);
  EXPECT_FALSE(first.ok());
  EXPECT_EQ(first.status(), second.status());
}

}  // namespace
}  // namespace ctrace
