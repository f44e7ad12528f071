// Identity: which Thread and Process each event belongs to, through tid and pid reuse, exec
// by a non-leader thread, snapshots, renames and threads first seen mid-trace.
#include "model/process_tracker.h"

#include "gtest/gtest.h"
#include "model/model.h"

namespace ctrace {
namespace {

class ProcessTrackerTest : public ::testing::Test {
 protected:
  Model model_;
  ProcessTracker tracker_{&model_};
};

TEST_F(ProcessTrackerTest, AThreadFirstSeenMidTraceBringsItsProcess) {
  uint32_t t = tracker_.FindOrAdd(101, 100, 5000);
  ASSERT_EQ(model_.threads.size(), 1u);
  ASSERT_EQ(model_.processes.size(), 1u);
  EXPECT_EQ(model_.threads[t].origin, ThreadOrigin::kFirstSeen);
  EXPECT_EQ(model_.threads[t].first_ns, 5000u);
  EXPECT_EQ(model_.processes[0].pid, 100);
  EXPECT_EQ(model_.processes[0].ppid, -1);  // not known
  EXPECT_EQ(model_.processes[0].threads, std::vector<uint32_t>{t});
  EXPECT_EQ(tracker_.FindOrAdd(101, 100, 6000), t);  // the same thread, not a new one
  EXPECT_TRUE(tracker_.IsTracedProcess(100));
}

TEST_F(ProcessTrackerTest, ATidInAnotherProcessIsNotTheSameThread) {
  uint32_t t = tracker_.FindOrAdd(101, 100, 1000);
  EXPECT_EQ(tracker_.Find(101, 100), t);
  EXPECT_EQ(tracker_.Find(101, 200), kNoThread);
}

TEST_F(ProcessTrackerTest, FindTracedAddsOnlyThreadsOfTracedProcesses) {
  tracker_.FindOrAdd(100, 100, 1000);
  EXPECT_EQ(tracker_.FindTraced(900, 900, 2000), kNoThread);  // a kworker, say
  EXPECT_EQ(model_.threads.size(), 1u);
  uint32_t t = tracker_.FindTraced(102, 100, 2000);  // a thread of a traced process
  ASSERT_NE(t, kNoThread);
  EXPECT_EQ(model_.threads[t].process, model_.threads[0].process);
}

TEST_F(ProcessTrackerTest, CreatedProcessesAndThreadsAreLinkedToTheirCreator) {
  uint32_t parent = tracker_.AddSnapshot(100, 100, 1, /*comm=*/5, 1000);
  uint32_t child = tracker_.AddCreated(200, 200, parent, 100, /*comm=*/6, 2000);
  uint32_t thread = tracker_.AddCreated(201, 200, child, 200, /*comm=*/7, 3000);
  ASSERT_EQ(model_.processes.size(), 2u);
  const Process& pp = model_.processes[model_.threads[parent].process];
  const Process& cp = model_.processes[model_.threads[child].process];
  EXPECT_EQ(cp.pid, 200);
  EXPECT_EQ(cp.ppid, 100);
  EXPECT_EQ(cp.parent, model_.threads[parent].process);
  EXPECT_EQ(pp.children, std::vector<uint32_t>{model_.threads[child].process});
  EXPECT_EQ(cp.origin, ThreadOrigin::kCreated);
  EXPECT_EQ(cp.comm, 6u);
  EXPECT_TRUE(model_.threads[child].created_as_process);
  EXPECT_FALSE(model_.threads[thread].created_as_process);
  EXPECT_EQ(model_.threads[thread].created_by, child);
  EXPECT_EQ(model_.threads[thread].process, model_.threads[child].process);
  EXPECT_EQ(cp.threads, (std::vector<uint32_t>{child, thread}));
}

TEST_F(ProcessTrackerTest, ANonLeaderThatExecsTakesTheLeadersTid) {
  uint32_t leader = tracker_.AddSnapshot(100, 100, 1, 1, 1000);
  uint32_t worker = tracker_.AddCreated(103, 100, leader, 100, 1, 2000);
  ExecPayload exec{.old_tid = 103, .filename = 8, .comm = 9, .argv = 0};
  uint32_t displaced = 12345;
  uint32_t t = tracker_.Exec(100, exec, 3000, &displaced);
  EXPECT_EQ(t, worker);
  EXPECT_EQ(displaced, leader);
  EXPECT_EQ(model_.threads[t].tid, 100);
  EXPECT_EQ(tracker_.Find(100, 100), worker);
  EXPECT_EQ(tracker_.Find(103, 100), kNoThread);
  const Process& p = model_.processes[model_.threads[t].process];
  ASSERT_EQ(p.execs.size(), 1u);
  EXPECT_EQ(p.execs[0].tid, 103);  // as it was before exec
  EXPECT_EQ(p.execs[0].filename, 8u);
  EXPECT_EQ(p.comm, 9u);  // exec renames
}

TEST_F(ProcessTrackerTest, TheLeaderThatExecsDisplacesNobody) {
  tracker_.AddSnapshot(100, 100, 1, 1, 1000);
  uint32_t displaced = 12345;
  tracker_.Exec(100, ExecPayload{.old_tid = 100, .filename = 2, .comm = 3, .argv = 0}, 2000,
                &displaced);
  EXPECT_EQ(displaced, kNoThread);
}

TEST_F(ProcessTrackerTest, ASnapshotOfTheLeaderNamesAProcessFirstSeenThroughAnotherThread) {
  uint32_t worker = tracker_.FindOrAdd(101, 100, 1000);
  uint32_t p = model_.threads[worker].process;
  EXPECT_EQ(model_.processes[p].origin, ThreadOrigin::kFirstSeen);
  tracker_.AddSnapshot(100, 100, 42, /*comm=*/4, 1100);
  EXPECT_EQ(model_.processes.size(), 1u);
  EXPECT_EQ(model_.processes[p].comm, 4u);
  EXPECT_EQ(model_.processes[p].origin, ThreadOrigin::kSnapshot);
  EXPECT_EQ(model_.processes[p].ppid, 42);
}

TEST_F(ProcessTrackerTest, RenamingTheLeaderRenamesTheProcessAndOnlyThen) {
  uint32_t leader = tracker_.AddSnapshot(100, 100, 1, 1, 1000);
  uint32_t worker = tracker_.AddCreated(101, 100, leader, 100, 1, 1500);
  const uint32_t p = model_.threads[leader].process;
  tracker_.Rename(worker, 2, 2000);
  EXPECT_EQ(model_.threads[worker].comm, 2u);
  EXPECT_EQ(model_.processes[p].comm, 1u);
  tracker_.Rename(leader, 3, 3000);
  EXPECT_EQ(model_.processes[p].comm, 3u);
  ASSERT_EQ(model_.threads[leader].renames.size(), 1u);
  EXPECT_EQ(model_.threads[leader].renames[0].ts_ns, 3000u);
}

TEST_F(ProcessTrackerTest, AReusedPidIsANewProcessAndTheOldKeepsItsExit) {
  uint32_t launcher = tracker_.AddSnapshot(1, 1, 0, 1, 100);
  uint32_t first = tracker_.AddCreated(200, 200, launcher, 1, 2, 1000);
  const uint32_t old_process = model_.threads[first].process;
  tracker_.ProcessExited(old_process, 0, 2000);
  uint32_t second = tracker_.AddCreated(200, 200, launcher, 1, 3, 3000);
  EXPECT_NE(second, first);
  EXPECT_NE(model_.threads[second].process, old_process);
  EXPECT_TRUE(model_.processes[old_process].exit.has_value());
  EXPECT_FALSE(model_.processes[model_.threads[second].process].exit.has_value());
  EXPECT_EQ(tracker_.Find(200, 200), second);
}

// The direct-mapped lookup cache keys on the tid's low bits: tids that share a slot must still
// find their own threads.
TEST_F(ProcessTrackerTest, TidsThatShareACacheSlotAreBothFound) {
  uint32_t a = tracker_.FindOrAdd(5, 5, 1000);
  uint32_t b = tracker_.FindOrAdd(5 + 1024, 5, 1000);
  uint32_t c = tracker_.FindOrAdd(5 + 2048, 5, 1000);
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(tracker_.Find(5, 5), a);
    EXPECT_EQ(tracker_.Find(5 + 1024, 5), b);
    EXPECT_EQ(tracker_.Find(5 + 2048, 5), c);
  }
  EXPECT_EQ(tracker_.Find(5 + 3072, 5), kNoThread);
}

}  // namespace
}  // namespace ctrace
