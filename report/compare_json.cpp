#include "report/compare_json.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

#include "text/json_writer.h"

namespace ctrace {
namespace {

std::string_view UnitName(CompareUnit unit) {
  switch (unit) {
    case CompareUnit::kNanoseconds:
      return "ns";
    case CompareUnit::kCount:
      return "count";
    case CompareUnit::kDecimal:
      return "decimal";
  }
  return "?";
}

void Number(JsonWriter& w, bool integral, const std::optional<double>& v) {
  if (!v) {
    w.Null();
  } else if (integral) {
    w.Int(std::llround(*v));
  } else {
    w.Double(*v);
  }
}

void WriteTrace(JsonWriter& w, const CompareTrace& t) {
  w.BeginObject();
  w.Field("file", t.path);
  w.Field("name", t.name);
  w.Key("command");
  w.BeginArray();
  for (const std::string& arg : t.command) w.String(arg);
  w.EndArray();
  w.Field("hostname", t.hostname);
  w.Field("kernel_release", t.kernel_release);
  w.Field("cpu_count", t.cpu_count);
  w.Field("events", t.events);
  w.Field("lost_events", t.lost_events);
  w.Field("truncated", t.truncated);
  w.Key("requests");
  w.IntOrNull(t.requests);
  w.Field("self_check_mismatches", t.self_check_mismatches);
  w.EndObject();
}

void WriteRow(JsonWriter& w, const CompareRow& row) {
  const bool integral = row.unit != CompareUnit::kDecimal;
  w.BeginObject();
  w.Field("key", row.key);
  w.Field("section", row.section);
  w.Field("label", row.label);
  w.Field("unit", UnitName(row.unit));
  w.Key("values");
  w.BeginArray();
  for (const std::optional<double>& v : row.values) Number(w, integral, v);
  w.EndArray();
  w.Key("differences");
  w.BeginArray();
  for (const std::optional<double>& v : row.values) {
    Number(w, integral, Difference(row.values[0], v));
  }
  w.EndArray();
  w.Key("ratios");
  w.BeginArray();
  for (const std::optional<double>& v : row.values) {
    Number(w, false, Ratio(row.values[0], v));
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string RenderJsonCompare(const CompareContent& c) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Field("baseline", c.traces.empty() ? std::string_view() : std::string_view(c.traces[0].name));
  w.Key("traces");
  w.BeginArray();
  for (const CompareTrace& t : c.traces) WriteTrace(w, t);
  w.EndArray();
  w.Key("metrics");
  w.BeginArray();
  for (const CompareRow& row : c.rows) WriteRow(w, row);
  w.EndArray();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace ctrace
