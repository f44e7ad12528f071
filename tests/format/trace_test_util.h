// Helpers shared by the format tests: event comparison and printing, sample events, reading
// and writing files (each test keeps its own in a TempDir, tests/support/temp_dir.h), and a
// builder of raw (possibly malformed) trace files from the layout's pieces.
#ifndef CTRACE_TESTS_FORMAT_TRACE_TEST_UTIL_H_
#define CTRACE_TESTS_FORMAT_TRACE_TEST_UTIL_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "format/event.h"
#include "format/trace_file.h"
#include "format/trace_file_codec.h"
#include "tests/support/event_builders.h"

namespace ctrace {

// Field-by-field equality of the common fields and the payload `kind` selects.
bool operator==(const Event& a, const Event& b);
void PrintTo(const Event& e, std::ostream* os);

namespace testing {

void WriteFile(const std::string& path, std::string_view bytes);
std::string ReadFile(const std::string& path);

TraceHeader SampleHeader();

// Events of every kind with distinctive values, on cpus below 4, using string ids below
// `string_count`; timestamps increase from `start_ts` in steps of 1000.
std::vector<Event> OneOfEachKind(uint64_t start_ts, uint32_t string_count);

// The switch most format tests write: `prev` (its own process) blocks in read, `next` (its
// own process) runs.
inline Event Switch(uint64_t ts, uint16_t cpu, int32_t prev, int32_t next) {
  return Switch(ts, cpu, prev, prev, kTaskInterruptible, next, next, false, syscall_nr::kRead);
}

// --- raw file building, for malformed files ---

// The encoded file header for `header`.
std::string HeaderBytes(const TraceHeader& header);
// The same, claiming format `version` (for files of older versions).
std::string HeaderBytes(const TraceHeader& header, uint32_t version);
// A whole chunk: header fields from `chunk` with compressed_size, uncompressed_size and crc32
// filled in for `body`, which is zstd-compressed.
std::string ChunkBytes(std::string_view body, ChunkHeader chunk);
// The trailer and footer.
std::string TrailerBytes(const TraceTrailer& trailer);
// The body holding `strings` then `events` (sorted), as the writer encodes it, or as format
// `version` laid it out (rows before version 5).
std::string BodyBytes(const std::vector<std::string>& strings, const std::vector<Event>& events,
                      uint32_t version = kTraceFormatVersion);
// A ChunkHeader describing `events` and `string_count` strings starting at `first_string_id`.
ChunkHeader HeaderFor(const std::vector<Event>& events, uint32_t string_count,
                      uint32_t first_string_id);

void PatchU32(std::string* bytes, size_t offset, uint32_t value);
void PatchU64(std::string* bytes, size_t offset, uint64_t value);

}  // namespace testing
}  // namespace ctrace

#endif  // CTRACE_TESTS_FORMAT_TRACE_TEST_UTIL_H_
