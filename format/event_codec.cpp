#include "format/event_codec.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "format/byte_reader.h"
#include "format/byte_writer.h"
#include "format/file_layout.h"
#include "format/string_view_compat.h"

namespace ctrace {
namespace {

constexpr const char* kInt32Range = "value does not fit in a 32-bit signed field";

// True if `e` is valid under `limits`; otherwise false, with the reason in *why when
// kExplain. The decoder runs CheckEvent<false> on every event (no message code at all) and
// CheckEvent<true> only to describe a failure.
template <bool kExplain>
[[gnu::always_inline]] inline bool CheckEvent(const Event& e, const EventLimits& limits,
                                              std::string* why) {
  const auto fail = [why](const auto&... parts) {
    if constexpr (kExplain) {
      *why = absl::StrCat(parts...);
    } else {
      (void)why;
      ((void)parts, ...);
    }
    return false;
  };
  const auto cpu_ok = [&limits](int32_t cpu) {
    return cpu >= 0 && static_cast<uint32_t>(cpu) < limits.cpu_limit;
  };
  const auto string_ok = [&limits](uint32_t id) { return id < limits.string_count; };
  const unsigned kind = static_cast<unsigned>(e.kind);
  if (kind == 0 || kind > kMaxEventKind) return fail("unknown event kind ", kind);
  if (e.cpu >= limits.cpu_limit) {
    return fail("cpu ", e.cpu, " is not below the CPU count ", limits.cpu_limit);
  }
  switch (e.kind) {
    case EventKind::kSchedSwitch:
      if (e.sched_switch.preempt > 1) {
        return fail("sched_switch preempt ", static_cast<int>(e.sched_switch.preempt),
                    " is not 0 or 1");
      }
      break;
    case EventKind::kSchedWaking:
    case EventKind::kSchedWakeup:
    case EventKind::kSchedWakeupNew:
      if (!cpu_ok(e.wakeup.target_cpu)) {
        return fail("wakeup target_cpu ", e.wakeup.target_cpu, " is not below the CPU count ",
                    limits.cpu_limit);
      }
      break;
    case EventKind::kProcessFork:
      if (!string_ok(e.fork.comm)) return fail("fork comm string id ", e.fork.comm, " is unknown");
      break;
    case EventKind::kProcessExec:
      if (!string_ok(e.exec.filename)) {
        return fail("exec filename string id ", e.exec.filename, " is unknown");
      }
      if (!string_ok(e.exec.comm)) return fail("exec comm string id ", e.exec.comm, " is unknown");
      if (!string_ok(e.exec.argv)) return fail("exec argv string id ", e.exec.argv, " is unknown");
      break;
    case EventKind::kProcessExit:
      if (e.exit.group_dead > 1) {
        return fail("exit group_dead ", static_cast<int>(e.exit.group_dead), " is not 0 or 1");
      }
      break;
    case EventKind::kTaskRename:
      if (!string_ok(e.rename.comm)) {
        return fail("rename comm string id ", e.rename.comm, " is unknown");
      }
      break;
    case EventKind::kMigrate:
      if (!cpu_ok(e.migrate.orig_cpu) || !cpu_ok(e.migrate.dest_cpu)) {
        return fail("migrate from cpu ", e.migrate.orig_cpu, " to cpu ", e.migrate.dest_cpu,
                    ": not below the CPU count ", limits.cpu_limit);
      }
      break;
    case EventKind::kSyscallEnter:
      if (!string_ok(e.syscall_enter.str)) {
        return fail("syscall_enter str string id ", e.syscall_enter.str, " is unknown");
      }
      break;
    case EventKind::kThreadSnapshot:
      if (!string_ok(e.snapshot.comm)) {
        return fail("thread_snapshot comm string id ", e.snapshot.comm, " is unknown");
      }
      break;
    case EventKind::kTaskCreate:
    case EventKind::kTaskResume:
    case EventKind::kTaskSuspend:
    case EventKind::kTaskEnd:
    case EventKind::kTaskWake:
    case EventKind::kTaskSnapshot: {
      const unsigned source = static_cast<unsigned>(e.task.source);
      if (source == 0 || source > kMaxTaskSource) return fail("unknown task source ", source);
      if (!string_ok(e.task.str)) return fail("task str string id ", e.task.str, " is unknown");
      if (e.kind == EventKind::kTaskSnapshot && !string_ok(e.task.reason)) {
        return fail("task_snapshot reason string id ", e.task.reason, " is unknown");
      }
      break;
    }
    case EventKind::kAddressName:
      if (!string_ok(e.address_name.name) || !string_ok(e.address_name.object)) {
        return fail("address_name string ids ", e.address_name.name, " and ", e.address_name.object,
                    ": not both known");
      }
      break;
    case EventKind::kSyscallExit:
    case EventKind::kLost:
      break;
  }
  if (e.kind == EventKind::kProcessExit && !string_ok(e.exit.title)) {
    return fail("exit title string id ", e.exit.title, " is unknown");
  }
  return true;
}

// --- field readers: each returns false with the reason recorded in the ByteReader ---

[[gnu::always_inline]] inline bool ReadI32(ByteReader& r, int32_t* out) {
  int64_t v;
  if (!r.ReadZigzag(&v)) return false;
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return r.Fail(kInt32Range);
  }
  *out = static_cast<int32_t>(v);
  return true;
}

// A signed 32-bit field stored as a zigzag delta from `base` (an int32, or in columns a pid's
// tid plus the CPU's last pid - tid, which is within 2^33).
[[gnu::always_inline]] inline bool ReadI32Delta(ByteReader& r, int64_t base, int32_t* out) {
  int64_t d;
  if (!r.ReadZigzag(&d)) return false;
  // Keeps base + d from overflowing; a larger delta could not land in int32 range anyway.
  constexpr int64_t kMaxDelta = int64_t{1} << 40;
  if (d < -kMaxDelta || d > kMaxDelta) return r.Fail(kInt32Range);
  const int64_t v = base + d;
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return r.Fail(kInt32Range);
  }
  *out = static_cast<int32_t>(v);
  return true;
}

