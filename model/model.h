// The built timeline model of one trace: threads, processes, lost-event gaps and what the
// builder noticed about the event stream. Produced by TimelineBuilder (or LoadModel);
// metrics, CPU lanes, flows and the self-check are computed from it.
#ifndef CTRACE_MODEL_MODEL_H_
#define CTRACE_MODEL_MODEL_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "format/event.h"
#include "format/trace_file.h"
#include "model/cpu_tiles.h"
#include "model/process.h"
#include "model/task.h"
#include "model/thread_timeline.h"

namespace ctrace {

// The kernel dropped `count` records on `cpu` somewhere in [start_ns, end_ns]: from the
// previous event recorded on that CPU to the kLost event. Any thread's state in that span
// may be wrong.
struct LostGap {
  uint64_t start_ns;
  uint64_t end_ns;
  uint64_t count;
  uint16_t cpu;
};

struct ModelStats {
  uint64_t events = 0;
  std::array<uint64_t, kMaxEventKind + 1> events_by_kind{};
  uint64_t lost_events = 0;  // sum of kLost counts
  // Events older than the reorder window allowed for: applied late, clamped to the
  // thread's last known time.
  uint64_t late_events = 0;
  // Events that contradict the thread's known state (e.g. switched out while not running):
  // a sign of lost or misordered events.
  uint64_t inconsistencies = 0;
  uint64_t unknown_kinds = 0;  // events of a kind this model does not know (skipped)
  // Task events that contradict the task protocol (docs/tasks.md): a suspend of a task that
  // is not current on that thread, an end of an unknown id, a resume of a task current on
  // another thread, a create of an id still alive.
  uint64_t task_inconsistencies = 0;
  uint64_t tasks_first_seen = 0;   // tasks whose first event was not their creation
  uint64_t tasks_in_snapshot = 0;  // tasks first known from the recorder's snapshot at attach
  // Goroutine waits that were not blocks: 2 -> 4 -> 2 on one thread, the GC working on the
  // goroutine's behalf (their runs are joined).
  uint64_t go_waits_not_blocking = 0;
};

struct Model {
  TraceHeader header;
  std::optional<TraceTrailer> trailer;
  bool truncated = false;
  std::string truncation_reason;
  std::vector<std::string> strings;  // the trace's string table; id 0 is ""

  uint64_t start_ns = 0;  // recording start (header), else the first event
  uint64_t end_ns = 0;    // recording end (trailer), else the last event

  std::vector<Thread> threads;     // every thread incarnation (a reused tid is a new one)
  std::vector<Process> processes;  // every process incarnation
  std::vector<Task> tasks;         // every task incarnation (model/task.h)
  std::vector<TaskRun> task_runs;  // every run of a task on a thread, in the order they ended
  std::vector<LostGap> gaps;
  ModelStats stats;
  // Which thread held each CPU when, as tiles: built only if TimelineBuilderOptions asked
  // for them (the viewer does), else empty; BuildCpuLanes derives the same from the threads.
  CpuTiles cpu_tiles;

  std::string_view String(uint32_t id) const {
    return id < strings.size() ? std::string_view(strings[id]) : std::string_view();
  }
  // End of interval `i` of thread `t`: the next interval's start, or the end of the trace.
  uint64_t IntervalEnd(const Thread& t, size_t i) const {
    return i + 1 < t.intervals.size() ? t.intervals[i + 1].start_ns
                                      : std::max(end_ns, uint64_t{t.intervals[i].start_ns});
  }
  // What a process called itself by rewriting its argv ("nginx: worker process"): its command
  // line at exit, first argument only, when that is not what its last exec gave it (the
  // recorder keeps a prefix of each, so a prefix of the exec's argv is the same); "" if not.
  std::string_view TitleOf(const Process& p) const;
  // Total lost records: the trailer's per-CPU counts when present, else the kLost events.
  uint64_t LostEvents() const;

  // Bytes held by the model's containers (capacity, not size), excluding the header.
  size_t MemoryBytes() const;
};

}  // namespace ctrace

#endif  // CTRACE_MODEL_MODEL_H_
