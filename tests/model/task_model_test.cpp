// Tasks from synthetic task events: every rule of the task protocol (docs/tasks.md) as the
// model keeps it, and the metrics computed from it.
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "model/task_concurrency.h"
#include "model/task_groups.h"
#include "model/task_metrics.h"
#include "model/task_timeline.h"
#include "tests/model/test_events.h"

namespace ctrace::testing {
namespace {

constexpr EventKind kCreate = EventKind::kTaskCreate;
constexpr EventKind kResume = EventKind::kTaskResume;
constexpr EventKind kSuspend = EventKind::kTaskSuspend;
constexpr EventKind kEnd = EventKind::kTaskEnd;

// Process 100 with threads 100 and 101, both running from 1000 (on CPUs 0 and 1).
std::vector<Event> TwoThreads() {
  return {Snapshot(900, 100, 100, 1), Snapshot(900, 101, 100, 1),
          Switch(1000, 0, 0, 0, 0, 100, 100), Switch(1000, 1, 0, 0, 0, 101, 100)};
}

Event T(uint64_t ts, int32_t tid, EventKind kind, uint64_t id, uint64_t other = 0,
        uint32_t str = 0) {
  return TaskEvent(ts, tid == 100 ? 0 : 1, tid, 100, kind, id, other, str);
}

const TaskRun& RunOf(const Model& m, const Task& t, size_t i) { return m.task_runs[t.runs.at(i)]; }

TEST(TaskModel, ALifeOfCreateResumeSuspendResumeEnd) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {T(2000, 100, kCreate, 7, 0, 0), T(2100, 100, kResume, 7),
                       T(2400, 100, kSuspend, 7), T(3000, 100, kResume, 7), T(3500, 100, kEnd, 7)});
  Model m = Build(ev, 5000);
  ASSERT_EQ(m.tasks.size(), 1u);
  const Task& t = m.tasks[0];
  EXPECT_EQ(t.id, 7u);
  EXPECT_TRUE(t.created_in_trace);
  EXPECT_EQ(t.first_ns, 2000u);
  ASSERT_TRUE(t.ended_ns.has_value());
  EXPECT_EQ(*t.ended_ns, 3500u);
  ASSERT_EQ(t.runs.size(), 2u);
  EXPECT_EQ(RunOf(m, t, 0).start_ns, 2100u);
  EXPECT_EQ(RunOf(m, t, 0).end_ns, 2400u);
  EXPECT_EQ(RunOf(m, t, 0).end, TaskRunEnd::kSuspended);
  EXPECT_EQ(RunOf(m, t, 1).end, TaskRunEnd::kEnded);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
  TaskMetricsSet s = ComputeTaskMetrics(m);
  EXPECT_EQ(s.tasks[0].running_ns, 300u + 500u);
  EXPECT_EQ(s.tasks[0].suspended_ns, 100u + 600u);  // 2000-2100 and 2400-3000
  EXPECT_EQ(s.tasks[0].resumes, 2u);
  EXPECT_EQ(s.total.tasks_created, 1u);
}

TEST(TaskModel, AResumeWhileAnotherTaskIsCurrentSuspendsThatOneFirst) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {T(2000, 100, kCreate, 1), T(2000, 100, kCreate, 2), T(2100, 100, kResume, 1),
                       T(2500, 100, kResume, 2)});
  Model m = Build(ev, 3000);
  ASSERT_EQ(m.tasks.size(), 2u);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end_ns, 2500u);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end, TaskRunEnd::kReplaced);
  EXPECT_EQ(RunOf(m, m.tasks[1], 0).end, TaskRunEnd::kTraceEnd);  // still current at the end
  EXPECT_EQ(RunOf(m, m.tasks[1], 0).end_ns, 3000u);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);  // an implicit suspension is the protocol
}

TEST(TaskModel, ContradictionsAreCountedNotFatal) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {T(2000, 100, kCreate, 1), T(2100, 100, kSuspend, 1),  // not current
                       T(2200, 100, kEnd, 99),                               // never existed
                       T(2300, 101, kSuspend, 1),                            // not current
                       T(2400, 100, kCreate, 1)});  // id 1 still alive: the old one is dropped
  Model m = Build(ev, 3000);
  EXPECT_EQ(m.stats.task_inconsistencies, 4u);
  ASSERT_EQ(m.tasks.size(), 2u);
  EXPECT_EQ(m.tasks[0].gone_ns, 2400u);
  EXPECT_FALSE(m.tasks[0].ended_ns.has_value());
}

