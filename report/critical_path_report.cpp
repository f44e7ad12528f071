#include "report/critical_path_report.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format/string_view_compat.h"
#include "format/syscall_table.h"
#include "report/name_cell.h"
#include "text/duration_text.h"
#include "text/json_writer.h"

namespace ctrace {
namespace {

// The pieces that end the chain, summed by whose they are and how they end: a sleep of c in
// nanosleep woken by its timer, 50 ms.
struct ChainEnd {
  uint32_t thread;
  ThreadState state;
  int32_t syscall;
  PathGap gap;
  uint64_t ns;
};

std::vector<ChainEnd> ChainEnds(const CriticalPath& chain) {
  std::map<std::tuple<uint32_t, ThreadState, int32_t, PathGap>, uint64_t> sums;
  for (const PathSegment& s : chain.segments) {
    if (s.gap != PathGap::kNone)
      sums[{s.thread, s.state, s.syscall, s.gap}] += s.end_ns - s.start_ns;
  }
  std::vector<ChainEnd> ends;
  for (const auto& [key, ns] : sums) {
    ends.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), ns});
  }
  std::stable_sort(ends.begin(), ends.end(),
                   [](const ChainEnd& a, const ChainEnd& b) { return a.ns > b.ns; });
  return ends;
}

// "blocked: sleep (nanosleep)", "running".
std::string StateText(ThreadState state, int32_t syscall) {
  std::string text(ThreadStateName(state));
  if (IsBlocked(state) && syscall >= 0) {
    std::string_view name = SyscallName(syscall);
    absl::StrAppend(&text, " (",
                    name.empty() ? absl::StrCat("syscall ", syscall) : std::string(name), ")");
  }
  return text;
}

std::string Percent(uint64_t ns, uint64_t total) {
  return total == 0 ? ""
                    : absl::StrFormat("%5.1f%%",
                                      100.0 * static_cast<double>(ns) / static_cast<double>(total));
}

// "no traced waker": the JSON key, as words.
std::string GapText(PathGap g) {
  std::string text(PathGapName(g));
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

std::string Who(const Model& m, uint32_t t) {
  return absl::StrFormat("%7d %-15s", m.threads[t].tid, NameCell(m.String(m.threads[t].comm)));
}

}  // namespace

std::optional<uint32_t> ThreadForTid(const Model& model, int32_t tid, uint64_t at_ns) {
  for (uint32_t t = 0; t < model.threads.size(); ++t) {
    const Thread& th = model.threads[t];
    if (th.tid != tid) continue;
    const uint64_t end = th.exit ? th.exit->ts_ns : model.end_ns;
    if (end >= at_ns) return t;
  }
  return std::nullopt;
}

