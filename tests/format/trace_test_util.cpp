#include "tests/format/trace_test_util.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zstd.h>

#include <fstream>
#include <limits>
#include <sstream>

#include "format/byte_writer.h"
#include "format/event_codec.h"
#include "format/file_layout.h"
#include "format/syscall_table.h"

namespace ctrace {

bool operator==(const Event& a, const Event& b) {
  if (a.ts_ns != b.ts_ns || a.kind != b.kind || a.cpu != b.cpu || a.tid != b.tid ||
      a.pid != b.pid) {
    return false;
  }
  switch (a.kind) {
    case EventKind::kSchedSwitch: {
      const SwitchPayload& x = a.sched_switch;
      const SwitchPayload& y = b.sched_switch;
      return x.prev_state == y.prev_state && x.preempt == y.preempt &&
             x.prev_syscall == y.prev_syscall && x.next_tid == y.next_tid &&
             x.next_pid == y.next_pid && x.wait_args[0] == y.wait_args[0] &&
             x.wait_args[1] == y.wait_args[1];
    }
    case EventKind::kSchedWaking:
    case EventKind::kSchedWakeup:
    case EventKind::kSchedWakeupNew:
      return a.wakeup.waker_tid == b.wakeup.waker_tid && a.wakeup.waker_pid == b.wakeup.waker_pid &&
             a.wakeup.target_cpu == b.wakeup.target_cpu;
    case EventKind::kProcessFork:
      return a.fork.parent_tid == b.fork.parent_tid && a.fork.parent_pid == b.fork.parent_pid &&
             a.fork.comm == b.fork.comm;
    case EventKind::kProcessExec:
      return a.exec.old_tid == b.exec.old_tid && a.exec.filename == b.exec.filename &&
             a.exec.comm == b.exec.comm && a.exec.argv == b.exec.argv;
    case EventKind::kProcessExit:
      return a.exit.exit_code == b.exit.exit_code && a.exit.group_dead == b.exit.group_dead &&
             a.exit.voluntary_switches == b.exit.voluntary_switches &&
             a.exit.involuntary_switches == b.exit.involuntary_switches &&
             a.exit.cpu_time_ns == b.exit.cpu_time_ns && a.exit.title == b.exit.title;
    case EventKind::kTaskRename:
      return a.rename.comm == b.rename.comm;
    case EventKind::kMigrate:
      return a.migrate.orig_cpu == b.migrate.orig_cpu && a.migrate.dest_cpu == b.migrate.dest_cpu;
    case EventKind::kSyscallEnter: {
      const SyscallEnterPayload& x = a.syscall_enter;
      const SyscallEnterPayload& y = b.syscall_enter;
      return x.nr == y.nr && x.args[0] == y.args[0] && x.args[1] == y.args[1] &&
             x.args[2] == y.args[2] && x.str == y.str;
    }
    case EventKind::kSyscallExit:
      return a.syscall_exit.nr == b.syscall_exit.nr && a.syscall_exit.ret == b.syscall_exit.ret;
    case EventKind::kThreadSnapshot:
      return a.snapshot.ppid == b.snapshot.ppid && a.snapshot.comm == b.snapshot.comm;
    case EventKind::kLost:
      return a.lost.count == b.lost.count;
    case EventKind::kTaskCreate:
    case EventKind::kTaskResume:
    case EventKind::kTaskSuspend:
    case EventKind::kTaskEnd:
    case EventKind::kTaskWake:
      return a.task.id == b.task.id && a.task.other == b.task.other && a.task.str == b.task.str &&
             a.task.source == b.task.source;
    case EventKind::kTaskSnapshot:
      return a.task.id == b.task.id && a.task.other == b.task.other && a.task.str == b.task.str &&
             a.task.source == b.task.source && a.task.state == b.task.state &&
             a.task.reason == b.task.reason;
    case EventKind::kAddressName:
      return a.address_name.address == b.address_name.address &&
             a.address_name.name == b.address_name.name &&
             a.address_name.object == b.address_name.object;
  }
  return false;
}

void PrintTo(const Event& e, std::ostream* os) {
  *os << "{" << EventKindName(e.kind) << " ts=" << e.ts_ns << " cpu=" << e.cpu << " tid=" << e.tid
      << " pid=" << e.pid << "}";
}

namespace testing {

void WriteFile(const std::string& path, std::string_view bytes) {
  // A new file each time: rewriting one in place makes ext4 flush it on close (auto_da_alloc),
  // which turns the cut-at-every-offset tests from milliseconds into seconds.
  ::unlink(path.c_str());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TraceHeader SampleHeader() {
  TraceHeader h;
  h.start_monotonic_ns = 1'000'000'000;
  h.start_realtime_ns = 1'700'000'000'000'000'000;
  h.hostname = "testhost";
  h.kernel_release = "6.18.0-test";
  h.command = {"./program", "--flag", "arg with spaces"};
  h.cpu_count = 4;
  h.recorder = "ctrace test";
  h.flags = kHeaderFlagExecArgs;
  return h;
}

std::vector<Event> OneOfEachKind(uint64_t start_ts, uint32_t string_count) {
  std::vector<Event> out;
  uint64_t ts = start_ts;
  const auto next = [&](EventKind kind, uint16_t cpu, int32_t tid, int32_t pid) -> Event& {
    out.push_back(Base(ts, kind, cpu, tid, pid));
    ts += 1000;
    return out.back();
  };
  const uint32_t s1 = string_count > 1 ? 1 : 0;
  const uint32_t s2 = string_count > 2 ? 2 : s1;
  const uint32_t last = string_count > 0 ? string_count - 1 : 0;

  next(EventKind::kSchedSwitch, 3, 1234, 1200).sched_switch =
      SwitchPayload{kTaskUninterruptible | kTaskDead, 1, syscall_nr::kFutex, 0, 0};
  // A blocking switch with its call's first two arguments (a futex's address and op).
  next(EventKind::kSchedSwitch, 1, 1234, 1200).sched_switch =
      SwitchPayload{kTaskInterruptible, 0, syscall_nr::kFutex, 0, 0, {0x7ffd12345678, 128}};
  next(EventKind::kSchedSwitch, 0, 0, 0).sched_switch = SwitchPayload{
      0, 0, kNoSyscall, std::numeric_limits<int32_t>::max(), std::numeric_limits<int32_t>::min()};
  next(EventKind::kSchedWaking, 1, 77, 77).wakeup = WakeupPayload{4'000'000, 4'000'000, 2};
  next(EventKind::kSchedWakeup, 2, 78, 70).wakeup = WakeupPayload{0, 0, 3};
  next(EventKind::kSchedWakeupNew, 0, 79, 79).wakeup = WakeupPayload{78, 70, 0};
  next(EventKind::kProcessFork, 1, 500, 500).fork = ForkPayload{499, 1, s1};
  next(EventKind::kProcessExec, 2, 500, 500).exec = ExecPayload{503, s2, last, s1};
  next(EventKind::kProcessExit, 3, 501, 500).exit =
      ExitPayload{(1 << 8) | 9, 1, 12345, std::numeric_limits<uint64_t>::max(), 987654321};
  next(EventKind::kProcessExit, 3, -5, std::numeric_limits<int32_t>::max()).exit =
      ExitPayload{-1, 0, 0, 0, 0};
  next(EventKind::kProcessExit, 3, 500, 500).exit = ExitPayload{0, 1, 1, 2, 3, last};
  next(EventKind::kTaskRename, 0, 502, 500).rename = RenamePayload{s1};
  next(EventKind::kMigrate, 1, 503, 500).migrate = MigratePayload{1, 3};
  next(EventKind::kSyscallEnter, 2, 500, 500).syscall_enter = SyscallEnterPayload{
      syscall_nr::kExecveat, {-100, 0x1000, std::numeric_limits<int64_t>::min()}, s2};
  next(EventKind::kSyscallEnter, 2, 500, 500).syscall_enter =
      SyscallEnterPayload{syscall_nr::kEpollPwait2, {7, 64, -1}, kEmptyString};
  next(EventKind::kSyscallExit, 2, 500, 500).syscall_exit =
      SyscallExitPayload{syscall_nr::kEpollPwait2, -4};
  next(EventKind::kSyscallExit, 2, 500, 500).syscall_exit =
      SyscallExitPayload{syscall_nr::kClone3, std::numeric_limits<int64_t>::max()};
  next(EventKind::kThreadSnapshot, 3, 600, 600).snapshot = SnapshotPayload{1, last};
  next(EventKind::kLost, 1, 0, 0).lost = LostPayload{std::numeric_limits<uint64_t>::max()};
  next(EventKind::kTaskCreate, 0, 500, 500).task = TaskPayload{1, 0, s1, TaskSource::kProbes};
  next(EventKind::kTaskResume, 0, 500, 500).task =
      TaskPayload{std::numeric_limits<uint64_t>::max(), 0, kEmptyString, TaskSource::kGoRuntime};
  next(EventKind::kTaskSuspend, 1, 501, 500).task = TaskPayload{1, 0, s2, TaskSource::kProbes};
  next(EventKind::kTaskEnd, 1, 501, 500).task =
      TaskPayload{1, 0, kEmptyString, TaskSource::kProbes};
  next(EventKind::kTaskWake, 1, 501, 500).task =
      TaskPayload{7, 9, kEmptyString, TaskSource::kGoRuntime};
  next(EventKind::kAddressName, 0, 500, 500).address_name =
      AddressNamePayload{std::numeric_limits<uint64_t>::max(), s1, last};
  next(EventKind::kTaskSnapshot, 0, 500, 500).task =
      TaskPayload{std::numeric_limits<uint64_t>::max(), 12, s1, TaskSource::kGoRuntime, 4, last};
  return out;
}

std::string HeaderBytes(const TraceHeader& header) {
  std::vector<uint8_t> bytes;
  EncodeFileHeader(header, &bytes);
  return std::string(bytes.begin(), bytes.end());
}

std::string HeaderBytes(const TraceHeader& header, uint32_t version) {
  std::string bytes = HeaderBytes(header);
  PatchU32(&bytes, 8, version);
  // The CRC covers everything from the version to the end of the payload.
  PatchU32(&bytes, bytes.size() - 4, Crc32(std::string_view(bytes).substr(8, bytes.size() - 12)));
  return bytes;
}

std::string ChunkBytes(std::string_view body, ChunkHeader chunk) {
  std::string compressed(ZSTD_compressBound(body.size()), '\0');
  const size_t n = ZSTD_compress(compressed.data(), compressed.size(), body.data(), body.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  compressed.resize(n);
  chunk.compressed_size = static_cast<uint32_t>(n);
  chunk.uncompressed_size = static_cast<uint32_t>(body.size());
  chunk.crc32 = Crc32(compressed);
  std::string out(kChunkHeaderSize, '\0');
  EncodeChunkHeader(chunk, reinterpret_cast<uint8_t*>(out.data()));
  return out + compressed;
}

std::string TrailerBytes(const TraceTrailer& trailer) {
  std::vector<uint8_t> bytes;
  EncodeTrailer(trailer, &bytes);
  return std::string(bytes.begin(), bytes.end());
}

std::string BodyBytes(const std::vector<std::string>& strings, const std::vector<Event>& events,
                      uint32_t version) {
  std::vector<uint8_t> bytes;
  EncodeStrings(strings, &bytes);
  if (!events.empty()) {
    if (version < 5) {
      EncodeEventRows(events, events.front().ts_ns, &bytes);
    } else {
      EncodeEvents(events, events.front().ts_ns, &bytes);
    }
  }
  return std::string(bytes.begin(), bytes.end());
}

ChunkHeader HeaderFor(const std::vector<Event>& events, uint32_t string_count,
                      uint32_t first_string_id) {
  ChunkHeader c;
  c.event_count = static_cast<uint32_t>(events.size());
  c.string_count = string_count;
  c.first_string_id = first_string_id;
  if (!events.empty()) {
    c.first_ts_ns = events.front().ts_ns;
    c.last_ts_ns = events.back().ts_ns;
  }
  return c;
}

void PatchU32(std::string* bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) (*bytes)[offset + i] = static_cast<char>(value >> (8 * i));
}

void PatchU64(std::string* bytes, size_t offset, uint64_t value) {
  for (int i = 0; i < 8; ++i) (*bytes)[offset + i] = static_cast<char>(value >> (8 * i));
}

}  // namespace testing
}  // namespace ctrace