TEST(TaskModel, AResumeOfAnUnknownIdIsATaskFirstSeenThen) {
  std::vector<Event> ev = TwoThreads();
  ev.push_back(T(2000, 100, kResume, 5));
  Model m = Build(ev, 3000);
  ASSERT_EQ(m.tasks.size(), 1u);
  EXPECT_FALSE(m.tasks[0].created_in_trace);
  EXPECT_EQ(m.tasks[0].first_ns, 2000u);
  EXPECT_EQ(m.stats.tasks_first_seen, 1u);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
  EXPECT_EQ(ComputeTaskMetrics(m).total.tasks_created, 0u);
}

TEST(TaskModel, AnIdEndedAndCreatedAgainIsANewTask) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {T(2000, 100, kCreate, 3), T(2500, 100, kEnd, 3), T(2600, 100, kCreate, 3),
                       T(2700, 100, kResume, 3)});
  Model m = Build(ev, 3000);
  ASSERT_EQ(m.tasks.size(), 2u);
  EXPECT_TRUE(m.tasks[0].runs.empty());
  EXPECT_EQ(m.tasks[1].runs.size(), 1u);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

TEST(TaskModel, IdsArePerProcess) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {Snapshot(900, 200, 200, 1), Switch(1500, 0, 100, 100, 0, 200, 200, true),
                       TaskEvent(2000, 0, 200, 200, kCreate, 1), T(2000, 101, kCreate, 1),
                       TaskEvent(2100, 0, 200, 200, kResume, 1), T(2100, 101, kResume, 1)});
  Model m = Build(ev, 3000);
  ASSERT_EQ(m.tasks.size(), 2u);
  EXPECT_NE(m.tasks[0].process, m.tasks[1].process);
  EXPECT_EQ(m.tasks[0].runs.size(), 1u);
  EXPECT_EQ(m.tasks[1].runs.size(), 1u);
}

TEST(TaskModel, ATaskResumedOnAnotherThreadWhileCurrentEndsTheFirstRun) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(),
            {T(2000, 100, kCreate, 1), T(2100, 100, kResume, 1), T(2500, 101, kResume, 1)});
  Model m = Build(ev, 3000);
  const Task& t = m.tasks[0];
  ASSERT_EQ(t.runs.size(), 2u);
  EXPECT_EQ(RunOf(m, t, 0).end, TaskRunEnd::kMovedAway);
  EXPECT_EQ(RunOf(m, t, 0).end_ns, 2500u);
  EXPECT_EQ(m.threads[RunOf(m, t, 1).thread].tid, 101);
  EXPECT_EQ(m.stats.task_inconsistencies, 1u);
}

TEST(TaskModel, MigrationsAndTheThreadsATaskRanOn) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(),
            {T(2000, 100, kCreate, 1), T(2100, 100, kResume, 1), T(2200, 100, kSuspend, 1),
             T(2300, 101, kResume, 1), T(2400, 101, kSuspend, 1), T(2500, 100, kResume, 1),
             T(2600, 100, kSuspend, 1)});
  Model m = Build(ev, 3000);
  TaskMetricsSet s = ComputeTaskMetrics(m);
  const TaskMetrics& tm = s.tasks[0];
  EXPECT_EQ(tm.migrations, 2u);
  ASSERT_EQ(tm.threads.size(), 2u);
  EXPECT_EQ(m.threads[tm.threads[0]].tid, 100);
  EXPECT_EQ(m.threads[tm.threads[1]].tid, 101);
  EXPECT_EQ(s.total.migrations, 2u);
}

