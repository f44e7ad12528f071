#include "model/timeline_builder.h"

#include <cctype>
#include <ostream>
#include <string>
#include <vector>

#include "format/syscall_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Exec;
using ::ctrace::testing::Exit;
using ::ctrace::testing::FindProcess;
using ::ctrace::testing::FindThread;
using ::ctrace::testing::Fork;
using ::ctrace::testing::Lost;
using ::ctrace::testing::Rename;
using ::ctrace::testing::Snapshot;
using ::ctrace::testing::States;
using ::ctrace::testing::Switch;
using ::ctrace::testing::SyscallEnter;
using ::ctrace::testing::SyscallExit;
using ::ctrace::testing::Wake;
using ::testing::ElementsAre;
using S = ThreadState;

// Process 100 (thread 100) created by 1 at t=1000 and first run at t=2000 on CPU 0.
std::vector<Event> Started() {
  return {Fork(1000, 0, 100, 100, 1, 1), Switch(2000, 0, 0, 0, 0, 100, 100)};
}

// Thread 100 runs, then leaves the CPU with `prev_state` while in syscall `nr`.
Model SwitchedOut(uint32_t prev_state, int32_t nr, bool preempt = false) {
  std::vector<Event> ev = Started();
  ev.push_back(Switch(3000, 0, 100, 100, prev_state, 0, 0, preempt, nr));
  return Build(ev, 5000);
}

TEST(TimelineBuilderTest, NewThreadIsRunnableUntilItsFirstRun) {
  Model m = Build(Started(), 5000);
  const Thread* t = FindThread(m, 100);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->origin, ThreadOrigin::kCreated);
  // Its creator, pid 1, is outside the traced set (like the launcher of a traced command).
  EXPECT_EQ(t->created_by, kNoThread);
  EXPECT_EQ(FindThread(m, 1), nullptr);
  EXPECT_EQ(FindProcess(m, 100)->ppid, 1);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning));
  EXPECT_EQ(uint64_t{t->intervals[0].start_ns}, 1000u);
  EXPECT_EQ(uint64_t{t->intervals[1].start_ns}, 2000u);
  EXPECT_EQ(t->intervals[1].cpu(), 0);
  EXPECT_EQ(m.end_ns, 5000u);
}

TEST(TimelineBuilderTest, PreemptedThreadIsRunnableAndSwitchIsInvoluntary) {
  Model m = SwitchedOut(0, kNoSyscall, /*preempt=*/true);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kRunnable));
  EXPECT_EQ(t->involuntary_switches, 1u);
  EXPECT_EQ(t->voluntary_switches, 0u);
}

TEST(TimelineBuilderTest, PreemptWhileGoingToSleepStaysRunnableAndInvoluntary) {
  // __schedule() only dequeues prev when !preempt && prev_state: a preempted task that had
  // already set TASK_INTERRUPTIBLE stays on the run queue.
  Model m = SwitchedOut(kTaskInterruptible, syscall_nr::kFutex, /*preempt=*/true);
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(t->intervals.back().state(), S::kRunnable);
  EXPECT_EQ(t->involuntary_switches, 1u);
}

TEST(TimelineBuilderTest, RunningStateWithoutPreemptFlagIsRunnableAndInvoluntary) {
  Model m = SwitchedOut(0, kNoSyscall, /*preempt=*/false);
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(t->intervals.back().state(), S::kRunnable);
  EXPECT_EQ(t->involuntary_switches, 1u);
  EXPECT_EQ(t->voluntary_switches, 0u);
}

struct BlockCase {
  uint32_t prev_state;
  int32_t syscall;
  ThreadState expected;
};

void PrintTo(const BlockCase& c, std::ostream* os) {
  *os << "prev_state " << c.prev_state << ", syscall " << c.syscall << " -> "
      << ThreadStateName(c.expected);
}

class BlockedStateTest : public ::testing::TestWithParam<BlockCase> {};