[[gnu::always_inline]] inline bool ReadU8Varint(ByteReader& r, uint8_t* out) {
  uint64_t v;
  if (!r.ReadVarint(&v)) return false;
  if (v > 0xff) return r.Fail("flag value does not fit in 8 bits");
  *out = static_cast<uint8_t>(v);
  return true;
}

// Decodes the kind-specific fields of `e` (whose kind, cpu, tid and pid are set), as format
// `version` lays them out.
[[gnu::always_inline]] inline bool DecodePayload(ByteReader& r, Event& e, uint32_t version) {
  switch (e.kind) {
    case EventKind::kSchedSwitch: {
      SwitchPayload& p = e.sched_switch;
      if (!r.ReadVarint32(&p.prev_state) || !ReadU8Varint(r, &p.preempt) ||
          !ReadI32(r, &p.prev_syscall) || !ReadI32Delta(r, e.tid, &p.next_tid) ||
          !ReadI32Delta(r, p.next_tid, &p.next_pid)) {
        return false;
      }
      p.wait_args[0] = p.wait_args[1] = 0;
      if (version < 2 || p.prev_syscall < 0) return true;
      return r.ReadZigzag(&p.wait_args[0]) && r.ReadZigzag(&p.wait_args[1]);
    }
    case EventKind::kSchedWaking:
    case EventKind::kSchedWakeup:
    case EventKind::kSchedWakeupNew: {
      WakeupPayload& p = e.wakeup;
      return ReadI32Delta(r, e.tid, &p.waker_tid) && ReadI32Delta(r, p.waker_tid, &p.waker_pid) &&
             ReadI32Delta(r, e.cpu, &p.target_cpu);
    }
    case EventKind::kProcessFork: {
      ForkPayload& p = e.fork;
      return ReadI32Delta(r, e.tid, &p.parent_tid) &&
             ReadI32Delta(r, p.parent_tid, &p.parent_pid) && r.ReadVarint32(&p.comm);
    }
    case EventKind::kProcessExec: {
      ExecPayload& p = e.exec;
      return ReadI32Delta(r, e.tid, &p.old_tid) && r.ReadVarint32(&p.filename) &&
             r.ReadVarint32(&p.comm) && r.ReadVarint32(&p.argv);
    }
    case EventKind::kProcessExit: {
      ExitPayload& p = e.exit;
      p.title = kEmptyString;
      return ReadI32(r, &p.exit_code) && ReadU8Varint(r, &p.group_dead) &&
             r.ReadVarint(&p.voluntary_switches) && r.ReadVarint(&p.involuntary_switches) &&
             r.ReadVarint(&p.cpu_time_ns) && (version < 2 || r.ReadVarint32(&p.title));
    }
    case EventKind::kTaskRename:
      return r.ReadVarint32(&e.rename.comm);
    case EventKind::kMigrate:
      return ReadI32(r, &e.migrate.orig_cpu) && ReadI32(r, &e.migrate.dest_cpu);
    case EventKind::kSyscallEnter: {
      SyscallEnterPayload& p = e.syscall_enter;
      return ReadI32(r, &p.nr) && r.ReadZigzag(&p.args[0]) && r.ReadZigzag(&p.args[1]) &&
             r.ReadZigzag(&p.args[2]) && r.ReadVarint32(&p.str);
    }
    case EventKind::kSyscallExit:
      return ReadI32(r, &e.syscall_exit.nr) && r.ReadZigzag(&e.syscall_exit.ret);
    case EventKind::kThreadSnapshot:
      return ReadI32Delta(r, e.pid, &e.snapshot.ppid) && r.ReadVarint32(&e.snapshot.comm);
    case EventKind::kLost:
      return r.ReadVarint(&e.lost.count);
    case EventKind::kTaskCreate:
    case EventKind::kTaskResume:
    case EventKind::kTaskSuspend:
    case EventKind::kTaskEnd:
    case EventKind::kTaskWake:
    case EventKind::kTaskSnapshot: {
      TaskPayload& p = e.task;
      uint8_t source;
      if (!r.ReadVarint(&p.id) || !r.ReadVarint(&p.other) || !r.ReadVarint32(&p.str) ||
          !ReadU8Varint(r, &source)) {
        return false;
      }
      p.source = static_cast<TaskSource>(source);
      p.state = 0;
      p.reason = kEmptyString;
      if (e.kind != EventKind::kTaskSnapshot) return true;
      return ReadU8Varint(r, &p.state) && r.ReadVarint32(&p.reason);
    }
    case EventKind::kAddressName: {
      AddressNamePayload& p = e.address_name;
      return r.ReadVarint(&p.address) && r.ReadVarint32(&p.name) && r.ReadVarint32(&p.object);
    }
  }
  return r.Fail("unknown event kind");
}

