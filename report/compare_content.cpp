#include "report/compare_content.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "model/futile_wakeups.h"
#include "model/locks.h"
#include "model/metrics.h"
#include "model/self_check.h"
#include "model/task_metrics.h"

namespace ctrace {
namespace {

// What one trace contributes to the rows: its model's facts, computed once.
struct TraceFacts {
  const Model* model;
  TraceMetrics metrics;
  TaskTotals tasks;
  uint32_t peak_alive;
  std::optional<uint64_t> requests;
  std::vector<Lock> locks;  // most contended first
  std::vector<WakeupGroup> wakeup_groups;
};

std::string NameOf(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  if (absl::EndsWith(name, ".ctrace") && name.size() > 7) name.resize(name.size() - 7);
  return name;
}

std::optional<double> Whole(uint64_t v) { return static_cast<double>(v); }

// A latency percentile exists only if there were samples.
std::optional<double> Percentile(const LatencySummary& s, uint64_t LatencySummary::*field) {
  if (s.count == 0) return std::nullopt;
  return static_cast<double>(s.*field);
}

std::optional<double> PerRequest(uint64_t v, const std::optional<uint64_t>& requests,
                                 bool round_to_integer) {
  if (!requests || *requests == 0) return std::nullopt;
  double per = static_cast<double>(v) / static_cast<double>(*requests);
  return round_to_integer ? std::round(per) : per;
}

class RowBuilder {
 public:
  explicit RowBuilder(const std::vector<TraceFacts>& facts, std::vector<CompareRow>* rows)
      : facts_(facts), rows_(rows) {}

  void Section(std::string section) { section_ = std::move(section); }

  void Add(std::string key, std::string label, CompareUnit unit,
           const std::function<std::optional<double>(const TraceFacts&)>& value) {
    CompareRow row{std::move(key), section_, std::move(label), unit, {}};
    for (const TraceFacts& f : facts_) row.values.push_back(value(f));
    rows_->push_back(std::move(row));
  }