// The notes' warning: a task that blocks instead of awaiting stalls its thread, and every
// other task of that thread waits suspended meanwhile.
TEST(TaskModel, ATaskCurrentWhileItsThreadSleepsBlockedItsThread) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(),
            {T(2000, 100, kCreate, 1), T(2000, 100, kCreate, 2), T(2100, 100, kResume, 1),
             Switch(2200, 0, 100, 100, kTaskInterruptible, 0, 0, false, syscall_nr::kNanosleep),
             Wake(2700, 1, 100, 100, 101, 100), Switch(2800, 0, 0, 0, 0, 100, 100),
             T(2900, 100, kSuspend, 1), T(2900, 100, kResume, 2), T(3000, 100, kSuspend, 2)});
  Model m = Build(ev, 4000);
  TaskMetricsSet s = ComputeTaskMetrics(m);
  const TaskMetrics& blocker = s.tasks[0];
  EXPECT_EQ(blocker.thread_blocked_ns, 500u);  // 2200-2700 asleep
  EXPECT_EQ(blocker.thread_blocked_by_reason[static_cast<size_t>(BlockReason::kSleep)], 500u);
  EXPECT_EQ(blocker.waiting_for_cpu_ns, 100u);  // 2700-2800 runnable
  EXPECT_EQ(blocker.running_ns, 100u + 100u);   // 2100-2200 and 2800-2900
  const TaskMetrics& other = s.tasks[1];
  EXPECT_EQ(other.thread_blocked_ns, 0u);
  EXPECT_EQ(other.suspended_ns, 900u + 1000u);  // 2000-2900 and 3000-4000
  // The pieces of the blocker's life, in order, cover it exactly.
  uint64_t covered = 0;
  uint64_t at = m.tasks[0].first_ns;
  ForEachTaskPiece(m, m.tasks[0], [&](const TaskPiece& p) {
    EXPECT_EQ(p.start_ns, at);
    at = p.end_ns;
    covered += p.end_ns - p.start_ns;
  });
  EXPECT_EQ(covered, 4000u - 2000u);
}

TEST(TaskModel, AThreadsExitEndsItsRunAndAProcessExitForgetsItsTasks) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(),
            {T(2000, 101, kCreate, 1), T(2100, 101, kResume, 1), Exit(2500, 1, 101, 100, 0, false),
             T(2600, 100, kCreate, 2), Exit(2800, 0, 100, 100, 0, true)});
  Model m = Build(ev, 3000);
  ASSERT_EQ(m.tasks.size(), 2u);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end, TaskRunEnd::kThreadGone);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end_ns, 2500u);
  EXPECT_EQ(m.tasks[1].gone_ns, 2800u);  // with its process, not ended by the protocol
  EXPECT_FALSE(m.tasks[1].ended_ns.has_value());
}

TEST(TaskModel, PeakLiveTasksAndSwitchesPerContextSwitch) {
  std::vector<Event> ev = TwoThreads();
  for (uint64_t id = 1; id <= 3; ++id) ev.push_back(T(2000 + id, 100, kCreate, id));
  ev.push_back(T(2100, 100, kEnd, 1));
  ev.push_back(T(2200, 100, kCreate, 4));
  for (uint64_t i = 0; i < 6; ++i) ev.push_back(T(2300 + i * 10, 100, kResume, 2 + i % 3));
  ev.push_back(Switch(2400, 0, 100, 100, 0, 101, 100, true));  // one context switch of 100
  Model m = Build(ev, 3000);
  TaskMetricsSet s = ComputeTaskMetrics(m);
  EXPECT_EQ(s.total.peak_live_tasks, 3u);
  EXPECT_EQ(s.total.task_switches, 6u);
  ASSERT_TRUE(s.total.task_switches_per_context_switch.has_value());
  EXPECT_DOUBLE_EQ(*s.total.task_switches_per_context_switch, 6.0);
  EXPECT_EQ(s.total.threads_running_tasks, 1u);
}

// Many tasks, most ending at once: the model keeps each task, and only live ones in its map.
TEST(TaskModel, AHundredThousandTasks) {
  std::vector<Event> ev = TwoThreads();
  constexpr uint64_t kTasks = 100'000;
  for (uint64_t id = 1; id <= kTasks; ++id) {
    const uint64_t ts = 2000 + id * 4;
    ev.insert(ev.end(), {T(ts, 100, kCreate, id), T(ts + 1, 100, kResume, id),
                         T(ts + 2, 100, kSuspend, id), T(ts + 3, 100, kEnd, id)});
  }
  Model m = Build(ev);
  EXPECT_EQ(m.tasks.size(), kTasks);
  EXPECT_EQ(m.task_runs.size(), kTasks);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
  EXPECT_EQ(ComputeTaskMetrics(m).total.peak_live_tasks, 1u);
}

// Goroutines (docs/goroutines.md): a suspend says the status it goes to, a resume the one it
// comes from, and a wait is a real block only if something else happens before the goroutine
// runs on straight from waiting on the same thread.
constexpr EventKind kWake = EventKind::kTaskWake;
constexpr uint64_t kRunnable = 1, kWaiting = 4;
Event G(uint64_t ts, int32_t tid, EventKind kind, uint64_t id, uint64_t other = 0,
        uint32_t str = 0) {
  return TaskEvent(ts, tid == 100 ? 0 : 1, tid, 100, kind, id, other, str, TaskSource::kGoRuntime);
}