template <typename Writer>
void EncodePayload(Writer& w, const Event& e) {
  // Deltas are computed in 64 bits: two int32s never overflow there.
  const auto delta = [](int32_t v, int32_t base) {
    return static_cast<int64_t>(v) - static_cast<int64_t>(base);
  };
  switch (e.kind) {
    case EventKind::kSchedSwitch: {
      const SwitchPayload& p = e.sched_switch;
      w.PutVarint(p.prev_state);
      w.PutVarint(p.preempt);
      w.PutZigzag(p.prev_syscall);
      w.PutZigzag(delta(p.next_tid, e.tid));
      w.PutZigzag(delta(p.next_pid, p.next_tid));
      if (p.prev_syscall >= 0) {
        w.PutZigzag(p.wait_args[0]);
        w.PutZigzag(p.wait_args[1]);
      }
      return;
    }
    case EventKind::kSchedWaking:
    case EventKind::kSchedWakeup:
    case EventKind::kSchedWakeupNew: {
      const WakeupPayload& p = e.wakeup;
      w.PutZigzag(delta(p.waker_tid, e.tid));
      w.PutZigzag(delta(p.waker_pid, p.waker_tid));
      w.PutZigzag(delta(p.target_cpu, e.cpu));
      return;
    }
    case EventKind::kProcessFork: {
      const ForkPayload& p = e.fork;
      w.PutZigzag(delta(p.parent_tid, e.tid));
      w.PutZigzag(delta(p.parent_pid, p.parent_tid));
      w.PutVarint(p.comm);
      return;
    }
    case EventKind::kProcessExec: {
      const ExecPayload& p = e.exec;
      w.PutZigzag(delta(p.old_tid, e.tid));
      w.PutVarint(p.filename);
      w.PutVarint(p.comm);
      w.PutVarint(p.argv);
      return;
    }
    case EventKind::kProcessExit: {
      const ExitPayload& p = e.exit;
      w.PutZigzag(p.exit_code);
      w.PutVarint(p.group_dead);
      w.PutVarint(p.voluntary_switches);
      w.PutVarint(p.involuntary_switches);
      w.PutVarint(p.cpu_time_ns);
      w.PutVarint(p.title);
      return;
    }
    case EventKind::kTaskRename:
      w.PutVarint(e.rename.comm);
      return;
    case EventKind::kMigrate:
      w.PutZigzag(e.migrate.orig_cpu);
      w.PutZigzag(e.migrate.dest_cpu);
      return;
    case EventKind::kSyscallEnter: {
      const SyscallEnterPayload& p = e.syscall_enter;
      w.PutZigzag(p.nr);
      for (int64_t arg : p.args) w.PutZigzag(arg);
      w.PutVarint(p.str);
      return;
    }
    case EventKind::kSyscallExit:
      w.PutZigzag(e.syscall_exit.nr);
      w.PutZigzag(e.syscall_exit.ret);
      return;
    case EventKind::kThreadSnapshot:
      w.PutZigzag(delta(e.snapshot.ppid, e.pid));
      w.PutVarint(e.snapshot.comm);
      return;
    case EventKind::kLost:
      w.PutVarint(e.lost.count);
      return;
    case EventKind::kTaskCreate:
    case EventKind::kTaskResume:
    case EventKind::kTaskSuspend:
    case EventKind::kTaskEnd:
    case EventKind::kTaskWake:
    case EventKind::kTaskSnapshot:
      w.PutVarint(e.task.id);
      w.PutVarint(e.task.other);
      w.PutVarint(e.task.str);
      w.PutVarint(static_cast<uint8_t>(e.task.source));
      if (e.kind == EventKind::kTaskSnapshot) {
        w.PutVarint(e.task.state);
        w.PutVarint(e.task.reason);
      }
      return;
    case EventKind::kAddressName:
      w.PutVarint(e.address_name.address);
      w.PutVarint(e.address_name.name);
      w.PutVarint(e.address_name.object);
      return;
  }
}

}  // namespace