TEST_P(BlockedStateTest, SwitchOutToSleepIsVoluntaryAndNamesTheReason) {
  const BlockCase& c = GetParam();
  Model m = SwitchedOut(c.prev_state, c.syscall);
  const Thread* t = FindThread(m, 100);
  const StateInterval& last = t->intervals.back();
  EXPECT_EQ(last.state(), c.expected) << ThreadStateName(last.state());
  EXPECT_EQ(uint64_t{last.start_ns}, 3000u);
  EXPECT_EQ(last.syscall(), c.syscall);  // kept so the viewer can name any syscall
  EXPECT_EQ(last.cpu(), 0);
  EXPECT_EQ(t->voluntary_switches, 1u);
  EXPECT_EQ(t->involuntary_switches, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    AllReasons, BlockedStateTest,
    ::testing::Values(BlockCase{kTaskInterruptible, syscall_nr::kEpollWait, S::kBlockedEpoll},
                      BlockCase{kTaskInterruptible, syscall_nr::kEpollPwait, S::kBlockedEpoll},
                      BlockCase{kTaskInterruptible, syscall_nr::kEpollPwait2, S::kBlockedEpoll},
                      BlockCase{kTaskInterruptible, syscall_nr::kFutex, S::kBlockedFutex},
                      BlockCase{kTaskInterruptible, syscall_nr::kRead, S::kBlockedIo},
                      BlockCase{kTaskInterruptible, syscall_nr::kAccept4, S::kBlockedIo},
                      BlockCase{kTaskInterruptible, syscall_nr::kPoll, S::kBlockedPoll},
                      BlockCase{kTaskInterruptible, syscall_nr::kClockNanosleep, S::kBlockedSleep},
                      BlockCase{kTaskInterruptible, syscall_nr::kWait4, S::kBlockedWait},
                      BlockCase{kTaskInterruptible, 34 /* pause */, S::kBlockedOther},
                      BlockCase{kTaskInterruptible, kNoSyscall, S::kBlockedOther},
                      BlockCase{kTaskUninterruptible, syscall_nr::kRead, S::kUninterruptible},
                      BlockCase{kTaskStopped, kNoSyscall, S::kStopped}),
    [](const ::testing::TestParamInfo<BlockCase>& info) {
      std::string name(ThreadStateName(info.param.expected));
      std::erase_if(name, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); });
      return name + "_" + std::to_string(info.index);
    });

TEST(TimelineBuilderTest, WakingMovesBlockedThreadToRunnableAndRecordsTheWaker) {
  std::vector<Event> ev = Started();
  ev.push_back(Fork(1500, 1, 101, 100, 100, 100));  // thread 101 of process 100
  ev.push_back(Switch(1600, 1, 0, 0, 0, 101, 100));
  ev.push_back(Switch(3000, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex));
  ev.push_back(Wake(4000, 1, 100, 100, 101, 100));                       // 101 wakes 100
  ev.push_back(Wake(4001, 0, 100, 100, 0, 0, EventKind::kSchedWakeup));  // same wakeup
  ev.push_back(Switch(4500, 0, 0, 0, 0, 100, 100));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t),
              ElementsAre(S::kRunnable, S::kRunning, S::kBlockedFutex, S::kRunnable, S::kRunning));
  EXPECT_EQ(uint64_t{t->intervals[3].start_ns}, 4000u);
  EXPECT_EQ(t->wakeups_received, 1u);
  ASSERT_EQ(t->wakes.size(), 1u);
  EXPECT_EQ(t->wakes[0].interval, 3u);
  const Thread* waker = FindThread(m, 101);
  EXPECT_EQ(&m.threads[t->wakes[0].waker], waker);
  EXPECT_EQ(waker->wakeups_given, 1u);
}

TEST(TimelineBuilderTest, AWakingBeforeTheSleepNamesTheWakerOfTheWakeupAfterIt) {
  // 101 wakes 100 while 100 is still on its CPU about to sleep; the kernel finishes the
  // wakeup after 100's switch-out, with a sched_wakeup fired from an IPI on top of whatever
  // runs there (here 102, which woke nobody).
  std::vector<Event> ev = Started();
  ev.push_back(Fork(1500, 1, 101, 100, 100, 100));
  ev.push_back(Fork(1510, 1, 102, 100, 100, 100));
  ev.push_back(Switch(1600, 1, 0, 0, 0, 101, 100));
  ev.push_back(Wake(2990, 1, 100, 100, 101, 100));  // 100 still running
  ev.push_back(Switch(3000, 0, 100, 100, kTaskInterruptible, 102, 100, false, syscall_nr::kFutex));
  ev.push_back(Wake(3010, 0, 100, 100, 102, 100, EventKind::kSchedWakeup));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  ASSERT_EQ(t->wakes.size(), 1u);
  EXPECT_EQ(m.threads[t->wakes[0].waker].tid, 101);
  EXPECT_EQ(FindThread(m, 101)->wakeups_given, 1u);
  EXPECT_EQ(FindThread(m, 102)->wakeups_given, 0u);
}