std::string RenderCriticalPathText(const Model& m, const std::string& path,
                                   const CriticalPath& chain) {
  const Thread& th = m.threads[chain.thread];
  const uint64_t total = chain.end_ns - chain.start_ns;
  std::string out = absl::StrCat("ctrace report: ", path, "\n");
  absl::StrAppend(&out, "critical path of thread ", th.tid, " (", NameCell(m.String(th.comm)),
                  ") of process ", th.pid, ", from ",
                  FormatDurationCell(chain.start_ns - m.start_ns), " to ",
                  FormatDurationCell(chain.end_ns - m.start_ns), " after the trace's start (",
                  FormatDurationCell(total), ")\n\n");
  absl::StrAppend(&out, "where the time went\n");
  auto row = [&](std::string_view what, uint64_t ns) {
    absl::StrAppend(&out, absl::StrFormat("  %-40s %8s %s\n", what, FormatDurationCell(ns),
                                          Percent(ns, total)));
  };
  row("running itself", chain.own_running_ns);
  row("waiting for a CPU (itself or a waker)", chain.waiting_for_cpu_ns);
  for (const PathThreadTime& h : CpuHolders(chain, BuildCpuLanes(m))) {
    row(h.thread == kLaneIdle    ? std::string("  the CPU idle (the wakeup reaching it)")
        : h.thread == kLaneOther ? std::string("  held by a thread outside the trace")
                                 : absl::StrCat("  held by ", m.threads[h.thread].tid, " (",
                                                NameCell(m.String(m.threads[h.thread].comm)), ")"),
        h.ns);
  }
  for (const PathThreadTime& t : chain.by_thread) {
    row(absl::StrCat("waiting for ", m.threads[t.thread].tid, " (",
                     NameCell(m.String(m.threads[t.thread].comm)), ") to run"),
        t.ns);
  }
  row("not explained by any thread's activity", chain.unexplained_ns);
  for (int g = 1; g < kPathGapCount; ++g) {
    if (chain.unexplained_by_gap[g] == 0) continue;
    row(absl::StrCat("  ", GapText(static_cast<PathGap>(g))), chain.unexplained_by_gap[g]);
  }

  std::vector<ChainEnd> ends = ChainEnds(chain);
  if (!ends.empty()) {
    absl::StrAppend(
        &out, "\nwhere the chain ends (what no traced thread's activity explains)\n",
        absl::StrFormat("%7s %-15s %-34s %-16s %8s\n", "TID", "NAME", "STATE", "WHY", "TIME"));
    for (const ChainEnd& e : ends) {
      absl::StrAppend(&out, absl::StrFormat("%s %-34s %-16s %8s\n", Who(m, e.thread),
                                            StateText(e.state, e.syscall), GapText(e.gap),
                                            FormatDurationCell(e.ns)));
    }
  }

  constexpr size_t kShown = 60;
  absl::StrAppend(&out, "\nsegments (indented by hop: what woke the thread above)\n",
                  absl::StrFormat("%9s %8s %7s %-15s %s\n", "AT", "TIME", "TID", "NAME", "STATE"));
  for (size_t i = 0; i < std::min(kShown, chain.segments.size()); ++i) {
    const PathSegment& s = chain.segments[i];
    std::string indent(2 * std::min<uint32_t>(s.depth, 10), ' ');
    absl::StrAppend(
        &out, absl::StrFormat("%9s %8s %s %s%s%s\n", FormatDurationCell(s.start_ns - m.start_ns),
                              FormatDurationCell(s.end_ns - s.start_ns), Who(m, s.thread), indent,
                              StateText(s.state, s.syscall),
                              s.gap == PathGap::kNone ? std::string()
                                                      : absl::StrCat(" [", GapText(s.gap), "]")));
  }
  if (chain.segments.size() > kShown) {
    absl::StrAppend(&out, "  ... ", chain.segments.size() - kShown,
                    " more segments (--json has every one)\n");
  }
  return out;
}

std::string RenderCriticalPathJson(const Model& m, const std::string& path,
                                   const CriticalPath& chain) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Field("file", path);
  w.Field("tid", m.threads[chain.thread].tid);
  w.Field("pid", m.threads[chain.thread].pid);
  w.Field("start_ns", chain.start_ns);
  w.Field("end_ns", chain.end_ns);
  w.Key("segments");
  w.BeginArray();
  for (const PathSegment& s : chain.segments) {
    w.BeginObject();
    w.Field("tid", m.threads[s.thread].tid);
    w.Field("start_ns", s.start_ns);
    w.Field("end_ns", s.end_ns);
    w.Field("state", ThreadStateName(s.state));
    w.Key("syscall");
    if (IsBlocked(s.state) && s.syscall >= 0 && !SyscallName(s.syscall).empty()) {
      w.String(SyscallName(s.syscall));
    } else {
      w.Null();
    }
    w.Field("depth", s.depth);
    w.Key("unexplained");
    if (s.gap == PathGap::kNone) {
      w.Null();
    } else {
      w.String(PathGapName(s.gap));
    }
    w.EndObject();
  }
  w.EndArray();
  w.Field("own_running_ns", chain.own_running_ns);
  w.Field("waiting_for_cpu_ns", chain.waiting_for_cpu_ns);
  w.Key("cpu_held_by");
  w.BeginArray();
  for (const PathThreadTime& h : CpuHolders(chain, BuildCpuLanes(m))) {
    w.BeginObject();
    w.Field("holder", h.thread == kLaneIdle    ? "idle"
                      : h.thread == kLaneOther ? "untraced"
                                               : "thread");
    w.Key("tid");
    w.IntOrNull(h.thread == kLaneIdle || h.thread == kLaneOther
                    ? std::nullopt
                    : std::optional<int32_t>(m.threads[h.thread].tid));
    w.Field("ns", h.ns);
    w.EndObject();
  }
  w.EndArray();
  w.Key("by_thread");
  w.BeginArray();
  for (const PathThreadTime& t : chain.by_thread) {
    w.BeginObject();
    w.Field("tid", m.threads[t.thread].tid);
    w.Field("ns", t.ns);
    w.EndObject();
  }
  w.EndArray();
  w.Field("unexplained_ns", chain.unexplained_ns);
  w.Key("unexplained_by_cause_ns");
  w.BeginObject();
  for (int g = 1; g < kPathGapCount; ++g) {
    w.Field(PathGapName(static_cast<PathGap>(g)), chain.unexplained_by_gap[g]);
  }
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace ctrace