namespace {

// Kept out of ValidateEvent: the message code's stack frame (1.5 KB of StrCat buffers, set
// up on every call) made ValidateEvent 21% of the recorder's CPU during an event storm.
[[gnu::noinline, gnu::cold]] absl::Status ExplainInvalidEvent(const Event& event,
                                                              const EventLimits& limits) {
  std::string why;
  CheckEvent<true>(event, limits, &why);
  return absl::InvalidArgumentError(why);
}

}  // namespace

// True for a valid event of the kinds that make up almost every trace (switches, wakeups,
// syscall enters and exits), computed without a branch on the kind: a stream of those kinds
// in no predictable order made CheckEvent's switch mispredict (ValidateEvent was 16% of
// BM_WriteStorm, perf record). False means only "not known valid yet": CheckEvent decides.
// Each payload field is read whatever the kind; the comparisons of the wrong kind's are
// discarded.
[[gnu::always_inline]] inline bool CommonKindValid(const Event& e, const EventLimits& limits) {
  const EventKind kind = e.kind;
  const bool cpu_ok = e.cpu < limits.cpu_limit;
  const bool wakeup = (kind == EventKind::kSchedWaking) | (kind == EventKind::kSchedWakeup) |
                      (kind == EventKind::kSchedWakeupNew);
  const bool valid =
      (kind == EventKind::kSyscallExit) |
      ((kind == EventKind::kSyscallEnter) & (e.syscall_enter.str < limits.string_count)) |
      ((kind == EventKind::kSchedSwitch) & (e.sched_switch.preempt <= 1)) |
      (wakeup & (static_cast<uint32_t>(e.wakeup.target_cpu) < limits.cpu_limit));  // < 0 too
  return cpu_ok & valid;
}