// The GC's 2 -> 4 -> 2 on one thread (gcMarkDone, a goroutine scanning its own stack): the
// goroutine never stopped running, and its run is not cut.
TEST(GoroutineModel, AWaitEndedOnItsOwnThreadStraightFromWaitingIsNotABlock) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {G(2000, 100, kCreate, 5), G(2100, 100, kResume, 5, kRunnable),
                       G(2300, 100, kSuspend, 5, kWaiting, 42), G(2350, 100, kResume, 5, kWaiting),
                       G(2600, 100, kSuspend, 5, kWaiting, 43), G(2800, 101, kWake, 5, 0),
                       G(2900, 101, kResume, 5, kRunnable), G(3100, 101, kEnd, 5)});
  Model m = Build(ev, 4000);
  ASSERT_EQ(m.tasks.size(), 1u);
  const Task& t = m.tasks[0];
  ASSERT_EQ(t.runs.size(), 2u);
  EXPECT_EQ(RunOf(m, t, 0).start_ns, 2100u);
  EXPECT_EQ(RunOf(m, t, 0).end_ns, 2600u);  // through the GC's wait, to the real one
  EXPECT_EQ(RunOf(m, t, 0).end, TaskRunEnd::kSuspended);
  EXPECT_EQ(RunOf(m, t, 0).reason, 43u);  // the real wait's reason, not the GC's
  EXPECT_EQ(RunOf(m, t, 1).thread, 1u);
  EXPECT_EQ(m.stats.go_waits_not_blocking, 1u);
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
}

// A wait followed by anything else is a block that ended when it began: another goroutine
// on the thread, a wake, a resume elsewhere, the goroutine's end or the trace's.
TEST(GoroutineModel, AWaitIsABlockOnceAnythingElseHappens) {
  struct Case {
    const char* what;
    Event next;
  };
  const Case cases[] = {
      {"another goroutine here", G(2500, 100, kResume, 6, kRunnable)},
      {"a wake", G(2500, 101, kWake, 5, 6)},
      {"a resume on another thread", G(2500, 101, kResume, 5, kRunnable)},
      {"a resume here from runnable", G(2500, 100, kResume, 5, kRunnable)},
      {"its end", G(2500, 100, kEnd, 5)},
  };
  for (const Case& c : cases) {
    std::vector<Event> ev = TwoThreads();
    ev.insert(ev.end(), {G(2000, 100, kCreate, 5), G(2000, 100, kCreate, 6),
                         G(2100, 100, kResume, 5, kRunnable),
                         G(2300, 100, kSuspend, 5, kWaiting, 42), c.next});
    Model m = Build(ev, 4000);
    const Task& t = m.tasks[0];
    ASSERT_GE(t.runs.size(), 1u) << c.what;
    EXPECT_EQ(RunOf(m, t, 0).end_ns, 2300u) << c.what;
    EXPECT_EQ(RunOf(m, t, 0).end, TaskRunEnd::kSuspended) << c.what;
    EXPECT_EQ(RunOf(m, t, 0).reason, 42u) << c.what;
    EXPECT_EQ(m.stats.task_inconsistencies, 0u) << c.what;
    EXPECT_EQ(m.stats.go_waits_not_blocking, 0u) << c.what;
  }
  // Nothing after it: the trace's end makes it a block too.
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {G(2000, 100, kCreate, 5), G(2100, 100, kResume, 5, kRunnable),
                       G(2300, 100, kSuspend, 5, kWaiting, 42)});
  Model m = Build(ev, 4000);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end_ns, 2300u);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end, TaskRunEnd::kSuspended);
}

// The same events from the task probes keep their meaning: `other` is not a status there.
TEST(GoroutineModel, OnlyGoroutinesWaitsAreHeld) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(),
            {T(2000, 100, kCreate, 5), T(2100, 100, kResume, 5, kRunnable),
             T(2300, 100, kSuspend, 5, kWaiting, 42), T(2350, 100, kResume, 5, kWaiting)});
  Model m = Build(ev, 4000);
  ASSERT_EQ(m.tasks[0].runs.size(), 2u);
  EXPECT_EQ(RunOf(m, m.tasks[0], 0).end_ns, 2300u);
  EXPECT_EQ(m.stats.go_waits_not_blocking, 0u);
}