TEST(TimelineBuilderTest, ALoneWakeupDoesNotNameTheThreadItFiredOnTopOf) {
  std::vector<Event> ev = Started();
  ev.push_back(Fork(1500, 1, 101, 100, 100, 100));
  ev.push_back(Switch(1600, 1, 0, 0, 0, 101, 100));
  ev.push_back(Switch(3000, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex));
  ev.push_back(Wake(4000, 1, 100, 100, 101, 100, EventKind::kSchedWakeup));  // its waking lost
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  ASSERT_EQ(t->wakes.size(), 1u);
  EXPECT_EQ(t->wakes[0].waker, kNoThread);
}

TEST(TimelineBuilderTest, WakingARunningThreadChangesNothing) {
  // ttwu() on a task that set TASK_INTERRUPTIBLE but has not yet called schedule().
  std::vector<Event> ev = Started();
  ev.push_back(Wake(2500, 1, 100, 100, 0, 0));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning));
  EXPECT_EQ(t->wakeups_received, 0u);
}

TEST(TimelineBuilderTest, SwitchInOnAnotherCpuCountsAMigration) {
  std::vector<Event> ev = Started();
  ev.push_back(Switch(3000, 0, 100, 100, 0, 0, 0, true));
  ev.push_back(Switch(3500, 1, 0, 0, 0, 100, 100));
  ev.push_back(Switch(3600, 1, 100, 100, 0, 0, 0, true));
  ev.push_back(Switch(3700, 1, 0, 0, 0, 100, 100));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(t->migrations, 1u);
  EXPECT_EQ(t->intervals.back().cpu(), 1);
}

TEST(TimelineBuilderTest, ThreadCreationJoinsTheCreatorsProcess) {
  std::vector<Event> ev = Started();
  ev.push_back(SyscallEnter(2100, 0, 100, 100, syscall_nr::kClone3));
  ev.push_back(Fork(2200, 0, 101, 100, 100, 100, /*comm=*/3));
  ev.push_back(SyscallExit(2300, 0, 100, 100, syscall_nr::kClone3, 101));
  ev.push_back(SyscallExit(2400, 1, 101, 100, syscall_nr::kClone3, 0));  // the child's return
  Model m = Build(ev, 5000);
  const Thread* child = FindThread(m, 101);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->pid, 100);
  EXPECT_FALSE(child->created_as_process);
  EXPECT_EQ(child->comm, 3u);
  EXPECT_EQ(m.threads[child->created_by].tid, 100);
  EXPECT_EQ(child->creation_start_ns, 2100u);  // the clone3 entry, not the fork event
  EXPECT_TRUE(child->syscalls.empty());
  const Process* p = FindProcess(m, 100);
  EXPECT_EQ(p->threads.size(), 2u);
  EXPECT_EQ(FindThread(m, 100)->threads_created, 1u);
  EXPECT_EQ(FindThread(m, 100)->processes_created, 0u);
  ASSERT_EQ(FindThread(m, 100)->syscalls.size(), 1u);
  EXPECT_EQ(FindThread(m, 100)->syscalls[0].ret, 101);
  EXPECT_EQ(FindThread(m, 100)->syscalls[0].exit_ns, 2300u);
}

TEST(TimelineBuilderTest, ProcessCreationBuildsTheTree) {
  std::vector<Event> ev = Started();
  ev.push_back(Fork(2200, 0, 200, 200, 100, 100, 4));
  Model m = Build(ev, 5000);
  const Process* child = FindProcess(m, 200);
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->ppid, 100);
  EXPECT_EQ(m.processes[child->parent].pid, 100);
  EXPECT_EQ(child->origin, ThreadOrigin::kCreated);
  EXPECT_EQ(child->comm, 4u);
  const Process* parent = FindProcess(m, 100);
  ASSERT_EQ(parent->children.size(), 1u);
  EXPECT_EQ(m.processes[parent->children[0]].pid, 200);
  EXPECT_TRUE(FindThread(m, 200)->created_as_process);
  EXPECT_EQ(FindThread(m, 100)->processes_created, 1u);
  EXPECT_EQ(FindThread(m, 200)->creation_start_ns, 2200u);  // no clone span: the fork event
}