absl::Status ValidateEvent(const Event& event, const EventLimits& limits) {
  if (CommonKindValid(event, limits) || CheckEvent<false>(event, limits, nullptr)) [[likely]] {
    return absl::OkStatus();
  }
  return ExplainInvalidEvent(event, limits);
}

void EncodeStrings(std::span<const std::string> strings, std::vector<uint8_t>* out) {
  ByteWriter w(out);
  for (const std::string& s : strings) w.PutStringVarint(s);
}

void EncodeEventRows(std::span<const Event> events, uint64_t first_ts_ns,
                     std::vector<uint8_t>* out) {
  // In batches: room for a batch at its largest, written without a check per byte, then cut
  // to what was written.
  constexpr size_t kBatch = 1024;
  uint64_t prev_ts = first_ts_ns;
  for (size_t begin = 0; begin < events.size(); begin += kBatch) {
    const std::span<const Event> batch =
        events.subspan(begin, std::min(kBatch, events.size() - begin));
    const size_t old_size = out->size();
    out->resize(old_size + batch.size() * kMaxEncodedEventSize);
    RawByteWriter w(out->data() + old_size);
    for (const Event& e : batch) {
      w.PutU8(static_cast<uint8_t>(e.kind));
      // Modular difference: exact for any pair of u64 timestamps.
      w.PutZigzag(static_cast<int64_t>(e.ts_ns - prev_ts));
      prev_ts = e.ts_ns;
      w.PutVarint(e.cpu);
      w.PutVarint(static_cast<uint32_t>(e.tid));
      w.PutZigzag(static_cast<int64_t>(e.pid) - static_cast<int64_t>(e.tid));
      EncodePayload(w, e);
    }
    out->resize(static_cast<size_t>(w.position() - out->data()));
  }
}

uint8_t* EventEncoder::Column::Reserve(size_t bytes) {
  if (bytes > capacity) {
    data.reset(new uint8_t[bytes]);  // uninitialized: every byte used is written first
    capacity = bytes;
  }
  return data.get();
}