// Goroutines by start function: counts and costs summed per name, suspended time by the
// reason each suspension gave, from a run's end to the next run (or the task's end).
TEST(TaskGroups, TasksOfOneNameAreSummedWithTheirSuspensionsByReason) {
  constexpr uint32_t kServe = 10, kMain = 11, kIoWait = 20, kChan = 21;
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {
                          G(2000, 100, kCreate, 1, 0, kMain),
                          G(2000, 100, kCreate, 2, 1, kServe),
                          G(2000, 100, kCreate, 3, 1, kServe),
                          G(2100, 100, kResume, 2, kRunnable),  // 100 not yet run
                          G(2300, 100, kSuspend, 2, kWaiting, kIoWait),
                          G(2300, 100, kResume, 3, kRunnable),  // 300 not yet run
                          G(2400, 100, kSuspend, 3, kWaiting, kChan),
                          G(2900, 101, kWake, 2, 0),
                          G(2900, 101, kResume, 2, kRunnable),  // 600 in IO wait
                          G(3000, 101, kEnd, 2),
                          G(3400, 100, kWake, 3, 0),
                          G(3400, 100, kResume, 3, kRunnable),  // 1000 in chan receive
                          G(3500, 100, kEnd, 3),
                      });
  Model m = Build(ev, 4000);
  std::vector<TaskGroup> groups = GroupTasksByName(m, ComputeTaskMetrics(m));
  ASSERT_EQ(groups.size(), 2u);
  const TaskGroup& serve = groups[0];  // the most running time first
  EXPECT_EQ(serve.name, kServe);
  EXPECT_EQ(serve.source, TaskSource::kGoRuntime);
  EXPECT_EQ(serve.tasks, 2u);
  EXPECT_EQ(serve.running_ns, 200u + 100u + 100u + 100u);
  EXPECT_EQ(serve.resumes, 4u);
  EXPECT_EQ(serve.migrations, 1u);  // task 2 came back on the other thread
  const std::vector<std::pair<uint32_t, uint64_t>> expected = {
      {kChan, 1000}, {kIoWait, 600}, {kNotYetRun, 400}};
  EXPECT_EQ(serve.suspended_by_reason, expected);
  EXPECT_EQ(groups[1].name, kMain);
  EXPECT_EQ(groups[1].tasks, 1u);
  EXPECT_EQ(groups[1].resumes, 0u);
}

// Goroutines that existed when the recorder attached (task_snapshot): named, with their
// parent, not counted as created, and suspended for the snapshot's reason until they first
// run; one whose event came before the snapshot keeps its events and only gains the name.
TEST(GoroutineModel, ASnapshotNamesTheGoroutinesThatExistedBeforeTheAttach) {
  constexpr uint32_t kMain = 10, kHolder = 11, kWorker = 12, kSelect = 20, kChan = 21;
  const auto snapshot = [](uint64_t ts, uint64_t id, uint64_t parent, uint32_t name, uint8_t state,
                           uint32_t reason) {
    Event e = TaskEvent(ts, 0, 100, 100, EventKind::kTaskSnapshot, id, parent, name,
                        TaskSource::kGoRuntime);
    e.task.state = state;
    e.task.reason = reason;
    return e;
  };
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(), {
                          G(1900, 101, kResume, 3, kWaiting),  // seen before the snapshot
                          snapshot(2000, 1, 0, kMain, 4, kChan),
                          snapshot(2000, 2, 1, kHolder, 4, kSelect),
                          snapshot(2000, 3, 1, kWorker, 2, 0),
                          G(2500, 100, kResume, 1, kWaiting),
                          G(2800, 100, kSuspend, 1, kWaiting, kChan),
                      });
  Model m = Build(ev, 4000);
  ASSERT_EQ(m.tasks.size(), 3u);
  EXPECT_EQ(m.stats.tasks_in_snapshot, 2u);
  const Task& worker = m.tasks[0];
  EXPECT_EQ(worker.id, 3u);
  EXPECT_EQ(worker.name, kWorker);
  EXPECT_EQ(worker.first_ns, 1900u);  // its resume came first
  EXPECT_EQ(worker.runs.size(), 1u);
  const Task& main = m.tasks[1];
  EXPECT_EQ(main.name, kMain);
  EXPECT_TRUE(main.in_snapshot);
  EXPECT_FALSE(main.created_in_trace);
  EXPECT_EQ(main.first_ns, 2000u);
  const Task& holder = m.tasks[2];
  EXPECT_EQ(holder.name, kHolder);
  EXPECT_EQ(holder.parent_id, 1u);
  EXPECT_EQ(holder.parent, 1u);  // main, known by then
  EXPECT_EQ(m.stats.task_inconsistencies, 0u);
  TaskMetricsSet metrics = ComputeTaskMetrics(m);
  EXPECT_EQ(metrics.total.tasks_created, 0u);
  std::vector<TaskGroup> groups = GroupTasksByName(m, metrics);
  for (const TaskGroup& g : groups) {
    if (g.name == kMain) {
      // Waiting on a channel from the attach to its first run, and again after it.
      const std::vector<std::pair<uint32_t, uint64_t>> expected = {{kChan, 500 + 1200}};
      EXPECT_EQ(g.suspended_by_reason, expected);
    } else if (g.name == kHolder) {
      // Never ran: in its select from the attach to the end.
      const std::vector<std::pair<uint32_t, uint64_t>> expected = {{kSelect, 2000}};
      EXPECT_EQ(g.suspended_by_reason, expected);
    }
  }
}

