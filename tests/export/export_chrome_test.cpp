// `--format chrome-json`: valid JSON in the Trace Event Format whose events match the input
// events and the model, to the nanosecond.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "export/export_trace.h"
#include "model/flows.h"
#include "model/load_model.h"
#include "tests/export/export_test_util.h"
#include "tests/export/golden_trace.h"
#include "tests/export/synthetic_trace.h"
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
  CommandResult r = RunCommand(
      {CTRACE_PYTHON3, "-c",
       "import json,sys\n"
       "d=json.load(open(sys.argv[1]), parse_constant=lambda c: sys.exit('bad constant ' + c))\n"
       "assert isinstance(d['traceEvents'], list)\n"
       "print(len(d['traceEvents']))",
       e.out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
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

}  // namespace
}  // namespace ctrace::testing