void EventEncoder::Encode(std::span<const Event> events, uint64_t first_ts_ns,
                          std::vector<uint8_t>* out) {
  const size_t n = events.size();
  // Each column at its largest: a kind byte; a ts delta, a cpu, tid and pid varint at their
  // longest; a payload no longer than a whole row-encoded event.
  RawByteWriter kinds(columns_[kKindColumn].Reserve(n));
  RawByteWriter ts(columns_[kTsColumn].Reserve(n * kMaxVarintBytes));
  RawByteWriter cpus(columns_[kCpuColumn].Reserve(n * 3));
  RawByteWriter tids(columns_[kTidColumn].Reserve(n * 5));
  RawByteWriter pids(columns_[kPidColumn].Reserve(n * 5));
  RawByteWriter payloads(columns_[kPayloadColumn].Reserve(n * kMaxEncodedEventSize));
  std::fill(last_.begin(), last_.end(), CpuThread{});
  uint64_t prev_ts = first_ts_ns;
  for (const Event& e : events) {
    kinds.PutU8(static_cast<uint8_t>(e.kind));
    // Sorted, so never negative; the modular difference keeps any u64 pair exact.
    ts.PutVarint(e.ts_ns - prev_ts);
    prev_ts = e.ts_ns;
    cpus.PutVarint(e.cpu);
    // A CPU runs the same thread for many events in a row: both deltas are usually 0. (A cpu
    // beyond the table is invalid, and refused before anything is encoded: it starts from 0.)
    CpuThread unused;
    CpuThread& last = e.cpu < last_.size() ? last_[e.cpu] : unused;
    const int64_t pid_offset = static_cast<int64_t>(e.pid) - e.tid;
    tids.PutZigzag(static_cast<int64_t>(e.tid) - last.tid);
    pids.PutZigzag(pid_offset - last.pid_offset);
    last = {e.tid, pid_offset};
    EncodePayload(payloads, e);
  }
  const std::array<const uint8_t*, kEventColumnCount> ends = {
      kinds.position(), ts.position(),   cpus.position(),
      tids.position(),  pids.position(), payloads.position()};
  std::array<size_t, kEventColumnCount> sizes;
  ByteWriter w(out);
  size_t total = 0;
  for (size_t c = 0; c < kEventColumnCount; ++c) {
    sizes[c] = static_cast<size_t>(ends[c] - columns_[c].data.get());
    w.PutVarint(sizes[c]);
    total += sizes[c];
  }
  const size_t at = out->size();
  out->resize(at + total);
  uint8_t* dst = out->data() + at;
  for (size_t c = 0; c < kEventColumnCount; ++c) {
    std::memcpy(dst, columns_[c].data.get(), sizes[c]);
    dst += sizes[c];
  }
}

void EncodeEvents(std::span<const Event> events, uint64_t first_ts_ns, std::vector<uint8_t>* out) {
  EventEncoder().Encode(events, first_ts_ns, out);
}

