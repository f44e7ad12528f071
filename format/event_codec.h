// Encoding of one chunk's body: the strings first defined in the chunk, then its events,
// compact and delta-encoded (layout in docs/trace-format.md). The reader's hot loop is
// DecodeChunkBody; it allocates nothing per event.
#ifndef CTRACE_FORMAT_EVENT_CODEC_H_
#define CTRACE_FORMAT_EVENT_CODEC_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "format/event.h"
#include "format/file_layout.h"
#include "format/trace_file_codec.h"

namespace ctrace {

// The largest encoded event (a syscall_enter with every varint at its longest): kind 1,
// ts 10, cpu 2, tid 5, pid 5, nr 5, three args 30, two string ids 10. A version 2 switch
// with its two syscall arguments, an exit with its title or an address_name comes to at
// most 65.
inline constexpr size_t kMaxEncodedEventSize = 68;

// What an event's fields are checked against.
struct EventLimits {
  uint32_t cpu_limit = 0;     // cpu fields must be below this (see CpuLimit)
  uint64_t string_count = 0;  // string ids must be below this
};

// Checks one event's fields: a known kind, cpu fields in [0, cpu_limit), flag fields 0 or 1,
// string ids in the table. The writer checks every event it is given, so it never writes
// a file its own reader rejects; the reader checks every event it decodes.
absl::Status ValidateEvent(const Event& event, const EventLimits& limits);

// Appends each string as a varint length and its bytes.
void EncodeStrings(std::span<const std::string> strings, std::vector<uint8_t>* out);

// The columns a chunk's events are stored in from format version 5 on, in file order: one
// field of every event after another, so that zstd finds long repeats in each (the storm's
// rows differed only in their timestamps, which cut every match short: compressing them was
// two thirds of the recorder's writing thread).
enum EventColumn : size_t {
  kKindColumn,
  kTsColumn,
  kCpuColumn,
  kTidColumn,
  kPidColumn,
  kPayloadColumn,
  kEventColumnCount
};

// The thread of a CPU's last event in a chunk: columns store an event's tid as the change from
// that tid, and its pid - tid as the change from that pid - tid.
struct CpuThread {
  int32_t tid = 0;
  int64_t pid_offset = 0;  // pid - tid
};

// Encodes a chunk's events as format version 5 columns. Keeps its buffers from chunk to chunk,
// so encoding allocates nothing once they have grown.
class EventEncoder {
 public:
  // Appends `events` (sorted by ts_ns), the first ts relative to `first_ts_ns`.
  void Encode(std::span<const Event> events, uint64_t first_ts_ns, std::vector<uint8_t>* out);

 private:
  struct Column {
    std::unique_ptr<uint8_t[]> data;
    size_t capacity = 0;
    // Room for `bytes`, not initialized.
    uint8_t* Reserve(size_t bytes);
  };
  std::array<Column, kEventColumnCount> columns_;
  std::array<CpuThread, kMaxCpuCount> last_{};  // each CPU's last thread, within the chunk
};

// EventEncoder().Encode(...), for a single use.
void EncodeEvents(std::span<const Event> events, uint64_t first_ts_ns, std::vector<uint8_t>* out);

// Appends `events` in the row layout of format versions 1-4 (each event's fields together):
// for tests of reading old files; the writer writes the current version only.
void EncodeEventRows(std::span<const Event> events, uint64_t first_ts_ns,
                     std::vector<uint8_t>* out);

// Decodes a whole chunk body described by `chunk`, laid out as format `version` has it:
// appends its strings to *strings (whose size must be chunk.first_string_id), then replaces
// *events with its events. Checks every field, that timestamps never decrease and match
// chunk.first_ts_ns/last_ts_ns, and that the body holds exactly the declared strings and
// events. On error the message says what and where ("event 17 at body offset 301: unknown
// event kind 99"). Fields a version does not have are zero.
absl::Status DecodeChunkBody(std::string_view body, const ChunkHeader& chunk, uint32_t cpu_limit,
                             uint32_t version, std::vector<std::string>* strings,
                             std::vector<Event>* events);

}  // namespace ctrace

#endif  // CTRACE_FORMAT_EVENT_CODEC_H_
