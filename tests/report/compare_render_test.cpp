// The text table and the JSON document of `ctrace compare`, from known models.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/compare_content.h"
#include "report/compare_json.h"
#include "report/compare_text.h"
#include "tests/report/forking_trace.h"
#include "tests/report/sample_trace.h"
#include "tests/support/mini_json.h"

namespace ctrace {
namespace {

using ::ctrace::testing::BuildForkingModel;
using ::ctrace::testing::BuildSampleModel;
using ::ctrace::testing::Json;
using ::ctrace::testing::JsonParser;
using ::testing::HasSubstr;
using ::testing::Not;

CompareContent ThreeTraces(std::optional<uint64_t> requests = std::nullopt) {
  std::vector<CompareInput> inputs;
  inputs.push_back({"sample.ctrace", BuildSampleModel(), requests});
  inputs.push_back({"fork-three-children.ctrace", BuildForkingModel(3), requests});
  inputs.push_back({"fork-twelve-children.ctrace", BuildForkingModel(12), requests});
  return MakeCompareContent(std::move(inputs));
}

// The line of the text table that starts with `label` (after its indent).
std::string LineOf(const std::string& text, const std::string& label) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), label)) return std::string(line);
  }
  return "";
}

TEST(CompareTextTest, ThreeTracesFitOneHundredColumns) {
  std::string text = RenderTextCompare(ThreeTraces(200));
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    EXPECT_LE(line.size(), 100u) << line;
    EXPECT_FALSE(absl::EndsWith(line, " ")) << line;
  }
}

TEST(CompareTextTest, OneColumnPerTraceNamedByFileAndCommand) {
  std::string text = RenderTextCompare(ThreeTraces());
  EXPECT_THAT(text, HasSubstr("ctrace compare: 3 traces; (differences) are against sample\n"));
  std::string names = LineOf(text, "trace ");
  EXPECT_THAT(names, HasSubstr("sample"));
  EXPECT_THAT(names, HasSubstr("fork-three-children"));
  EXPECT_THAT(names, HasSubstr("fork-twelve-childre"));  // cut to the column
  EXPECT_THAT(LineOf(text, "command"), HasSubstr("server"));
  EXPECT_THAT(LineOf(text, "command"), HasSubstr("forker"));
}

TEST(CompareTextTest, RowsShowValuesAndDifferencesFromTheFirst) {
  std::string text = RenderTextCompare(ThreeTraces());
  // 1 thread created in the sample, none in the others.
  EXPECT_THAT(LineOf(text, "threads created"), HasSubstr("0 (-100%)"));
  EXPECT_THAT(LineOf(text, "blocked: wait"), HasSubstr("6.15us (+6.15us)"));
  EXPECT_THAT(LineOf(text, "blocked: wait"), HasSubstr("24.6us (+24.6us)"));
  EXPECT_THAT(text, HasSubstr("\nswitches\n"));
  EXPECT_THAT(text, HasSubstr("\nblocked by reason\n"));
}

TEST(CompareTextTest, PerRequestRowsOnlyWithACount) {
  std::string without = RenderTextCompare(ThreeTraces());
  EXPECT_THAT(without, Not(HasSubstr("\nper request\n")));
  EXPECT_THAT(without, HasSubstr("per request: no request counts given"));
  std::string with = RenderTextCompare(ThreeTraces(3));
  EXPECT_THAT(with, HasSubstr("\nper request\n"));
  EXPECT_THAT(LineOf(with, "requests (given)"), HasSubstr("3 (=)"));
}

TEST(CompareTextTest, WarnsAboutIncompleteTraces) {
  std::vector<CompareInput> inputs;
  inputs.push_back({"a.ctrace", BuildSampleModel(), std::nullopt});
  Model cut = BuildForkingModel(2);
  cut.truncated = true;
  cut.stats.lost_events = 5;
  inputs.push_back({"b.ctrace", std::move(cut), std::nullopt});
  std::string text = RenderTextCompare(MakeCompareContent(std::move(inputs)));
  EXPECT_THAT(text, HasSubstr("warning: b was cut off"));
  EXPECT_THAT(text, HasSubstr("warning: b: the kernel dropped 5 events"));
}