TEST(TimelineBuilderTest, ExitEndsTheTimelineAtTheExitEvent) {
  std::vector<Event> ev = Started();
  ev.push_back(Exit(3000, 0, 100, 100, 7 << 8, true, 0, 0, 1000));
  ev.push_back(Switch(3100, 0, 100, 100, kTaskDead, 0, 0));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kExited));
  EXPECT_EQ(uint64_t{t->intervals.back().start_ns}, 3000u);
  ASSERT_TRUE(t->exit.has_value());
  EXPECT_EQ(t->exit->ts_ns, 3000u);
  EXPECT_EQ(t->exit->exit_code, 7 << 8);
  EXPECT_EQ(t->exit->model_cpu_time_ns, 1000u);  // 2000..3000
  EXPECT_EQ(t->exit->model_voluntary_switches, 0u);
  EXPECT_EQ(t->voluntary_switches, 0u);  // the last switch, after the exit, is not counted
  const Process* p = FindProcess(m, 100);
  ASSERT_TRUE(p->exit.has_value());
  EXPECT_EQ(DecodeExitCode(p->exit->exit_code).code, 7);
  EXPECT_EQ(m.stats.inconsistencies, 0u);
}

TEST(TimelineBuilderTest, ExitWithoutALastSwitchStillEndsTheTimeline) {
  // The recorder stops tracing a process when its last thread exits: no final switch.
  std::vector<Event> ev = Started();
  ev.push_back(Exit(3000, 0, 100, 100, 0, true));
  Model m = Build(ev, 9000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kExited));
  EXPECT_EQ(uint64_t{t->intervals.back().start_ns}, 3000u);
}

TEST(TimelineBuilderTest, SwitchesInsideDoExitAfterTheExitEventAreIgnored) {
  std::vector<Event> ev = Started();
  ev.push_back(Exit(3000, 0, 100, 100, 0, true));
  ev.push_back(Switch(3100, 0, 100, 100, 0, 0, 0, /*preempt=*/true));
  ev.push_back(Switch(3300, 0, 0, 0, 0, 100, 100));
  ev.push_back(Switch(3400, 0, 100, 100, kTaskDead, 0, 0));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kExited));
  EXPECT_EQ(t->involuntary_switches, 0u);
  EXPECT_EQ(m.stats.inconsistencies, 0u);
}

TEST(TimelineBuilderTest, ExitOfAThreadTheModelHadRunnableEndsItAndIsFlagged) {
  // do_exit() runs on the thread itself: an exit while the model has it runnable means its
  // switch-in was lost. The timeline still ends at the exit, and the event is flagged.
  std::vector<Event> ev = Started();
  ev.push_back(Switch(3000, 0, 100, 100, 0, 0, 0, true));
  ev.push_back(Exit(3500, 1, 100, 100, 0, true));
  ev.push_back(Switch(3600, 1, 100, 100, kTaskDead, 0, 0));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kRunnable, S::kExited));
  EXPECT_EQ(uint64_t{t->intervals.back().start_ns}, 3500u);
  EXPECT_EQ(m.stats.inconsistencies, 1u);
}

TEST(TimelineBuilderTest, ReusedTidIsANewThreadAndProcess) {
  std::vector<Event> ev = Started();
  ev.push_back(Exit(3000, 0, 100, 100, 0, true));
  ev.push_back(Switch(3100, 0, 100, 100, kTaskDead, 0, 0));
  ev.push_back(Fork(4000, 1, 100, 100, 1, 1, 5));  // pid 100 again
  ev.push_back(Switch(4100, 1, 0, 0, 0, 100, 100));
  Model m = Build(ev, 5000);
  std::vector<const Thread*> incarnations;
  for (const Thread& t : m.threads) {
    if (t.tid == 100) incarnations.push_back(&t);
  }
  ASSERT_EQ(incarnations.size(), 2u);
  EXPECT_TRUE(incarnations[0]->exit.has_value());
  EXPECT_EQ(incarnations[0]->intervals.back().state(), S::kExited);
  EXPECT_FALSE(incarnations[1]->exit.has_value());
  EXPECT_THAT(States(*incarnations[1]), ElementsAre(S::kRunnable, S::kRunning));
  EXPECT_NE(incarnations[0]->process, incarnations[1]->process);
  EXPECT_TRUE(m.processes[incarnations[0]->process].exit.has_value());
  EXPECT_FALSE(m.processes[incarnations[1]->process].exit.has_value());
  EXPECT_EQ(m.stats.inconsistencies, 0u);
}

