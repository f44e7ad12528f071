// The small programs for the other notes run to completion with small inputs and show what
// they are for: the same checksum from threads and processes, every IPC mode answering,
// a mutex that loses no increments, and copy-on-write faults in the forked child.
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/workloads/workload_programs.h"

namespace ctrace::testing {
namespace {

// The number after `label` in `text`, or -1.
long NumberAfter(const std::string& text, const std::string& label) {
  size_t at = text.find(label);
  if (at == std::string::npos) return -1;
  return std::strtol(text.c_str() + at + label.size(), nullptr, 10);
}

TEST(WorkloadPrograms, CpuSplitThreadsAndProcessesComputeTheSameChecksum) {
  CommandResult threads = RunCommand(
      {WorkloadBin("ctrace-cpu-split"), "--mode", "threads", "--workers", "3", "--work", "12"});
  CommandResult processes = RunCommand(
      {WorkloadBin("ctrace-cpu-split"), "--mode", "processes", "--workers", "3", "--work", "12"});
  ASSERT_EQ(threads.exit_code, 0) << threads.err;
  ASSERT_EQ(processes.exit_code, 0) << processes.err;
  EXPECT_EQ(threads.out.rfind("threads: 3 workers, 12 units", 0), 0u) << threads.out;
  EXPECT_EQ(processes.out.rfind("processes: 3 workers, 12 units", 0), 0u) << processes.out;
  const std::string sum_t = threads.out.substr(threads.out.find("checksum"));
  const std::string sum_p = processes.out.substr(processes.out.find("checksum"));
  EXPECT_EQ(sum_t, sum_p);
}

TEST(WorkloadPrograms, IpcEveryModeCompletesItsRoundTrips) {
  for (const std::string mode : {"pipe", "unix", "shm"}) {
    CommandResult r = RunCommand(
        {WorkloadBin("ctrace-ipc"), "--mode", mode, "--messages", "500", "--size", "1000"});
    EXPECT_EQ(r.exit_code, 0) << mode << ": " << r.err;
    EXPECT_EQ(r.out.rfind(mode + ": 500 round trips of 1000 bytes", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("round trips/s"), std::string::npos) << r.out;
  }
}

TEST(WorkloadPrograms, MutexContentionLosesNoIncrement) {
  CommandResult r = RunCommand(
      {WorkloadBin("ctrace-mutex-contention"), "--workers", "4", "--iterations", "20000"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("counter 80000\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("context switches: "), std::string::npos) << r.out;
}

TEST(WorkloadPrograms, CowChildFaultsOncePerWrittenPage) {
  CommandResult r = RunCommand({WorkloadBin("ctrace-cow"), "--size", "8", "--write-percent", "50"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const long page = NumberAfter(r.out, "pages of ");
  ASSERT_GT(page, 0) << r.out;
  const long pages = (8L << 20) / page;
  const long written = pages / 2;
  EXPECT_NE(r.out.find("(" + std::to_string(written) + "): "), std::string::npos) << r.out;
  // Reading shares the parent's pages: (almost) no faults. Writing copies each page once.
  const long read_faults = NumberAfter(r.out, "child read every page: ");
  EXPECT_GE(read_faults, 0) << r.out;
  EXPECT_LT(read_faults, pages / 100) << r.out;
  const long write_faults = NumberAfter(r.out, "(" + std::to_string(written) + "): ");
  EXPECT_GE(write_faults, written) << r.out;
  EXPECT_LT(write_faults, written + pages / 100) << r.out;
}

}  // namespace
}  // namespace ctrace::testing
