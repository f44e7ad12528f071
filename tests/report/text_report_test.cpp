#include "report/text_report.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/report_content.h"
#include "tests/report/sample_trace.h"
#include "text/duration_text.h"

namespace ctrace {
namespace {

using ::ctrace::testing::BuildSampleModel;
using ::testing::HasSubstr;

std::string SampleText() {
  return RenderTextReport(MakeReportContent("sample.ctrace", BuildSampleModel()));
}

TEST(TextReportTest, HeaderShowsCommandDurationEventsAndSelfCheck) {
  std::string text = SampleText();
  EXPECT_THAT(text, HasSubstr("command     /usr/bin/server --port 8080\n"));
  EXPECT_THAT(text, HasSubstr("duration    50.0us   events 23   lost events 0"));
  EXPECT_THAT(text, HasSubstr("self-check  OK: 2/2 exited threads match the kernel's switch "
                              "counts; max CPU-time diff 100ns"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("warning")));
}

TEST(TextReportTest, ProcessTreeShowsExecAndExitCode) {
  std::string text = SampleText();
  EXPECT_THAT(text, HasSubstr("100 server"));
  EXPECT_THAT(text, HasSubstr("exit 7"));
  EXPECT_THAT(text, HasSubstr("    exec /usr/bin/server\n"));
}

TEST(TextReportTest, OneOfAThingIsSingular) {
  std::string text = SampleText();
  EXPECT_THAT(text, HasSubstr("created     1 thread, 1 process;"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr(" 1 threads")));
  EXPECT_THAT(text, ::testing::Not(HasSubstr(" 1 processes")));
  EXPECT_THAT(text, ::testing::Not(HasSubstr(" 1 migrations")));
  EXPECT_THAT(text, ::testing::Not(HasSubstr(" 1 wakeups")));
}

// A real nginx trace had its five-digit PIDs run into the NAME column: every width of PID,
// up to PID_MAX_LIMIT's seven digits, leaves the names in one column.
TEST(TextReportTest, NamesLineUpWhateverThePidsWidth) {
  Model m = BuildSampleModel();
  ASSERT_GE(m.processes.size(), 1u);
  m.processes.push_back(m.processes[0]);
  m.processes.push_back(m.processes[0]);
  m.processes[0].pid = 7;
  m.processes[1].pid = 54321;
  m.processes[2].pid = 4194303;
  std::string text = RenderTextReport(MakeReportContent("x.ctrace", std::move(m)));
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  std::vector<size_t> name_at;
  for (const std::string& line : lines) {
    size_t at = line.find("server");
    if (at == std::string::npos || line.find("exit") == std::string::npos) continue;
    for (const char* pid : {"      7 ", "  54321 ", "4194303 "}) {
      if (line.rfind(pid, 0) == 0) name_at.push_back(at);
    }
  }
  ASSERT_EQ(name_at.size(), 3u) << text;
  EXPECT_EQ(name_at[0], name_at[1]) << text;
  EXPECT_EQ(name_at[0], name_at[2]) << text;
}

TEST(TextReportTest, ThreadsAreSortedByCpuTime) {
  std::string text = SampleText();
  size_t table = text.find("threads by CPU time");
  ASSERT_NE(table, std::string::npos);
  size_t leader = text.find("\n    100 server", table);
  size_t worker = text.find("\n    101 server", table);
  ASSERT_NE(leader, std::string::npos);
  ASSERT_NE(worker, std::string::npos);
  EXPECT_LT(leader, worker);  // 23.0 us before 9.5 us
  EXPECT_THAT(text.substr(leader, worker - leader), HasSubstr("23.0us"));
  EXPECT_THAT(text.substr(worker), HasSubstr("9.50us"));
}

TEST(TextReportTest, EpollAndBlockedTablesListOnlyThreadsWithSuchTime) {
  std::string text = SampleText();
  size_t epoll = text.find("\nepoll_wait\n");
  ASSERT_NE(epoll, std::string::npos);
  std::string rest = text.substr(epoll);
  EXPECT_THAT(rest,
              HasSubstr("    101 server                  2   15.0us         2     1.00         1"));
  EXPECT_THAT(rest.substr(0, rest.find("\n\n")), ::testing::Not(HasSubstr("    100 server")));
  EXPECT_THAT(text, HasSubstr("blocked time by reason"));
}

TEST(TextReportTest, LocksListTheFutexWordsSleptOnWithWaitersAndWakers) {
  std::string text = SampleText();
  size_t locks = text.find("\nlocks (futex words slept on, most wait time first)\n");
  ASSERT_NE(locks, std::string::npos) << text;
  // 100 slept 14 us on the word until 101 woke it.
  EXPECT_THAT(
      text.substr(locks),
      HasSubstr("    100 server          0x7f1234567000       1   14.0us   14.0us       1      1"
                "        0  -\n"));  // no variable known: the sample has no address names
}

TEST(TextReportTest, SaysHowManyWakeupsFoundNothingToDo) {
  EXPECT_THAT(SampleText(), HasSubstr("\nwakeups that found nothing to do: 0 of 1 wakeup out of "
                                      "recorded calls"));
}

TEST(TextReportTest, ATraceWithoutFutexAddressesHasNoLocksSection) {
  Model m = BuildSampleModel();
  for (Thread& t : m.threads) t.futex_waits.clear();  // as from a version 1 trace
  EXPECT_THAT(RenderTextReport(MakeReportContent("v1.ctrace", std::move(m))),
              ::testing::Not(HasSubstr("\nlocks")));
}

TEST(TextReportTest, EveryLineFitsA100ColumnTerminal) {
  std::vector<std::string> lines = absl::StrSplit(SampleText(), '\n');
  for (const std::string& line : lines) {
    EXPECT_LE(line.size(), 100u) << line;
  }
}

TEST(TextReportTest, WarnsAboutLostEventsTruncationAndMismatches) {
  Model m = BuildSampleModel();
  m.stats.lost_events = 12;
  m.truncated = true;
  m.truncation_reason = "ends inside chunk 3";
  m.threads[1].exit->kernel_involuntary_switches = 4;
  std::string text = RenderTextReport(MakeReportContent("x.ctrace", std::move(m)));
  EXPECT_THAT(text, HasSubstr("warning: the kernel dropped 12 events: results may be incomplete"));
  EXPECT_THAT(text, HasSubstr("warning: the recording was cut off (ends inside chunk 3)"));
  EXPECT_THAT(text, HasSubstr("self-check  MISMATCH: 1/2"));
  EXPECT_THAT(text, HasSubstr("tid 101 (server): voluntary 1 vs kernel 1, involuntary 1 vs "
                              "kernel 4"));
}

}  // namespace
}  // namespace ctrace