TEST(TimelineBuilderTest, TidReusedByAnUntracedProcessIsNotTheOldThread) {
  std::vector<Event> ev = Started();
  ev.push_back(Exit(3000, 0, 100, 100, 0, true));
  ev.push_back(Switch(3100, 0, 100, 100, kTaskDead, 0, 0));
  ev.push_back(Fork(3200, 0, 300, 300, 1, 1));  // 300: a traced process
  ev.push_back(Switch(3300, 0, 0, 0, 0, 300, 300));
  // tid 100 now belongs to untraced process 555, switched in after 300.
  ev.push_back(Switch(3400, 0, 300, 300, 0, 100, 555, true));
  Model m = Build(ev, 5000);
  EXPECT_EQ(FindProcess(m, 555), nullptr);
  EXPECT_EQ(FindThread(m, 100)->intervals.back().state(), S::kExited);
  EXPECT_EQ(FindThread(m, 300)->intervals.back().successor(), CpuSuccessor::kOther);
}

TEST(TimelineBuilderTest, ExecRenamesTheProcessAndKeepsItsHistory) {
  std::vector<Event> ev = Started();
  ev.push_back(Exec(2500, 0, 100, 100, /*filename=*/6, /*comm=*/7));
  ev.push_back(Exec(2600, 0, 100, 100, 8, 9));
  Model m = Build(ev, 5000);
  const Process* p = FindProcess(m, 100);
  ASSERT_EQ(p->execs.size(), 2u);
  EXPECT_EQ(p->execs[0].filename, 6u);
  EXPECT_EQ(p->execs[1].filename, 8u);
  EXPECT_EQ(p->comm, 9u);
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(t->comm, 9u);
  ASSERT_EQ(t->renames.size(), 2u);
  EXPECT_EQ(t->renames[0].comm, 7u);
  EXPECT_EQ(m.threads.size(), 1u);  // exec is not a new thread
}

TEST(TimelineBuilderTest, ExecByANonLeaderTakesOverTheLeadersTid) {
  std::vector<Event> ev = Started();
  ev.push_back(Fork(2100, 0, 101, 100, 100, 100));
  ev.push_back(Switch(2200, 1, 0, 0, 0, 101, 100));
  ev.push_back(Switch(2300, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex));
  ev.push_back(Exec(2400, 1, 100, /*old_tid=*/101, 6, 7));
  ev.push_back(Switch(2500, 1, 100, 100, kTaskInterruptible, 0, 0));
  Model m = Build(ev, 5000);
  ASSERT_EQ(m.threads.size(), 2u);  // old leader 100, and 101 (now 100)
  const Thread& old_leader = m.threads[0];
  const Thread& execer = m.threads[1];
  EXPECT_EQ(old_leader.intervals.back().state(), S::kExited);
  EXPECT_EQ(execer.tid, 100);
  EXPECT_EQ(execer.intervals.back().state(), S::kBlockedOther);
  EXPECT_EQ(uint64_t{execer.intervals.back().start_ns}, 2500u);
  EXPECT_EQ(m.processes[execer.process].execs[0].tid, 101);
}

TEST(TimelineBuilderTest, RenameChangesTheThreadNameAndTheLeaderRenamesTheProcess) {
  std::vector<Event> ev = Started();
  ev.push_back(Fork(2100, 0, 101, 100, 100, 100, 2));
  ev.push_back(Rename(2200, 0, 101, 100, 10));
  ev.push_back(Rename(2300, 0, 100, 100, 11));
  Model m = Build(ev, 5000);
  EXPECT_EQ(FindThread(m, 101)->comm, 10u);
  EXPECT_EQ(FindProcess(m, 100)->comm, 11u);
}