 private:
  const std::vector<TraceFacts>& facts_;
  std::vector<CompareRow>* rows_;
  std::string section_;
};

void AddRows(const std::vector<TraceFacts>& facts, std::vector<CompareRow>* rows) {
  using U = CompareUnit;
  using F = const TraceFacts&;
  RowBuilder b(facts, rows);

  b.Section("time");
  b.Add("wall_time_ns", "wall time", U::kNanoseconds,
        [](F f) { return Whole(f.model->end_ns - f.model->start_ns); });
  b.Add("cpu_time_ns", "CPU time", U::kNanoseconds,
        [](F f) { return Whole(f.metrics.total.running_ns); });
  b.Add("runnable_ns", "runnable (waiting for CPU)", U::kNanoseconds,
        [](F f) { return Whole(f.metrics.total.runnable_ns); });
  b.Add("blocked_total_ns", "blocked, all reasons", U::kNanoseconds,
        [](F f) { return Whole(f.metrics.total.blocked_total_ns()); });

  b.Section("processes and threads");
  b.Add("processes_created", "processes created", U::kCount,
        [](F f) { return Whole(f.metrics.total.processes_created); });
  b.Add("threads_created", "threads created", U::kCount,
        [](F f) { return Whole(f.metrics.total.threads_created); });
  b.Add("peak_threads_alive", "peak threads alive", U::kCount,
        [](F f) { return Whole(f.peak_alive); });
  b.Add("peak_threads_running", "peak threads on CPUs", U::kCount,
        [](F f) { return Whole(f.metrics.peak_running_threads); });
  b.Add("creation_latency_p50_ns", "creation latency p50", U::kNanoseconds,
        [](F f) { return Percentile(f.metrics.total.creation_latency, &LatencySummary::p50); });
  b.Add("creation_latency_p99_ns", "creation latency p99", U::kNanoseconds,
        [](F f) { return Percentile(f.metrics.total.creation_latency, &LatencySummary::p99); });

  b.Section("switches");
  b.Add("voluntary_switches", "voluntary switches", U::kCount,
        [](F f) { return Whole(f.metrics.total.voluntary_switches); });
  b.Add("involuntary_switches", "involuntary switches", U::kCount,
        [](F f) { return Whole(f.metrics.total.involuntary_switches); });
  b.Add("migrations", "migrations", U::kCount,
        [](F f) { return Whole(f.metrics.total.migrations); });
  b.Add("wakeups", "wakeups", U::kCount,
        [](F f) { return Whole(f.metrics.total.wakeups_received); });
  b.Add("runqueue_latency_p50_ns", "run-queue latency p50", U::kNanoseconds,
        [](F f) { return Percentile(f.metrics.total.runqueue_latency, &LatencySummary::p50); });
  b.Add("runqueue_latency_p99_ns", "run-queue latency p99", U::kNanoseconds,
        [](F f) { return Percentile(f.metrics.total.runqueue_latency, &LatencySummary::p99); });

  // Only the reasons some trace blocked in: nine rows of zeros would hide the ones that
  // tell the models apart.
  b.Section("blocked by reason");
  for (int r = 0; r < kBlockReasonCount; ++r) {
    bool any = std::any_of(facts.begin(), facts.end(),
                           [&](F f) { return f.metrics.total.blocked_ns[r] > 0; });
    if (!any) continue;
    std::string name(BlockReasonName(static_cast<BlockReason>(r)));
    b.Add(absl::StrCat("blocked_ns.", name), absl::StrCat("blocked: ", name), U::kNanoseconds,
          [r](F f) { return Whole(f.metrics.total.blocked_ns[r]); });
  }

  b.Section("epoll");
  b.Add("epoll_calls", "epoll_wait calls", U::kCount,
        [](F f) { return Whole(f.metrics.total.epoll.calls); });
  b.Add("epoll_events_per_call", "events per call", U::kDecimal, [](F f) -> std::optional<double> {
    const EpollStats& e = f.metrics.total.epoll;
    if (e.calls == 0) return std::nullopt;
    return static_cast<double>(e.events_returned) / static_cast<double>(e.calls);
  });

  // Only when some trace has tasks: the rows that tell coroutine, green-thread and M:N models
  // from thread models (docs/tasks.md).
  if (std::any_of(facts.begin(), facts.end(), [](F f) { return f.tasks.tasks > 0; })) {
    b.Section("tasks");
    b.Add("tasks_created", "tasks created", U::kCount,
          [](F f) { return Whole(f.tasks.tasks_created); });
    b.Add("peak_live_tasks", "peak live tasks", U::kCount,
          [](F f) { return Whole(f.tasks.peak_live_tasks); });
    b.Add("task_switches", "task switches", U::kCount,
          [](F f) { return Whole(f.tasks.task_switches); });
    b.Add("task_switches_per_context_switch", "task switches per ctx sw", U::kDecimal,
          [](F f) { return f.tasks.task_switches_per_context_switch; });
    b.Add("task_thread_blocked_ns", "tasks blocking a thread", U::kNanoseconds,
          [](F f) { return Whole(f.tasks.thread_blocked_ns); });
    b.Add("task_migrations", "task migrations", U::kCount,
          [](F f) { return Whole(f.tasks.migrations); });
  }

  // Only when some trace has futex sleeps with their addresses (format version 2).
  if (std::any_of(facts.begin(), facts.end(), [](F f) { return !f.locks.empty(); })) {
    b.Section("locks");
    b.Add("locks", "futex words slept on", U::kCount, [](F f) { return Whole(f.locks.size()); });
    b.Add("locks_with_several_waiters", "... by 2+ threads", U::kCount, [](F f) {
      return Whole(std::count_if(f.locks.begin(), f.locks.end(),
                                 [](const Lock& l) { return l.waiters.size() > 1; }));
    });
    b.Add("lock_waits", "futex sleeps", U::kCount, [](F f) {
      uint64_t n = 0;
      for (const Lock& l : f.locks) n += l.waits;
      return Whole(n);
    });
    b.Add("lock_wait_ns", "time asleep on locks", U::kNanoseconds, [](F f) {
      uint64_t ns = 0;
      for (const Lock& l : f.locks) ns += l.wait_ns;
      return Whole(ns);
    });
    b.Add("top_lock_wait_ns", "on the most waited-on", U::kNanoseconds,
          [](F f) { return Whole(f.locks.empty() ? 0 : f.locks[0].wait_ns); });
  }

  // Only when some trace has wakeups out of recorded calls (epoll, or --syscalls).
  if (std::any_of(facts.begin(), facts.end(), [](F f) { return !f.wakeup_groups.empty(); })) {
    b.Section("wakeups");
    b.Add("judged_wakeups", "out of recorded calls", U::kCount, [](F f) {
      uint64_t n = 0;
      for (const WakeupGroup& g : f.wakeup_groups) n += g.wakeups;
      return Whole(n);
    });
    b.Add("futile_wakeups", "that found nothing to do", U::kCount, [](F f) {
      uint64_t n = 0;
      for (const WakeupGroup& g : f.wakeup_groups) n += g.futile();
      return Whole(n);
    });
  }

  b.Section("per request");
  b.Add("requests", "requests (given)", U::kCount, [](F f) -> std::optional<double> {
    if (!f.requests) return std::nullopt;
    return static_cast<double>(*f.requests);
  });
  b.Add("cpu_time_per_request_ns", "CPU time", U::kNanoseconds,
        [](F f) { return PerRequest(f.metrics.total.running_ns, f.requests, true); });
  b.Add("created_per_request", "processes+threads created", U::kDecimal, [](F f) {
    const ActivityMetrics& t = f.metrics.total;
    return PerRequest(t.processes_created + t.threads_created, f.requests, false);
  });
  b.Add("voluntary_switches_per_request", "voluntary switches", U::kDecimal,
        [](F f) { return PerRequest(f.metrics.total.voluntary_switches, f.requests, false); });
  b.Add("involuntary_switches_per_request", "involuntary switches", U::kDecimal,
        [](F f) { return PerRequest(f.metrics.total.involuntary_switches, f.requests, false); });
  b.Add("epoll_calls_per_request", "epoll_wait calls", U::kDecimal,
        [](F f) { return PerRequest(f.metrics.total.epoll.calls, f.requests, false); });
}

}  // namespace

uint32_t PeakThreadsAlive(const Model& model) {
  // +1 at each start, -1 at each end; at equal times ends go first, so a thread that exits
  // as another starts does not count twice.
  std::vector<std::pair<uint64_t, int>> edges;
  edges.reserve(model.threads.size() * 2);
  for (const Thread& t : model.threads) {
    uint64_t end = t.exit ? t.exit->ts_ns : model.end_ns;
    edges.emplace_back(t.first_ns, +1);
    edges.emplace_back(std::max(end, t.first_ns), -1);
  }
  std::sort(edges.begin(), edges.end());
  int64_t alive = 0;
  int64_t peak = 0;
  for (const auto& [ts, delta] : edges) {
    alive += delta;
    peak = std::max(peak, alive);
  }
  return static_cast<uint32_t>(peak);
}

std::optional<double> Difference(const std::optional<double>& base,
                                 const std::optional<double>& value) {
  if (!base || !value) return std::nullopt;
  return *value - *base;
}

std::optional<double> Ratio(const std::optional<double>& base, const std::optional<double>& value) {
  if (!base || !value || *base == 0) return std::nullopt;
  return *value / *base;
}

CompareContent MakeCompareContent(std::vector<CompareInput> inputs) {
  CompareContent c;
  std::vector<TraceFacts> facts;
  facts.reserve(inputs.size());
  std::map<std::string, int> name_uses;
  for (const CompareInput& in : inputs) {
    const Model& m = in.model;
    CompareTrace t;
    t.path = in.path;
    t.name = NameOf(in.path);
    t.command = m.header.command;
    t.hostname = m.header.hostname;
    t.kernel_release = m.header.kernel_release;
    t.cpu_count = m.header.cpu_count;
    t.events = m.stats.events;
    t.lost_events = m.LostEvents();
    t.truncated = m.truncated;
    t.requests = in.requests;
    t.self_check_mismatches = RunSelfCheck(m).mismatches.size();
    ++name_uses[t.name];
    c.traces.push_back(std::move(t));
    facts.push_back({&in.model, ComputeMetrics(m), ComputeTaskMetrics(m).total, PeakThreadsAlive(m),
                     in.requests, ComputeLocks(m), ComputeWakeupGroups(m)});
  }
  // Two traces of the same name in different folders: their paths tell them apart.
  for (CompareTrace& t : c.traces) {
    if (name_uses[t.name] > 1) t.name = t.path;
  }
  AddRows(facts, &c.rows);
  return c;
}

}  // namespace ctrace
