// `--format chrome-json`: valid JSON in the Trace Event Format whose events match the input
// events and the model, to the nanosecond.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "export/export_trace.h"
#include "model/flows.h"
#include "model/load_model.h"
#include "tests/export/export_test_util.h"
#include "tests/export/golden_trace.h"
#include "tests/export/synthetic_trace.h"
#include "tests/export/task_trace.h"
#include "tests/support/command_runner.h"
#include "tests/support/mini_json.h"
#include "tests/support/temp_dir.h"

namespace ctrace::testing {
namespace {

struct Exported {
  TempDir dir;
  std::string trace;
  std::string out;
  Json json;
  Model model;
};

void Export(const std::string& trace, Exported* e) {
  e->trace = trace;
  e->out = e->dir.File("out.json");
  ExportOptions options;
  options.format = ExportFormat::kChromeJson;
  absl::StatusOr<ExportResult> r = ExportTrace(trace, e->out, options);
  ASSERT_TRUE(r.ok()) << r.status();
  std::optional<Json> json = JsonParser::Parse(ReadFile(e->out));
  ASSERT_TRUE(json.has_value()) << "not valid JSON: " << e->out;
  e->json = *std::move(json);
  absl::StatusOr<Model> model = LoadModel(trace);
  ASSERT_TRUE(model.ok()) << model.status();
  e->model = *std::move(model);
}

void ExportGolden(Exported* e) {
  ASSERT_TRUE(WriteGoldenTrace(e->dir.File("golden.ctrace")).ok());
  Export(e->dir.File("golden.ctrace"), e);
}

// Microseconds with three decimals back to nanoseconds.
uint64_t Ns(const Json& us) { return static_cast<uint64_t>(std::llround(us.number * 1000)); }

// The state intervals told for each (pid, tid), merged back from pieces.
// The JSON keeps a state's name and CPU: those are compared.
std::map<std::pair<int64_t, int64_t>, std::vector<Told>> StateIntervals(const Json& json) {
  std::map<std::pair<int64_t, int64_t>, std::vector<Told>> out;
  for (const Json& ev : json["traceEvents"].array) {
    if (ev["ph"].string != "X" || ev["cat"].string != "state") continue;
    uint64_t start = Ns(ev["ts"]);
    uint64_t end = start + Ns(ev["dur"]);
    ThreadState state = ThreadState::kUnknown;
    for (int s = 0; s < kThreadStateCount; ++s) {
      if (ThreadStateName(static_cast<ThreadState>(s)) == ev["name"].string) {
        state = static_cast<ThreadState>(s);
      }
    }
    auto cpu = static_cast<uint16_t>(ev["args"]["cpu"].i());
    StateInterval iv = StateInterval::Make(start, state, cpu);
    out[{ev["pid"].i(), ev["tid"].i()}].push_back({start, end, iv.bits});
  }
  for (auto& [key, pieces] : out) pieces = Merged(pieces);
  return out;
}

TEST(ChromeJsonExport, IsTheGoldenFile) {
  Exported e;
  ExportGolden(&e);
  std::string text = ReadFile(e.out);
  // The input path is the only thing that changes from run to run.
  size_t at;
  while ((at = text.find(e.dir.path())) != std::string::npos) {
    text.replace(at, e.dir.path().size(), "DIR");
  }
  ExpectGolden("golden.json", text);
}

TEST(ChromeJsonExport, PythonsStrictParserAcceptsIt) {
  if (std::string(CTRACE_PYTHON3).empty()) GTEST_SKIP() << "no python3";
  Exported e;
  ExportGolden(&e);
  Exported tasks;
  ASSERT_TRUE(WriteTaskTrace(tasks.dir.File("tasks.ctrace")).ok());
  Export(tasks.dir.File("tasks.ctrace"), &tasks);
  for (const std::string& out : {e.out, tasks.out}) {
    CommandResult r = RunCommand(
        {CTRACE_PYTHON3, "-c",
         "import json,sys\n"
         "d=json.load(open(sys.argv[1]), parse_constant=lambda c: sys.exit('bad constant ' + c))\n"
         "assert isinstance(d['traceEvents'], list)\n"
         "print(len(d['traceEvents']))",
         out});
    EXPECT_EQ(r.exit_code, 0) << out << ": " << r.err;
  }
}

TEST(ChromeJsonExport, NamesProcessesAndThreadsWithMetadataEvents) {
  Exported e;
  ExportGolden(&e);
  std::map<std::pair<int64_t, int64_t>, std::string> threads;
  std::map<int64_t, std::string> processes;
  for (const Json& ev : e.json["traceEvents"].array) {
    if (ev["ph"].string != "M") continue;
    if (ev["name"].string == "thread_name") {
      threads[{ev["pid"].i(), ev["tid"].i()}] = ev["args"]["name"].string;
    } else if (ev["name"].string == "process_name") {
      processes[ev["pid"].i()] = ev["args"]["name"].string;
      EXPECT_EQ(ev["args"]["ppid"].i(), 1);
    }
  }
  EXPECT_EQ(processes[100], "server");
  std::pair<int64_t, int64_t> leader(100, 100);
  std::pair<int64_t, int64_t> worker(100, 101);
  EXPECT_EQ(threads[leader], "server");
  // Quote and tab escaped, the invalid byte replaced: the last name wins.
  EXPECT_EQ(threads[worker], "wk \"1\"\t\xEF\xBF\xBD");
}

TEST(ChromeJsonExport, StateIntervalsAreTheModelsToTheNanosecond) {
  Exported e;
  ExportGolden(&e);
  auto told = StateIntervals(e.json);
  for (uint32_t t = 0; t < e.model.threads.size(); ++t) {
    const Thread& th = e.model.threads[t];
    std::vector<Told> want = ModelIntervals(e.model, t);
    for (Told& w : want) w.bits &= 0xF | (0xFFFFu << 16);  // state and CPU: what JSON keeps
    std::pair<int64_t, int64_t> key(th.pid, th.tid);
    EXPECT_EQ(told[key], Merged(want)) << "thread " << th.tid;
  }
  // 101 blocked in epoll_wait from +7500 to +20000.
  bool found = false;
  for (const Json& ev : e.json["traceEvents"].array) {
    if (ev["name"].string != "blocked: epoll") continue;
    found = true;
    EXPECT_EQ(ev["tid"].i(), 101);
    EXPECT_EQ(Ns(ev["ts"]), kGoldenBase + 7500);
    EXPECT_EQ(Ns(ev["dur"]), 12500u);
    EXPECT_EQ(ev["args"]["syscall"].string, "epoll_wait");
  }
  EXPECT_TRUE(found);
}

TEST(ChromeJsonExport, SyscallSpansCarryArgumentsAndResults) {
  Exported e;
  ExportGolden(&e);
  std::vector<const Json*> epolls;
  for (const Json& ev : e.json["traceEvents"].array) {
    if (ev["cat"].string == "syscall" && ev["name"].string == "epoll_wait") epolls.push_back(&ev);
  }
  ASSERT_EQ(epolls.size(), 2u);
  const Json& first = *epolls[0];
  EXPECT_EQ(first["ph"].string, "X");
  EXPECT_EQ(first["tid"].i(), 101);
  EXPECT_EQ(Ns(first["ts"]), kGoldenBase + 7000);
  EXPECT_EQ(Ns(first["dur"]), 14500u);
  EXPECT_EQ(first["args"]["epfd"].i(), 3);
  EXPECT_EQ(first["args"]["maxevents"].i(), 8);
  EXPECT_EQ(first["args"]["timeout_ns"].i(), 10'000'000);
  EXPECT_EQ(first["args"]["ret"].i(), 2);
  EXPECT_EQ((*epolls[1])["args"]["ret"].i(), 0);
}

TEST(ChromeJsonExport, FlowsPairUpAndMatchTheModel) {
  Exported e;
  ExportGolden(&e);
  std::map<int64_t, std::vector<const Json*>> by_id;
  for (const Json& ev : e.json["traceEvents"].array) {
    if (ev["ph"].string == "s" || ev["ph"].string == "f") by_id[ev["id"].i()].push_back(&ev);
  }
  size_t traced_flows = 0;
  for (const Flow& f : CollectFlows(e.model)) traced_flows += f.from != kNoThread;
  EXPECT_EQ(by_id.size(), traced_flows);
  for (const auto& [id, pair] : by_id) {
    ASSERT_EQ(pair.size(), 2u) << "flow " << id;
    EXPECT_EQ((*pair[0])["ph"].string, "s");
    EXPECT_EQ((*pair[1])["ph"].string, "f");
    EXPECT_EQ((*pair[1])["bp"].string, "e");
    EXPECT_EQ((*pair[0])["name"].string, (*pair[1])["name"].string);
  }
}

TEST(ChromeJsonExport, LargeTraceMatchesTheModel) {
  Exported e;
  ASSERT_TRUE(WriteSyntheticTrace(e.dir.File("synthetic.ctrace"), 100'000).ok());
  Export(e.dir.File("synthetic.ctrace"), &e);
  auto told = StateIntervals(e.json);
  // Threads keep their tids here (no reuse), so (pid, tid) names one thread.
  for (uint32_t t = 0; t < e.model.threads.size(); ++t) {
    const Thread& th = e.model.threads[t];
    std::vector<Told> want = ModelIntervals(e.model, t);
    for (Told& w : want) w.bits &= 0xF | (0xFFFFu << 16);
    std::pair<int64_t, int64_t> key(th.pid, th.tid);
    EXPECT_EQ(told[key], Merged(want)) << "thread " << th.tid;
  }
  size_t spans = 0;
  size_t syscalls = 0;
  for (const Thread& th : e.model.threads) spans += th.syscalls.size();
  for (const Json& ev : e.json["traceEvents"].array) syscalls += ev["cat"].string == "syscall";
  EXPECT_EQ(syscalls, spans);
}

// An async slice of a task as the file has it: its "b" and "e" events.
struct AsyncRun {
  uint64_t start_ns;
  uint64_t end_ns;
  int64_t pid;
  int64_t tid;
  std::string reason;
  std::string end;
  bool operator==(const AsyncRun&) const = default;
};
std::ostream& operator<<(std::ostream& os, const AsyncRun& r) {
  return os << "{" << r.start_ns << "-" << r.end_ns << " pid " << r.pid << " tid " << r.tid
            << " reason '" << r.reason << "' end '" << r.end << "'}";
}

TEST(ChromeJsonExport, TaskRunsAreAsyncSlicePairsWithOneIdPerTask) {
  Exported e;
  ASSERT_TRUE(WriteTaskTrace(e.dir.File("tasks.ctrace")).ok());
  Export(e.dir.File("tasks.ctrace"), &e);
  std::map<std::string, std::vector<AsyncRun>> by_id;
  std::map<std::string, std::set<std::string>> names;  // id -> the names its events have
  std::map<std::string, const Json*> open;             // id -> its "b" waiting for the "e"
  for (const Json& ev : e.json["traceEvents"].array) {
    if (ev["cat"].string != "task") continue;
    const std::string& id = ev["id"].string;
    ASSERT_EQ(ev["id"].type, Json::kString);
    names[id].insert(ev["name"].string);
    if (ev["ph"].string == "b") {
      ASSERT_EQ(open.count(id), 0u) << "two begins for " << id;
      open[id] = &ev;
      continue;
    }
    ASSERT_EQ(ev["ph"].string, "e") << id;
    ASSERT_EQ(open.count(id), 1u) << "an end without a begin for " << id;
    const Json& begin = *open[id];
    open.erase(id);
    EXPECT_EQ(begin["pid"].i(), ev["pid"].i());
    EXPECT_EQ(begin["tid"].i(), ev["tid"].i());
    EXPECT_EQ(begin["args"]["tid"].i(), begin["tid"].i());
    by_id[id].push_back({Ns(begin["ts"]), Ns(ev["ts"]), begin["pid"].i(), begin["tid"].i(),
                         begin["args"]["reason"].string, begin["args"]["end"].string});
  }
  EXPECT_TRUE(open.empty());
  // One id per task, all its events named after it; the id is unique to the task.
  std::map<std::string, std::set<std::string>> want_names = {{"task-200-0", {"task 7: connection"}},
                                                             {"task-200-1", {"task 8"}},
                                                             {"task-300-2", {"goroutine 9"}}};
  EXPECT_EQ(names, want_names);
  constexpr uint64_t b = kTaskBase;
  std::map<std::string, std::vector<AsyncRun>> want = {
      {"task-200-0",
       {{b + 4000, b + 6000, 200, 201, "read", "suspended"},
        {b + 7000, b + 9000, 200, 202, "", "ended"}}},
      {"task-200-1",
       {{b + 5000, b + 7000, 200, 202, "", "replaced"},
        {b + 8000, b + 20000, 200, 201, "", "trace end"}}},
      {"task-300-2", {{b + 10000, b + 11000, 300, 301, "", "suspended"}}},
  };
  EXPECT_EQ(by_id, want);
  // The model's runs, one pair each.
  size_t pairs = 0;
  for (const auto& [id, runs] : by_id) pairs += runs.size();
  EXPECT_EQ(pairs, e.model.task_runs.size());
  for (const TaskRun& run : e.model.task_runs) {
    const Thread& th = e.model.threads[run.thread];
    std::string id = "task-" + std::to_string(th.pid) + "-" + std::to_string(run.task);
    const std::vector<AsyncRun>& runs = by_id[id];
    bool found = std::any_of(runs.begin(), runs.end(), [&](const AsyncRun& r) {
      return r.start_ns == run.start_ns && r.end_ns == run.end_ns && r.tid == th.tid;
    });
    EXPECT_TRUE(found) << id << " " << run.start_ns << "-" << run.end_ns;
  }
  // The thread a run was on is named in its args.
  for (const Json& ev : e.json["traceEvents"].array) {
    if (ev["cat"].string == "task" && ev["ph"].string == "b" && ev["tid"].i() == 201) {
      EXPECT_EQ(ev["args"]["thread"].string, "worker-1");
    }
  }
}

TEST(ChromeJsonExport, TraceWithoutTasksHasNoTaskEvents) {
  Exported e;
  ExportGolden(&e);
  for (const Json& ev : e.json["traceEvents"].array) {
    EXPECT_NE(ev["cat"].string, "task");
    EXPECT_NE(ev["ph"].string, "b");
    EXPECT_NE(ev["ph"].string, "e");
  }
}

}  // namespace
}  // namespace ctrace::testing
