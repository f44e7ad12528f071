// The streaming timeline tells exactly the model's intervals, syscall spans and flows, with
// intervals cut so that they nest inside syscall spans.
#include "export/timeline_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <span>
#include <tuple>

#include "format/syscall_table.h"
#include "model/event_order.h"
#include "model/flows.h"
#include "model/timeline_builder.h"
#include "tests/export/export_test_util.h"
#include "tests/export/golden_trace.h"
#include "tests/export/synthetic_trace.h"
#include "tests/export/task_trace.h"
#include "tests/model/test_events.h"

namespace ctrace::testing {
namespace {

struct Streamed {
  RecordingSink sink;
  Model model;
};

// Runs `events` through the stream (via EventOrder, in chunks of `chunk`) and the builder.
void StreamAndBuild(const std::vector<Event>& events, uint64_t end_ns, Streamed* out,
                    size_t chunk = 4096) {
  TimelineStream stream;
  stream.set_sink(&out->sink);
  EventOrder order(TimelineBuilderOptions{}.reorder_window_ns);
  TimelineBuilder builder;
  for (size_t i = 0; i < events.size(); i += chunk) {
    std::span<const Event> part(events.data() + i, std::min(chunk, events.size() - i));
    order.Add(part, [&](const Event& e) { stream.Apply(e); });
    builder.Add(part);
  }
  order.Finish([&](const Event& e) { stream.Apply(e); });
  out->model = builder.Finish(end_ns);
  stream.Finish(out->model.end_ns);
  EXPECT_EQ(stream.model().threads.size(), out->model.threads.size());
  EXPECT_EQ(out->sink.threads_announced, out->model.threads.size());
}

void ExpectMatchesModel(const Streamed& s) {
  const Model& m = s.model;
  // Intervals.
  for (uint32_t t = 0; t < m.threads.size(); ++t) {
    std::vector<Told> pieces = t < s.sink.pieces.size() ? s.sink.pieces[t] : std::vector<Told>{};
    EXPECT_EQ(Merged(pieces), Merged(ModelIntervals(m, t))) << "thread " << t;
  }
  // Syscall spans: every returned span is the model's, in order; unreturned ones are the
  // model's open ones (exit_ns 0) or an execve that succeeded.
  size_t returned = 0;
  size_t model_returned = 0;
  for (const Thread& th : m.threads) {
    for (const SyscallSpan& span : th.syscalls) model_returned += span.exit_ns != 0;
  }
  std::vector<size_t> next(m.threads.size(), 0);
  for (const ToldSyscall& told : s.sink.ended) {
    const PodVector<SyscallSpan>& spans = m.threads[told.thread].syscalls;
    ASSERT_LT(next[told.thread], spans.size());
    const SyscallSpan& want = spans[next[told.thread]++];
    EXPECT_EQ(told.span.enter_ns, want.enter_ns);
    EXPECT_EQ(told.span.nr, want.nr);
    if (want.exit_ns != 0) {
      EXPECT_TRUE(told.returned);
      EXPECT_EQ(told.span.exit_ns, want.exit_ns);
      EXPECT_EQ(told.span.ret, want.ret);
      ++returned;
    } else {
      bool exec_done = told.returned && (want.nr == syscall_nr::kExecve);
      EXPECT_TRUE(!told.returned || exec_done);
      EXPECT_GE(told.span.exit_ns, want.enter_ns);
    }
  }
  EXPECT_EQ(returned, model_returned);
  EXPECT_EQ(s.sink.begun.size(), s.sink.ended.size());
  // Flows, as CollectFlows has them (time order; ties in any order).
  auto key = [](const Flow& f) { return std::tuple(f.ts_ns, f.from, f.to, f.kind); };
  std::vector<Flow> want = CollectFlows(m);
  std::vector<Flow> got = s.sink.flows;
  auto by_key = [&](const Flow& a, const Flow& b) { return key(a) < key(b); };
  std::sort(want.begin(), want.end(), by_key);
  std::sort(got.begin(), got.end(), by_key);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(key(got[i]), key(want[i])) << i;
}

// Every piece lies inside or outside each syscall span of its thread.
void ExpectPiecesNest(const Streamed& s) {
  for (const ToldSyscall& told : s.sink.ended) {
    if (told.thread >= s.sink.pieces.size()) continue;
    for (const Told& p : s.sink.pieces[told.thread]) {
      bool inside = p.start_ns >= told.span.enter_ns && p.end_ns <= told.span.exit_ns;
      bool outside = p.end_ns <= told.span.enter_ns || p.start_ns >= told.span.exit_ns;
      EXPECT_TRUE(inside || outside) << "piece " << p.start_ns << "-" << p.end_ns << " vs span "
                                     << told.span.enter_ns << "-" << told.span.exit_ns;
    }
  }
}

TEST(ExportTimelineStream, GoldenTraceMatchesModel) {
  GoldenTrace g = MakeGoldenTrace();
  Streamed s;
  StreamAndBuild(g.events, g.trailer.end_monotonic_ns, &s, 5);
  ExpectMatchesModel(s);
  ExpectPiecesNest(s);
  EXPECT_FALSE(s.sink.flows.empty());
}

TEST(ExportTimelineStream, SyntheticTraceMatchesModel) {
  SyntheticTrace trace(7);
  std::vector<Event> events = trace.Take(200'000);
  Streamed s;
  StreamAndBuild(events, trace.now_ns() + 1000, &s);
  ExpectMatchesModel(s);
  ExpectPiecesNest(s);
}

TEST(ExportTimelineStream, TellsTasksAfterTheirProcessAndThreadAndRunsAsTheModelHasThem) {
  GoldenTrace g = MakeTaskTrace();
  Streamed s;
  StreamAndBuild(g.events, g.trailer.end_monotonic_ns, &s, 3);
  ExpectMatchesModel(s);
  const Model& m = s.model;
  ASSERT_EQ(m.tasks.size(), 3u);
  ASSERT_EQ(s.sink.tasks.size(), m.tasks.size());
  for (size_t i = 0; i < s.sink.tasks.size(); ++i) {
    const RecordingSink::ToldTask& told = s.sink.tasks[i];
    EXPECT_EQ(told.task, i);  // in the order they appeared
    const Task& task = m.tasks[told.task];
    EXPECT_LT(task.process, told.processes_before) << "task " << task.id;
    // The thread of its first event: the creator, else its first run's.
    uint32_t thread =
        task.created_by != kNoThread ? task.created_by : m.task_runs[task.runs[0]].thread;
    EXPECT_LT(thread, told.threads_before) << "task " << task.id;
  }
  // Goroutine 9 was first seen with its thread and process: they were told just before it.
  EXPECT_EQ(m.tasks[2].id, 9u);
  EXPECT_EQ(s.sink.tasks[2].processes_before, m.processes.size());
  EXPECT_EQ(s.sink.tasks[2].threads_before, m.threads.size());
  // Every run, in the order they ended, as the model keeps them.
  ASSERT_EQ(s.sink.task_runs.size(), m.task_runs.size());
  ASSERT_EQ(m.task_runs.size(), 5u);
  for (size_t i = 0; i < m.task_runs.size(); ++i) {
    const TaskRun& got = s.sink.task_runs[i];
    const TaskRun& want = m.task_runs[i];
    EXPECT_EQ(std::tuple(got.start_ns, got.end_ns, got.task, got.thread, got.reason, got.end),
              std::tuple(want.start_ns, want.end_ns, want.task, want.thread, want.reason, want.end))
        << "run " << i;
  }
}

TEST(ExportTimelineStream, CutsRunningIntervalAtSyscallBoundaries) {
  // Running 1000-5000 with a syscall 2000-3000 inside: three pieces, one interval.
  std::vector<Event> events = {
      Switch(1000, 0, 0, 0, 0, 10, 10),
      SyscallEnter(2000, 0, 10, 10, syscall_nr::kClone),
      SyscallExit(3000, 0, 10, 10, syscall_nr::kClone, 11),
      Switch(5000, 0, 10, 10, kTaskInterruptible, 0, 0),
  };
  Streamed s;
  StreamAndBuild(events, 6000, &s);
  ASSERT_EQ(s.sink.pieces.size(), 1u);
  std::vector<Told> pieces = s.sink.pieces[0];
  ASSERT_EQ(pieces.size(), 4u);  // running x3, then blocked until the end
  EXPECT_EQ(pieces[0].start_ns, 1000u);
  EXPECT_EQ(pieces[0].end_ns, 2000u);
  EXPECT_EQ(pieces[1].end_ns, 3000u);
  EXPECT_EQ(pieces[2].end_ns, 5000u);
  ASSERT_EQ(s.sink.ended.size(), 1u);
  EXPECT_TRUE(s.sink.ended[0].returned);
  EXPECT_EQ(s.sink.ended[0].span.ret, 11);
}

TEST(ExportTimelineStream, UnreturnedSyscallsEndAtExitNextCallOrTraceEnd) {
  std::vector<Event> events = {
      Switch(1000, 0, 0, 0, 0, 10, 10),
      SyscallEnter(2000, 0, 10, 10, syscall_nr::kEpollWait, 3, 1, -1),
      SyscallEnter(3000, 0, 10, 10, syscall_nr::kEpollWait, 3, 1, -1),  // the first's exit lost
      Exit(4000, 0, 10, 10, 0, true),
      Switch(1500, 1, 0, 0, 0, 20, 20),
      SyscallEnter(2500, 1, 20, 20, syscall_nr::kEpollWait, 5, 1, -1),
  };
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; });
  Streamed s;
  StreamAndBuild(events, 9000, &s);
  ASSERT_EQ(s.sink.ended.size(), 3u);
  for (const ToldSyscall& told : s.sink.ended) EXPECT_FALSE(told.returned);
  EXPECT_EQ(s.sink.ended[0].span.exit_ns, 3000u);  // the next call began
  EXPECT_EQ(s.sink.ended[1].span.exit_ns, 4000u);  // the thread exited
  EXPECT_EQ(s.sink.ended[2].span.exit_ns, 9000u);  // the trace ended
}

TEST(ExportEventOrder, ReleasesOverlappingChunksInTimeOrder) {
  // Two CPUs' events, drained in chunks that overlap in time and are each unsorted.
  std::mt19937_64 rng(3);
  std::vector<Event> all;
  for (uint64_t i = 0; i < 5000; ++i) {
    Event e = Base(1000 + i * 100 + rng() % 50, EventKind::kMigrate, 0, 1, 1);
    all.push_back(e);
  }
  std::vector<Event> shuffled = all;
  for (size_t i = 0; i + 8 < shuffled.size(); i += 8) {
    std::shuffle(shuffled.begin() + static_cast<ptrdiff_t>(i),
                 shuffled.begin() + static_cast<ptrdiff_t>(i + 8), rng);
  }
  EventOrder order(10'000);
  std::vector<uint64_t> out;
  for (size_t i = 0; i < shuffled.size(); i += 100) {
    order.Add(std::span<const Event>(shuffled.data() + i, 100),
              [&](const Event& e) { out.push_back(e.ts_ns); });
    EXPECT_LT(order.held(), 400u);  // about the window's worth, not everything
  }
  order.Finish([&](const Event& e) { out.push_back(e.ts_ns); });
  ASSERT_EQ(out.size(), all.size());
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
}

}  // namespace
}  // namespace ctrace::testing