TEST(CompareFormatTest, DifferencesAreShortAndSigned) {
  using U = CompareUnit;
  EXPECT_EQ(FormatCompareDiff(U::kCount, 4.0, 4.0), "(=)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 100.0, 145.0), "(+45%)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 100.0, 97.5), "(-2.5%)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 10.0, 120.0), "(x12)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 1000.0, 80.0), "(/12)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 1000.0, 0.0), "(-100%)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 0.0, 3.0), "(+3)");
  EXPECT_EQ(FormatCompareDiff(U::kNanoseconds, 0.0, 1'200'000.0), "(+1.20ms)");
  EXPECT_EQ(FormatCompareDiff(U::kCount, std::nullopt, 3.0), "");
  EXPECT_EQ(FormatCompareDiff(U::kCount, 3.0, std::nullopt), "");
  EXPECT_EQ(FormatCompareValue(U::kDecimal, 2.0 / 3.0), "0.67");
  EXPECT_EQ(FormatCompareValue(U::kDecimal, 123.4), "123");
  EXPECT_EQ(FormatCompareValue(U::kNanoseconds, std::nullopt), "-");
  EXPECT_EQ(FormatCompareValue(U::kCount, 1234567.0), "1234567");
}

const Json* Metric(const Json& doc, const std::string& key) {
  for (const Json& m : doc["metrics"].array) {
    if (m["key"].string == key) return &m;
  }
  return nullptr;
}

TEST(CompareJsonTest, DocumentHasTracesAndOneMetricPerRow) {
  CompareContent content = ThreeTraces(3);
  std::optional<Json> doc = JsonParser::Parse(RenderJsonCompare(content));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["baseline"].string, "sample");
  ASSERT_EQ((*doc)["traces"].array.size(), 3u);
  const Json& t = (*doc)["traces"][1];
  EXPECT_EQ(t["file"].string, "fork-three-children.ctrace");
  EXPECT_EQ(t["name"].string, "fork-three-children");
  EXPECT_EQ(t["command"][0].string, "/usr/bin/forker");
  EXPECT_EQ(t["requests"].i(), 3);
  EXPECT_EQ(t["lost_events"].i(), 0);
  EXPECT_FALSE(t["truncated"].boolean);
  EXPECT_EQ((*doc)["metrics"].array.size(), content.rows.size());
}

TEST(CompareJsonTest, ValuesDifferencesAndRatiosAgainstTheFirst) {
  std::optional<Json> doc = JsonParser::Parse(RenderJsonCompare(ThreeTraces(3)));
  ASSERT_TRUE(doc.has_value());
  const Json* wait = Metric(*doc, "blocked_ns.wait");
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ((*wait)["unit"].string, "ns");
  EXPECT_EQ((*wait)["section"].string, "blocked by reason");
  EXPECT_EQ((*wait)["values"][0].i(), 0);
  EXPECT_EQ((*wait)["values"][1].i(), 6150);
  EXPECT_EQ((*wait)["differences"][1].i(), 6150);
  EXPECT_TRUE((*wait)["ratios"][1].is_null());  // from a zero base

  const Json* threads = Metric(*doc, "threads_created");
  ASSERT_NE(threads, nullptr);
  EXPECT_EQ((*threads)["ratios"][0].number, 1.0);
  EXPECT_EQ((*threads)["ratios"][2].number, 0.0);
  EXPECT_EQ((*threads)["differences"][2].i(), -1);

  const Json* per_call = Metric(*doc, "epoll_events_per_call");
  ASSERT_NE(per_call, nullptr);
  EXPECT_EQ((*per_call)["unit"].string, "decimal");
  EXPECT_EQ((*per_call)["values"][0].number, 1.0);
  EXPECT_TRUE((*per_call)["values"][1].is_null());

  const Json* switches = Metric(*doc, "voluntary_switches_per_request");
  ASSERT_NE(switches, nullptr);
  EXPECT_NEAR((*switches)["values"][0].number, 2.0 / 3.0, 1e-5);  // a fraction
  EXPECT_EQ((*switches)["values"][1].number, 1.0);
}

TEST(CompareJsonTest, UnknownRequestCountsAreNull) {
  std::optional<Json> doc = JsonParser::Parse(RenderJsonCompare(ThreeTraces()));
  ASSERT_TRUE(doc.has_value());
  EXPECT_TRUE((*doc)["traces"][0]["requests"].is_null());
  const Json* cpu = Metric(*doc, "cpu_time_per_request_ns");
  ASSERT_NE(cpu, nullptr);
  for (const Json& v : (*cpu)["values"].array) EXPECT_TRUE(v.is_null());
  for (const Json& v : (*cpu)["differences"].array) EXPECT_TRUE(v.is_null());
}

}  // namespace
}  // namespace ctrace