namespace {

constexpr std::array<const char*, kEventColumnCount> kColumnNames = {"kind", "ts",  "cpu",
                                                                     "tid",  "pid", "payload"};

// Where each field of the events is read from: one reader for all of them in the row layout
// (versions 1-4), one per column from version 5 on.
struct EventSources {
  static constexpr size_t kCount = kEventColumnCount;
  std::array<ByteReader, kCount> readers;
  std::array<size_t, kCount> body_offsets{};  // where each reader's bytes start in the body
};

// Decodes chunk.event_count events from `sources` into *events (see DecodeChunkBody).
template <bool kColumns>
absl::Status DecodeEvents(EventSources& sources, const ChunkHeader& chunk, uint32_t cpu_limit,
                          uint32_t version, size_t string_count, std::vector<Event>* events) {
  const uint8_t max_kind = version < 2   ? kMaxEventKindV1
                           : version < 3 ? kMaxEventKindV2
                           : version < 4 ? kMaxEventKindV3
                                         : kMaxEventKind;
  auto& readers = sources.readers;
  ByteReader& kinds = readers[kKindColumn];
  ByteReader& ts_deltas = readers[kColumns ? kTsColumn : kKindColumn];
  ByteReader& cpus = readers[kColumns ? kCpuColumn : kKindColumn];
  ByteReader& tids = readers[kColumns ? kTidColumn : kKindColumn];
  ByteReader& pids = readers[kColumns ? kPidColumn : kKindColumn];
  ByteReader& payloads = readers[kColumns ? kPayloadColumn : kKindColumn];
  // Each CPU's last thread in the chunk (columns store tid and pid as the change from it).
  std::vector<CpuThread> last_thread(kColumns ? cpu_limit : 0);

  const EventLimits limits{cpu_limit, string_count};
  // The vector is reused from chunk to chunk: each event is reset as it is decoded (a
  // payload fills only its own members) rather than all of them first in a pass of their own
  // (which cost a quarter as much as the decoding, 4 MB a chunk written twice).
  events->resize(chunk.event_count);
  uint64_t ts = chunk.first_ts_ns;
  Event* const out = events->data();
  for (uint32_t i = 0; i < chunk.event_count; ++i) {
    Event& e = out[i];
    // Zeroed in place. `e = Event()` built a blank on the stack and copied it, and the copy's
    // 16-byte loads each waited for the blank's narrower stores, which cannot be forwarded to
    // them (perf annotate of BM_LoadModel: the two instructions after the copy, 43% of this
    // function's samples).
    std::memset(static_cast<void*>(&e), 0, sizeof(Event));
    // Where this event's fields start in each column (in the row layout, the event itself),
    // and the column of the field being read: an error names that field's offset in the body.
    std::array<size_t, EventSources::kCount> starts;
    for (size_t c = 0; c < (kColumns ? EventSources::kCount : 1); ++c) {
      starts[c] = readers[c].offset();
    }
    ByteReader* failed = &kinds;
    const auto error = [&](absl::string_view what) {
      const size_t c = static_cast<size_t>(failed - readers.data());
      return absl::DataLossError(absl::StrCat("event ", i, " at body offset ",
                                              sources.body_offsets[c] + starts[c], ": ", what));
    };
    const auto read = [&failed](ByteReader& r, auto&& read_field) {
      failed = &r;
      return read_field(r);
    };
    uint8_t kind;
    uint64_t ts_delta;
    uint64_t cpu;
    if (!read(kinds, [&](ByteReader& r) { return r.ReadU8(&kind); }) ||
        !read(ts_deltas,
              [&](ByteReader& r) {
                if constexpr (kColumns) return r.ReadVarint(&ts_delta);
                int64_t delta;
                if (!r.ReadZigzag(&delta)) return false;
                ts_delta = static_cast<uint64_t>(delta);
                return true;
              }) ||
        !read(cpus, [&](ByteReader& r) { return r.ReadVarint(&cpu); })) {
      return error(failed->error());
    }
    failed = &kinds;
    if (kind == 0 || kind > max_kind) {
      return error(absl::StrCat("unknown event kind ", static_cast<int>(kind)));
    }
    failed = &ts_deltas;
    const uint64_t next_ts = ts + ts_delta;
    if (i == 0 ? next_ts != ts : next_ts < ts) {
      return error(absl::StrCat(
          "timestamp ", next_ts,
          i == 0 ? " differs from the chunk's first " : " is before the previous ", ts));
    }
    ts = next_ts;
    failed = &cpus;
    if (cpu >= cpu_limit) {
      return error(absl::StrCat("cpu ", cpu, " is not below the CPU count ", cpu_limit));
    }
    e.ts_ns = ts;
    e.kind = static_cast<EventKind>(kind);
    e.cpu = static_cast<uint16_t>(cpu);
    bool ids_read;
    if constexpr (kColumns) {
      CpuThread& last = last_thread[cpu];
      ids_read = read(tids, [&](ByteReader& r) { return ReadI32Delta(r, last.tid, &e.tid); }) &&
                 read(pids, [&](ByteReader& r) {
                   return ReadI32Delta(r, int64_t{e.tid} + last.pid_offset, &e.pid);
                 });
      if (ids_read) last = {e.tid, static_cast<int64_t>(e.pid) - e.tid};
    } else {
      uint32_t tid = 0;
      ids_read = read(tids, [&](ByteReader& r) { return r.ReadVarint32(&tid); }) &&
                 read(pids, [&](ByteReader& r) {
                   e.tid = static_cast<int32_t>(tid);
                   return ReadI32Delta(r, e.tid, &e.pid);
                 });
    }
    if (!ids_read) return error(failed->error());
    if (!read(payloads, [&](ByteReader& r) { return DecodePayload(r, e, version); })) {
      return error(absl::StrCat(ToAbsl(EventKindName(e.kind)), ": ", failed->error()));
    }
    if (!CheckEvent<false>(e, limits, nullptr)) {
      return error(ExplainInvalidEvent(e, limits).message());
    }
  }
  for (size_t c = 0; c < (kColumns ? EventSources::kCount : 1); ++c) {
    if (readers[c].remaining() != 0) {
      return absl::DataLossError(absl::StrCat(
          readers[c].remaining(), " bytes follow the last of the ", chunk.event_count, " events",
          kColumns ? absl::StrCat(" in the ", kColumnNames[c], " column") : ""));
    }
  }
  if (chunk.event_count > 0 && ts != chunk.last_ts_ns) {
    return absl::DataLossError(absl::StrCat(
        "last event's timestamp ", ts, " differs from the chunk's last_ts ", chunk.last_ts_ns));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status DecodeChunkBody(std::string_view body, const ChunkHeader& chunk, uint32_t cpu_limit,
                             uint32_t version, std::vector<std::string>* strings,
                             std::vector<Event>* events) {
  ByteReader r(body);
  for (uint32_t i = 0; i < chunk.string_count; ++i) {
    const size_t at = r.offset();
    std::string_view s;
    if (!r.ReadStringVarint(kMaxStringLength, &s)) {
      return absl::DataLossError(absl::StrCat("string ", uint64_t{chunk.first_string_id} + i,
                                              " at body offset ", at, ": ", r.error()));
    }
    strings->emplace_back(s);
  }
  const std::string_view rest = body.substr(r.offset());
  if (version < 5) {
    EventSources rows{{ByteReader(rest), ByteReader(rest), ByteReader(rest), ByteReader(rest),
                       ByteReader(rest), ByteReader(rest)}};
    rows.body_offsets.fill(r.offset());
    return DecodeEvents<false>(rows, chunk, cpu_limit, version, strings->size(), events);
  }
  // Version 5: the columns' sizes, then the columns. A chunk of strings alone has neither.
  if (chunk.event_count == 0 && r.remaining() == 0) {
    events->clear();
    return absl::OkStatus();
  }
  std::array<uint64_t, kEventColumnCount> sizes;
  uint64_t total = 0;
  for (size_t c = 0; c < kEventColumnCount; ++c) {
    const size_t at = r.offset();
    if (!r.ReadVarint(&sizes[c])) {
      return absl::DataLossError(absl::StrCat(
          "the ", kColumnNames[c], " column's size at body offset ", at, ": ", r.error()));
    }
    total += std::min<uint64_t>(sizes[c], body.size());  // no overflow, still too big
  }
  if (total != r.remaining()) {
    return absl::DataLossError(absl::StrCat("the event columns' sizes add up to ", total,
                                            " bytes, but ", r.remaining(), " follow them"));
  }
  if (sizes[kKindColumn] != chunk.event_count) {
    return absl::DataLossError(absl::StrCat("the kind column holds ", sizes[kKindColumn],
                                            " bytes for ", chunk.event_count, " events"));
  }
  EventSources columns{{ByteReader(""), ByteReader(""), ByteReader(""), ByteReader(""),
                        ByteReader(""), ByteReader("")}};
  size_t at = r.offset();
  for (size_t c = 0; c < kEventColumnCount; ++c) {
    columns.readers[c] = ByteReader(body.substr(at, sizes[c]));
    columns.body_offsets[c] = at;
    at += sizes[c];
  }
  return DecodeEvents<true>(columns, chunk, cpu_limit, version, strings->size(), events);
}

}  // namespace ctrace