// M:N over time: per slice, the tasks alive on average and at most, the tasks current on
// threads on average, and the threads that ran any.
TEST(TaskConcurrency, EachSliceCountsItsLiveTasksAndTheThreadsThatRanThem) {
  std::vector<Event> ev = TwoThreads();
  ev.insert(ev.end(),
            {T(2000, 100, kCreate, 1), T(2000, 100, kCreate, 2), T(2000, 100, kResume, 1),
             T(2100, 101, kResume, 2), T(2400, 100, kSuspend, 1), T(2500, 100, kCreate, 3),
             T(2500, 100, kResume, 3), T(2700, 100, kSuspend, 3), T(3100, 101, kEnd, 2),
             T(3200, 101, kResume, 1), T(3400, 101, kSuspend, 1), T(3500, 100, kEnd, 3)});
  Model m = Build(ev, 4900);
  const std::vector<ProcessTaskConcurrency> c = ComputeTaskConcurrency(m, 4);
  ASSERT_EQ(c.size(), 1u);
  ASSERT_EQ(c[0].slices.size(), 4u);
  const auto& s = c[0].slices;
  // The tasks' span, [2000, 4900] (task 1 lives on to the end), in slices of 725.
  EXPECT_EQ(s[0].start_ns, 2000u);
  EXPECT_EQ(s[1].start_ns, 2725u);
  EXPECT_EQ(s[3].end_ns, 4900u);
  // [2000, 2725): 1 and 2 all along, 3 from 2500; runs of 400, 625 (to the slice's end), 200.
  EXPECT_DOUBLE_EQ(s[0].live_tasks, (725 + 725 + 225) / 725.0);
  EXPECT_EQ(s[0].peak_live_tasks, 3u);
  EXPECT_DOUBLE_EQ(s[0].current_tasks, (400 + 625 + 200) / 725.0);
  EXPECT_EQ(s[0].threads, 2u);
  // [2725, 3450): 1 and 3 all along, 2 until 3100; 2 and then 1 ran, both on 101.
  EXPECT_DOUBLE_EQ(s[1].live_tasks, (725 + 375 + 725) / 725.0);
  EXPECT_EQ(s[1].peak_live_tasks, 3u);
  EXPECT_DOUBLE_EQ(s[1].current_tasks, (375 + 200) / 725.0);
  EXPECT_EQ(s[1].threads, 1u);
  // [3450, 4175): 1, and 3 until 3500; nothing ran.
  EXPECT_DOUBLE_EQ(s[2].live_tasks, (725 + 50) / 725.0);
  EXPECT_EQ(s[2].peak_live_tasks, 2u);
  EXPECT_DOUBLE_EQ(s[2].current_tasks, 0.0);
  EXPECT_EQ(s[2].threads, 0u);
  // [4175, 4900]: only 1, suspended.
  EXPECT_DOUBLE_EQ(s[3].live_tasks, 1.0);
  EXPECT_EQ(s[3].peak_live_tasks, 1u);
  EXPECT_EQ(s[3].threads, 0u);
}

TEST(TaskConcurrency, AProcessWithoutTasksHasNoSlices) {
  Model m = Build(TwoThreads(), 2000);
  EXPECT_TRUE(ComputeTaskConcurrency(m, 10).empty());
}

}  // namespace
}  // namespace ctrace::testing