TEST(TimelineBuilderTest, SnapshotThreadIsUnknownUntilASwitchOutShowsItWasRunning) {
  std::vector<Event> ev = {Snapshot(100, 50, 50, 1, 3), Snapshot(100, 51, 50, 1, 4),
                           Switch(1000, 0, 50, 50, kTaskInterruptible, 0, 0),
                           Wake(2000, 0, 51, 50, 0, 0)};
  Model m = Build(ev, 5000);
  const Thread* a = FindThread(m, 50);
  EXPECT_EQ(a->origin, ThreadOrigin::kSnapshot);
  EXPECT_THAT(States(*a), ElementsAre(S::kRunning, S::kBlockedOther));
  EXPECT_EQ(uint64_t{a->intervals[0].start_ns}, 100u);
  const Thread* b = FindThread(m, 51);
  EXPECT_THAT(States(*b), ElementsAre(S::kUnknown, S::kRunnable));
  EXPECT_EQ(FindProcess(m, 50)->comm, 3u);
  EXPECT_EQ(FindProcess(m, 50)->ppid, 1);
  EXPECT_EQ(FindProcess(m, 50)->origin, ThreadOrigin::kSnapshot);
}

TEST(TimelineBuilderTest, ThreadFirstSeenMidTraceJoinsItsTracedProcess) {
  std::vector<Event> ev = {Snapshot(100, 50, 50, 1, 3),
                           // 52 was never in a snapshot: first seen here, switched in.
                           Switch(1000, 0, 0, 0, 0, 52, 50),
                           SyscallEnter(1100, 0, 52, 50, syscall_nr::kEpollWait, 3, 64, -1)};
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 52);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->origin, ThreadOrigin::kFirstSeen);
  EXPECT_EQ(t->first_ns, 1000u);
  EXPECT_EQ(m.processes[t->process].pid, 50);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunning));
  EXPECT_EQ(t->comm, 3u);  // its process's name until it is told its own
}

TEST(TimelineBuilderTest, ThreadFirstSeenBySyscallWasRunning) {
  std::vector<Event> ev = {
      SyscallEnter(1000, 1, 70, 70, syscall_nr::kEpollWait),
      Switch(1500, 1, 70, 70, kTaskInterruptible, 0, 0, false, syscall_nr::kEpollWait)};
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 70);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunning, S::kBlockedEpoll));
  EXPECT_EQ(uint64_t{t->intervals[0].start_ns}, 1000u);
  EXPECT_EQ(m.stats.inconsistencies, 0u);
}

TEST(TimelineBuilderTest, UntracedSwitchPartnersStayOutOfTheModel) {
  std::vector<Event> ev = Started();
  ev.push_back(Switch(3000, 0, 100, 100, 0, 900, 900, true));  // kworker 900 preempts
  ev.push_back(Switch(3500, 0, 900, 900, kTaskInterruptible, 100, 100));
  Model m = Build(ev, 5000);
  EXPECT_EQ(FindThread(m, 900), nullptr);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kRunnable, S::kRunning));
  EXPECT_EQ(t->intervals[2].successor(), CpuSuccessor::kOther);
}

TEST(TimelineBuilderTest, EventsOutOfOrderAcrossChunksAreAppliedInTimeOrder) {
  // CPU 1's wakeup at 2990 arrives in the chunk after CPU 0's switch-in at 3000.
  TimelineBuilder builder;
  std::vector<Event> first = Started();
  first.push_back(Switch(2500, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kFutex));
  first.push_back(Switch(3000, 0, 0, 0, 0, 100, 100));
  std::vector<Event> second = {Wake(2990, 1, 100, 100, 0, 0),
                               Switch(3200, 0, 100, 100, 0, 0, 0, true)};
  builder.Add(first);
  builder.Add(second);
  Model m = builder.Finish(5000);
  const Thread* t = FindThread(m, 100);
  EXPECT_THAT(States(*t), ElementsAre(S::kRunnable, S::kRunning, S::kBlockedFutex, S::kRunnable,
                                      S::kRunning, S::kRunnable));
  EXPECT_EQ(uint64_t{t->intervals[3].start_ns}, 2990u);
  EXPECT_EQ(m.stats.late_events, 0u);
  EXPECT_EQ(m.stats.inconsistencies, 0u);
}

TEST(TimelineBuilderTest, UnsortedChunkIsSorted) {
  std::vector<Event> ev = {Switch(2000, 0, 0, 0, 0, 100, 100), Fork(1000, 0, 100, 100, 1, 1)};
  Model m = Build(ev, 5000);
  EXPECT_THAT(States(*FindThread(m, 100)), ElementsAre(S::kRunnable, S::kRunning));
}

