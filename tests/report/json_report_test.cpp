#include "report/json_report.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "report/report_content.h"
#include "tests/report/sample_trace.h"
#include "tests/support/mini_json.h"

namespace ctrace {
namespace {

using ::ctrace::testing::BuildSampleModel;
using ::ctrace::testing::Json;
using ::ctrace::testing::JsonParser;

Json SampleJson() {
  std::string text = RenderJsonReport(MakeReportContent("sample.ctrace", BuildSampleModel()));
  EXPECT_EQ(text.back(), '\n');
  std::optional<Json> doc = JsonParser::Parse(text);
  EXPECT_TRUE(doc.has_value()) << text;
  return doc.value_or(Json());
}

const Json* ThreadWithTid(const Json& doc, int64_t tid) {
  for (const Json& t : doc["threads"].array) {
    if (t["tid"].i() == tid) return &t;
  }
  return nullptr;
}

TEST(JsonReportTest, TopLevelHasTheDocumentedFields) {
  Json doc = SampleJson();
  for (const char* key :
       {"command", "duration_ns", "events", "lost_events", "processes", "threads", "self_check"}) {
    EXPECT_TRUE(doc.has(key)) << key;
  }
  ASSERT_EQ(doc["command"].array.size(), 3u);
  EXPECT_EQ(doc["command"][0].string, "/usr/bin/server");
  EXPECT_EQ(doc["command"][2].string, "8080");
  EXPECT_EQ(doc["duration_ns"].i(), 50000);
  EXPECT_EQ(doc["events"].i(), 23);
  EXPECT_EQ(doc["lost_events"].i(), 0);
  EXPECT_EQ(doc["truncated"].boolean, false);
  EXPECT_TRUE(doc["truncation_reason"].is_null());
  EXPECT_EQ(doc["end_reason"].string, "program exited");
  EXPECT_EQ(doc["file"].string, "sample.ctrace");
  EXPECT_EQ(doc["peak_running_threads"].i(), 2);
}

TEST(JsonReportTest, LocksHaveTheirAddressWaitsWaitersAndWakers) {
  Json doc = SampleJson();
  ASSERT_EQ(doc["locks"].array.size(), 1u);
  const Json& lock = doc["locks"][0];
  EXPECT_EQ(lock["pid"].i(), 100);
  EXPECT_EQ(lock["address"].i(), static_cast<int64_t>(::ctrace::testing::kSampleFutexWord));
  EXPECT_TRUE(lock["name"].is_null());
  EXPECT_EQ(lock["waits"].i(), 1);
  EXPECT_EQ(lock["wait_ns"].i(), 14000);
  EXPECT_EQ(lock["max_wait_ns"].i(), 14000);
  EXPECT_EQ(lock["waits_without_waker"].i(), 0);
  ASSERT_EQ(lock["waiters"].array.size(), 1u);
  EXPECT_EQ(lock["waiters"][0].i(), 100);
  ASSERT_EQ(lock["wakers"].array.size(), 1u);
  EXPECT_EQ(lock["wakers"][0].i(), 101);
}

// A lock the recorder named (format version 3) has its variable and the file defining it.
TEST(JsonReportTest, ANamedLockHasItsVariableAndItsFile) {
  Model m = BuildSampleModel();
  m.strings.push_back("shared_mutex+0x8");
  m.strings.push_back("/usr/bin/server");
  const uint32_t name = static_cast<uint32_t>(m.strings.size() - 2);
  m.processes[0].address_names.push_back({::ctrace::testing::kSampleFutexWord, name, name + 1});
  std::string text = RenderJsonReport(MakeReportContent("sample.ctrace", std::move(m)));
  std::optional<Json> doc = JsonParser::Parse(text);
  ASSERT_TRUE(doc.has_value()) << text;
  const Json& lock = (*doc)["locks"][0];
  EXPECT_EQ(lock["name"].string, "shared_mutex+0x8");
  EXPECT_EQ(lock["object"].string, "/usr/bin/server");
  EXPECT_TRUE(SampleJson()["locks"][0]["object"].is_null());
}

TEST(JsonReportTest, WakeupGroupsJudgeTheWakeupsOutOfRecordedCalls) {
  Json doc = SampleJson();
  // 101's epoll_wait(3) sleep, ended by an interrupt; it returned 2 events.
  ASSERT_EQ(doc["wakeup_groups"].array.size(), 1u);
  const Json& g = doc["wakeup_groups"][0];
  EXPECT_EQ(g["pid"].i(), 100);
  EXPECT_EQ(g["syscall"].string, "epoll_wait");
  EXPECT_EQ(g["resource"].i(), 3);
  EXPECT_TRUE(g["waker"].is_null());
  EXPECT_EQ(g["wakeups"].i(), 1);
  EXPECT_EQ(g["slept_again"].i(), 0);
  EXPECT_EQ(g["returned_empty"].i(), 0);
  ASSERT_EQ(g["woken"].array.size(), 1u);
  EXPECT_EQ(g["woken"][0].i(), 101);
}

TEST(JsonReportTest, ProcessHasTreeExecsExitAndThreads) {
  Json doc = SampleJson();
  ASSERT_EQ(doc["processes"].array.size(), 1u);
  const Json& p = doc["processes"][0];
  EXPECT_EQ(p["pid"].i(), 100);
  EXPECT_EQ(p["ppid"].i(), 1);
  EXPECT_EQ(p["comm"].string, "server");  // renamed by exec
  ASSERT_EQ(p["execs"].array.size(), 1u);
  EXPECT_EQ(p["execs"][0].string, "/usr/bin/server");
  EXPECT_EQ(p["exit_code"].i(), 7);
  EXPECT_TRUE(p["exit_signal"].is_null());
  ASSERT_EQ(p["threads"].array.size(), 2u);
  EXPECT_EQ(p["threads"][0].i(), 100);
  EXPECT_EQ(p["threads"][1].i(), 101);
}

TEST(JsonReportTest, ThreadFieldsCarryTheMetrics) {
  Json doc = SampleJson();
  ASSERT_EQ(doc["threads"].array.size(), 2u);
  EXPECT_EQ(doc["threads"][0]["tid"].i(), 100);  // most CPU time first
  const Json* t = ThreadWithTid(doc, 101);
  ASSERT_NE(t, nullptr);
  const Json& w = *t;
  EXPECT_EQ(w["pid"].i(), 100);
  EXPECT_EQ(w["comm"].string, "server");
  // Its timeline ends at its exit event (30000), not at its last switch-out.
  EXPECT_EQ(w["running_ns"].i(), 9500);
  EXPECT_EQ(w["runnable_ns"].i(), 1500 + 1000 + 1000);
  EXPECT_EQ(w["blocked_ns"]["epoll"].i(), 12500);
  for (const char* reason : {"futex", "io", "sleep", "other"}) {
    EXPECT_EQ(w["blocked_ns"][reason].i(), 0) << reason;
    EXPECT_EQ(w["blocked_ns"][reason].type, Json::kNumber) << reason;
  }
  EXPECT_EQ(w["voluntary_switches"].i(), 1);  // epoll_wait; the switch after exit is not counted
  EXPECT_EQ(w["involuntary_switches"].i(), 1);
  EXPECT_EQ(w["migrations"].i(), 0);
  EXPECT_EQ(w["wakeups_received"].i(), 1);
  EXPECT_EQ(w["wakeups_given"].i(), 1);
  EXPECT_EQ(w["runqueue_latency_ns"]["p50"].i(), 1000);
  EXPECT_EQ(w["runqueue_latency_ns"]["p90"].i(), 1500);
  EXPECT_EQ(w["runqueue_latency_ns"]["p99"].i(), 1500);
  EXPECT_EQ(w["runqueue_latency_ns"]["max"].i(), 1500);
  EXPECT_EQ(w["epoll"]["calls"].i(), 2);
  EXPECT_EQ(w["epoll"]["wait_ns"].i(), 14500 + 500);
  EXPECT_EQ(w["epoll"]["events_returned"].i(), 2);
  EXPECT_EQ(w["epoll"]["empty_returns"].i(), 1);
  EXPECT_EQ(w["created_by"].i(), 100);
  EXPECT_EQ(w["own_creation_latency_ns"].i(), 2000);  // clone3 entry 4000 -> first run 6000
  EXPECT_EQ(w["exit_code"].i(), 7);

  const Json* leader = ThreadWithTid(doc, 100);
  ASSERT_NE(leader, nullptr);
  EXPECT_TRUE((*leader)["created_by"].is_null());  // its creator (pid 1) is not traced
  EXPECT_EQ((*leader)["blocked_ns"]["futex"].i(), 14000);
  EXPECT_EQ((*leader)["threads_created"].i(), 1);
}

TEST(JsonReportTest, SelfCheckReportsMatchesAndTheCpuTimeDifference) {
  Json doc = SampleJson();
  const Json& c = doc["self_check"];
  EXPECT_EQ(c["threads_checked"].i(), 2);
  EXPECT_EQ(c["threads_matching"].i(), 2);
  EXPECT_EQ(c["max_cpu_time_diff_ns"].i(), 100);
  EXPECT_EQ(c["max_cpu_time_diff_tid"].i(), 101);
  EXPECT_TRUE(c["mismatches"].array.empty());
  EXPECT_FALSE(c["incomplete"].boolean);
}

TEST(JsonReportTest, MismatchAndAliveStateAreExplicit) {
  Model m = BuildSampleModel();
  m.threads[1].exit->kernel_voluntary_switches = 5;  // as if switches had been lost
  m.processes[0].exit.reset();
  m.threads[0].exit.reset();
  m.threads[0].comm = 99;  // a name with bytes that are not UTF-8
  m.strings.resize(100);
  m.strings[99] = "bad\xff\n";
  std::optional<Json> doc =
      JsonParser::Parse(RenderJsonReport(MakeReportContent("x.ctrace", std::move(m))));
  ASSERT_TRUE(doc.has_value());
  const Json& c = (*doc)["self_check"];
  EXPECT_EQ(c["threads_checked"].i(), 1);
  EXPECT_EQ(c["threads_matching"].i(), 0);
  ASSERT_EQ(c["mismatches"].array.size(), 1u);
  EXPECT_EQ(c["mismatches"][0]["tid"].i(), 101);
  EXPECT_EQ(c["mismatches"][0]["model_voluntary_switches"].i(), 1);
  EXPECT_EQ(c["mismatches"][0]["kernel_voluntary_switches"].i(), 5);
  EXPECT_TRUE((*doc)["processes"][0]["exit_code"].is_null());
  EXPECT_TRUE(ThreadWithTid(*doc, 100) != nullptr);
  EXPECT_TRUE((*ThreadWithTid(*doc, 100))["exit_code"].is_null());
  EXPECT_EQ((*ThreadWithTid(*doc, 100))["comm"].string, "bad\xef\xbf\xbd\n");
}

TEST(JsonReportTest, DeathBySignalIsReportedAsTheShellDoes) {
  Model m = BuildSampleModel();
  m.processes[0].exit->exit_code = 9;  // SIGKILL
  std::optional<Json> doc =
      JsonParser::Parse(RenderJsonReport(MakeReportContent("x.ctrace", std::move(m))));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["processes"][0]["exit_code"].i(), 137);
  EXPECT_EQ((*doc)["processes"][0]["exit_signal"].i(), 9);
}

}  // namespace
}  // namespace ctrace
