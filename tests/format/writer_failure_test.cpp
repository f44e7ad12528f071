// When the disk fills up (or any write fails) the writer reports the OS error, cuts the
// partial chunk off so the file stays a readable prefix, and writes nothing more.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "format/trace_reader.h"
#include "format/trace_writer.h"
#include "tests/format/trace_test_util.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

uint64_t FileSize(const std::string& path) {
  struct stat st;
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<uint64_t>(st.st_size);
}

TEST(WriterFailure, DevFullReportsNoSpaceLeftOnDevice) {
  auto writer = TraceWriter::Create("/dev/full", testing::SampleHeader());
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(writer.status().message(), "/dev/full: No space left on device");
}

// Hard-to-compress events (random timestamps and tids), so chunks are big and the disk
// fills after a few of them.
Event NoisyEvent(std::mt19937_64& rng, uint64_t* ts) {
  *ts += rng() % 1'000'000;
  Event e = testing::Switch(*ts, static_cast<uint16_t>(rng() % 4),
                            static_cast<int32_t>(rng() % 4'000'000),
                            static_cast<int32_t>(rng() % 4'000'000));
  e.sched_switch.prev_state = static_cast<uint32_t>(rng() % 256);
  return e;
}

// Adds noisy events (flushing every 500) until a call fails or `max_events` were added;
// returns the failure.
absl::Status FillUntilFailure(TraceWriter& w, size_t max_events, std::vector<Event>* added) {
  std::mt19937_64 rng(42);
  uint64_t ts = 0;
  for (size_t i = 0; i < max_events; ++i) {
    const Event e = NoisyEvent(rng, &ts);
    added->push_back(e);
    if (absl::Status s = w.Add(e); !s.ok()) return s;
    if (i % 500 == 499) {
      if (absl::Status s = w.Flush(); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

// After a failed write: the file is exactly the whole chunks written before, it reads as a
// truncated trace holding exactly events_written() events, and nothing more is written.
void ExpectReadablePrefixAfterFailure(TraceWriter& w, const std::vector<Event>& added) {
  const std::string& path = w.path();
  EXPECT_EQ(FileSize(path), w.bytes_written());
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->truncated);
  EXPECT_NE(trace->truncation_reason.find("no trailer"), std::string::npos)
      << trace->truncation_reason;
  ASSERT_EQ(trace->events.size(), w.events_written());
  EXPECT_GT(w.chunks_written(), 0u);
  // Flushed every 500 events, each chunk already in time order: a prefix of what was added.
  const std::vector<Event> prefix(added.begin(),
                                  added.begin() + static_cast<ptrdiff_t>(w.events_written()));
  EXPECT_EQ(trace->events, prefix);

  const uint64_t size = FileSize(path);
  const absl::Status add = w.Add(testing::Switch(1, 0, 1, 2));
  EXPECT_EQ(add.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(add.message().find("after an earlier failure"), absl::string_view::npos) << add;
  EXPECT_EQ(w.Flush().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(w.Finish({}).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(FileSize(path), size);
}

// Each with the chunks written on the adding thread, and on the writer's own (where a
// failure reaches the adding thread at its next call).
class WriterFailureWhere : public ::testing::TestWithParam<bool> {
 protected:
  TraceWriterOptions Options() const { return {.background = GetParam()}; }
};
INSTANTIATE_TEST_SUITE_P(Writer, WriterFailureWhere, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "InTheBackground" : "OnTheAddingThread";
                         });

// RLIMIT_FSIZE makes writes past a size fail with EFBIG (after a short write), which
// exercises the same cut-back path as a full disk without needing root.
TEST_P(WriterFailureWhere, FileSizeLimitLeavesAReadablePrefix) {
  testing::TempDir dir;
  const std::string path = dir.File("fsize.ctrace");
  auto writer = TraceWriter::Create(path, testing::SampleHeader(), Options());
  ASSERT_TRUE(writer.ok()) << writer.status();

  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit limit = old_limit;
  limit.rlim_cur = 40'000;
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  std::vector<Event> added;
  const absl::Status failure = FillUntilFailure(**writer, 100'000, &added);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);

  ASSERT_FALSE(failure.ok()) << "the file never reached the size limit";
  EXPECT_EQ(failure.message(), path + ": File too large");
  EXPECT_LE((*writer)->bytes_written(), 40'000u);
  // Waiting for the writes says what happened to them, whichever thread made them.
  EXPECT_EQ((*writer)->WaitForWrites().message(), failure.message());
  ExpectReadablePrefixAfterFailure(**writer, added);
}

// The last chunk is written by Finish (or handed over by it): its failure is Finish's, the
// trailer is not written, and the file keeps the chunks before it.
TEST_P(WriterFailureWhere, FailureOfTheLastChunkIsFinishs) {
  testing::TempDir dir;
  const std::string path = dir.File("last.ctrace");
  auto writer = TraceWriter::Create(path, testing::SampleHeader(), Options());
  ASSERT_TRUE(writer.ok()) << writer.status();
  TraceWriter& w = **writer;
  std::mt19937_64 rng(3);
  uint64_t ts = 0;
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(w.Add(NoisyEvent(rng, &ts)).ok());
  ASSERT_TRUE(w.Flush().ok());
  ASSERT_TRUE(w.WaitForWrites().ok());
  const uint64_t first_chunk_end = w.bytes_written();
  ASSERT_GT(first_chunk_end, 1000u);
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(w.Add(NoisyEvent(rng, &ts)).ok());

  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit limit = old_limit;
  limit.rlim_cur = first_chunk_end + 1000;  // less than the 3,000 noisy events' chunk
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  const absl::Status finished = w.Finish({});
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);

  EXPECT_EQ(finished.message(), path + ": File too large");
  EXPECT_EQ(FileSize(path), first_chunk_end);
  auto trace = ReadTrace(path);
  ASSERT_TRUE(trace.ok()) << trace.status();
  EXPECT_TRUE(trace->truncated);
  EXPECT_EQ(trace->events.size(), 500u);
  EXPECT_EQ(w.Finish({}).code(), absl::StatusCode::kFailedPrecondition);
}

// A real full disk: a 256 KiB tmpfs. Mounting needs root (CAP_SYS_ADMIN).
TEST_P(WriterFailureWhere, FullDiskLeavesAReadablePrefix) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "SKIPPED: this test mounts a small tmpfs to fill it and needs root; run "
                    "the tests as root to cover the real ENOSPC path";
  }
  testing::TempDir scratch;
  std::string dir = scratch.File("tmpfs");
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0) << dir;
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=256k") != 0) {
    const int err = errno;
    ::rmdir(dir.c_str());
    GTEST_SKIP() << "SKIPPED: cannot mount a tmpfs (" << std::strerror(err)
                 << "); the ENOSPC path is not covered by this run";
  }
  // Unmounts even when an assertion below returns early.
  struct Unmount {
    std::string dir;
    ~Unmount() {
      EXPECT_EQ(::umount(dir.c_str()), 0) << std::strerror(errno);
      ::rmdir(dir.c_str());
    }
  } unmount{dir};
  const std::string path = dir + "/trace.ctrace";
  auto writer = TraceWriter::Create(path, testing::SampleHeader(), Options());
  ASSERT_TRUE(writer.ok()) << writer.status();
  std::vector<Event> added;
  const absl::Status failure = FillUntilFailure(**writer, 1'000'000, &added);
  ASSERT_FALSE(failure.ok()) << "the 256 KiB tmpfs never filled up";
  EXPECT_EQ(failure.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(failure.message(), path + ": No space left on device");
  ExpectReadablePrefixAfterFailure(**writer, added);
  writer->reset();  // close the file before the unmount
}

}  // namespace
}  // namespace ctrace