TEST(TimelineBuilderTest, EventLaterThanTheWindowIsClampedAndCounted) {
  TimelineBuilder builder(TimelineBuilderOptions{.reorder_window_ns = 100});
  std::vector<Event> first = Started();
  first.push_back(Switch(3000, 0, 100, 100, kTaskInterruptible, 0, 0));
  first.push_back(Switch(9000, 1, 0, 0, 0, 0, 0));  // moves time on past the window
  builder.Add(first);
  builder.Add(std::vector<Event>{Wake(2500, 1, 100, 100, 0, 0)});  // 6.5 us late
  Model m = builder.Finish();
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(m.stats.late_events, 1u);
  EXPECT_EQ(t->intervals.back().state(), S::kRunnable);
  EXPECT_EQ(uint64_t{t->intervals.back().start_ns}, 3000u);  // not before what was already known
}

TEST(TimelineBuilderTest, LostEventsMarkAGapOnTheirCpu) {
  std::vector<Event> ev = Started();
  ev.push_back(Switch(2500, 1, 0, 0, 0, 0, 0));
  ev.push_back(Lost(4000, 0, 17));
  ev.push_back(Lost(4500, 1, 3));
  Model m = Build(ev, 5000);
  ASSERT_EQ(m.gaps.size(), 2u);
  EXPECT_EQ(m.gaps[0].cpu, 0);
  EXPECT_EQ(uint64_t{m.gaps[0].start_ns}, 2000u);  // the previous event on CPU 0
  EXPECT_EQ(m.gaps[0].end_ns, 4000u);
  EXPECT_EQ(m.gaps[0].count, 17u);
  EXPECT_EQ(uint64_t{m.gaps[1].start_ns}, 2500u);
  EXPECT_EQ(m.stats.lost_events, 20u);
  EXPECT_EQ(m.LostEvents(), 20u);
}

TEST(TimelineBuilderTest, EpollSpanKeepsArgumentsAndResult) {
  std::vector<Event> ev = Started();
  ev.push_back(SyscallEnter(2100, 0, 100, 100, syscall_nr::kEpollPwait, 5, 64, 1'000'000));
  ev.push_back(Switch(2200, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kEpollPwait));
  ev.push_back(Wake(3000, 1, 100, 100, 0, 0));
  ev.push_back(Switch(3100, 0, 0, 0, 0, 100, 100));
  ev.push_back(SyscallExit(3200, 0, 100, 100, syscall_nr::kEpollPwait, 2));
  ev.push_back(SyscallEnter(3300, 0, 100, 100, syscall_nr::kEpollPwait, 5, 64, 0));
  Model m = Build(ev, 5000);
  const Thread* t = FindThread(m, 100);
  ASSERT_EQ(t->syscalls.size(), 2u);
  const SyscallSpan& s = t->syscalls[0];
  EXPECT_EQ(s.enter_ns, 2100u);
  EXPECT_EQ(s.exit_ns, 3200u);
  EXPECT_EQ(s.args[0], 5);
  EXPECT_EQ(s.args[1], 64);
  EXPECT_EQ(s.args[2], 1'000'000);
  EXPECT_EQ(s.ret, 2);
  EXPECT_EQ(t->syscalls[1].exit_ns, 0u);  // still waiting when the trace ended
}

// n preemptions of thread 100 after Started(): 2 + 2n intervals.
Model Preempted(uint64_t n) {
  std::vector<Event> ev = Started();
  for (uint64_t i = 0; i < n; ++i) {
    ev.push_back(Switch(3000 + 20 * i, 0, 100, 100, 0, 0, 0, true));
    ev.push_back(Switch(3010 + 20 * i, 0, 0, 0, 0, 100, 100));
  }
  return Build(ev);
}

TEST(TimelineBuilderTest, FinishDropsGrowthSlackAboveAQuarter) {
  Model m = Preempted(100);  // 202 intervals in a vector grown to 256
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(t->intervals.size(), 202u);
  EXPECT_EQ(t->intervals.capacity(), 202u);
  EXPECT_GE(m.MemoryBytes(), 202 * sizeof(StateInterval));
}

TEST(TimelineBuilderTest, FinishKeepsSlackUpToAQuarter) {
  Model m = Preempted(120);  // 242 intervals in a vector grown to 256: not worth a copy
  const Thread* t = FindThread(m, 100);
  EXPECT_EQ(t->intervals.size(), 242u);
  EXPECT_LE(t->intervals.capacity(), 242u * 5 / 4);
}

}  // namespace
}  // namespace ctrace
