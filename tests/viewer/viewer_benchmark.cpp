// The viewer's speed on 10-million-event traces (synthetic, written with TraceWriter; one
// with 100,000 user-level tasks): opening one (read + model + level-of-detail index) and
// building one frame's draw lists on the CPU at several zoom levels, with ImGui and no GPU (no
// renderer backend: ImGui::Render only finalises the ImDrawLists a GPU would draw).
//
// Run pinned: taskset -c 1 build-viewer/tests/viewer/viewer_benchmark
// The trace is written once to $TMPDIR (or /tmp) and reused.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "format/trace_reader.h"
#include "imgui.h"
#include "model/cpu_lanes.h"
#include "model/load_model.h"
#include "model/malloc_tuning.h"
#include "tests/viewer/headless_imgui.h"
#include "tests/viewer/synthetic_trace.h"
#include "viewer/core/lane_layout.h"
#include "viewer/core/trace_document.h"
#include "viewer/ui/app.h"

namespace ctrace::viewer {
namespace {

// Writes the synthetic trace `name` once to $TMPDIR (or /tmp); its path.
std::string WriteOnce(const std::string& name, const testing::SyntheticTraceOptions& options) {
  const char* tmp = std::getenv("TMPDIR");
  std::string p = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + name;
  struct stat st;
  if (stat(p.c_str(), &st) != 0) {
    std::fprintf(stderr, "writing %s (once)...\n", p.c_str());
    absl::Status s = testing::WriteSyntheticTrace(p + ".part", options);
    if (!s.ok() || std::rename((p + ".part").c_str(), p.c_str()) != 0) {
      std::fprintf(stderr, "cannot write the trace: %s\n", std::string(s.message()).c_str());
      std::exit(1);
    }
  }
  return p;
}

// 10 million events, or CTRACE_BENCH_EVENTS (e.g. 100000000: issue 14's 100M-event trace,
// a minute of a busy server; every benchmark here then runs on it).
const std::string& TracePath() {
  static const std::string path = [] {
    testing::SyntheticTraceOptions options;
    if (const char* n = std::getenv("CTRACE_BENCH_EVENTS"); n != nullptr && *n != '\0') {
      options.events = std::strtoull(n, nullptr, 10);
    }
    const std::string size = options.events % 1'000'000 == 0
                                 ? absl::StrCat(options.events / 1'000'000, "M")
                                 : absl::StrCat(options.events);
    return WriteOnce(absl::StrCat("ctrace-viewer-bench-", size, "-v1.ctrace"), options);
  }();
  return path;
}

// The same scheduler with 100,000 tasks switched on its threads (10,000 per process), 8 at
// a time: 10 million task switches among 16 million events.
const std::string& TaskTracePath() {
  static const std::string path = [] {
    testing::SyntheticTraceOptions o;
    o.events = 16'000'000;
    o.tasks = 100'000;
    o.task_switches_per_step = 8;
    return WriteOnce("ctrace-viewer-bench-16M-tasks-v1.ctrace", o);
  }();
  return path;
}

// Every iteration starts with memory as cold as a new process's: what the last one freed goes
// back to the kernel, so the next pays the page faults again (a quarter of opening; a warm
// allocator hides them and flatters the figures by a third).
void ReturnFreedMemory() { malloc_trim(0); }

TimelineBuilderOptions WithCpuTiles() {
  TimelineBuilderOptions o;
  o.cpu_tiles = true;
  return o;
}

// What the loading thread does alone: read, check, decompress and decode every chunk (no
// model). Single-threaded, so its time is its CPU.
void BM_ReadEvents(benchmark::State& state) {
  uint64_t events = 0;
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<TraceReader>> reader = TraceReader::Open(TracePath());
    if (!reader.ok()) {
      state.SkipWithError(std::string(reader.status().message()).c_str());
      return;
    }
    std::vector<Event> chunk;
    events = 0;
    for (;;) {
      absl::StatusOr<bool> more = (*reader)->NextChunk(&chunk);
      if (!more.ok()) {
        state.SkipWithError(std::string(more.status().message()).c_str());
        return;
      }
      if (!*more) break;
      events += chunk.size();
    }
  }
  state.counters["ns_per_event"] = benchmark::Counter(
      static_cast<double>(events) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ReadEvents)->Unit(benchmark::kMillisecond)->Iterations(5);

// Reading and building the model; arg 1: also tiling the CPU lanes, as the viewer has it.
void BM_LoadModel(benchmark::State& state) {
  uint64_t events = 0;
  for (auto _ : state) {
    absl::StatusOr<Model> m =
        LoadModel(TracePath(), state.range(0) ? WithCpuTiles() : TimelineBuilderOptions{});
    if (!m.ok()) state.SkipWithError(std::string(m.status().message()).c_str());
    events = m->stats.events;
    state.PauseTiming();
    m = Model();  // freeing is not part of opening
    ReturnFreedMemory();
    state.ResumeTiming();
  }
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_LoadModel)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3);

// The viewer's indexes on a model loaded as Load() does (with CPU tiles).
void BM_BuildIndex(benchmark::State& state) {
  absl::StatusOr<Model> base = LoadModel(TracePath(), WithCpuTiles());
  if (!base.ok()) {
    state.SkipWithError(std::string(base.status().message()).c_str());
    return;
  }
  size_t index_bytes = 0, intervals = 0;
  for (const Thread& t : base->threads) intervals += t.intervals.size();
  for (auto _ : state) {
    state.PauseTiming();
    Model copy = *base;
    state.ResumeTiming();
    std::unique_ptr<TraceDocument> doc = TraceDocument::FromModel("bench", std::move(copy));
    index_bytes = doc->IndexMemoryBytes();
    state.PauseTiming();
    doc.reset();
    ReturnFreedMemory();
    state.ResumeTiming();
  }
  state.counters["intervals"] = static_cast<double>(intervals);
  state.counters["index_MB"] = static_cast<double>(index_bytes) / 1e6;
}
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond)->Iterations(3);

// What the viewer indexes before its first frame instead (lane_indexes.h): the lanes a
// 1000-pixel-tall window shows of the trace as it opens; the others wait for that frame.
void BM_IndexShownLanes(benchmark::State& state) {
  absl::StatusOr<Model> base = LoadModel(TracePath(), WithCpuTiles());
  if (!base.ok()) {
    state.SkipWithError(std::string(base.status().message()).c_str());
    return;
  }
  size_t lanes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Model copy = *base;
    state.ResumeTiming();
    std::unique_ptr<TraceDocument> doc =
        TraceDocument::FromModel("bench", std::move(copy), LaneIndexing::kOnDemand);
    const LanesInView shown = IndexLanesInView(*doc, 1000);
    lanes = shown.cpus.size() + shown.threads.size();
    state.PauseTiming();
    doc.reset();
    ReturnFreedMemory();
    state.ResumeTiming();
  }
  state.counters["lanes"] = static_cast<double>(lanes);
}
BENCHMARK(BM_IndexShownLanes)->Unit(benchmark::kMillisecond)->Iterations(3);

// Part of the index: the CPU lanes from the model (BuildCpuLanes).
void BM_CpuLanes(benchmark::State& state) {
  absl::StatusOr<Model> base = LoadModel(TracePath());
  if (!base.ok()) return;
  for (auto _ : state) benchmark::DoNotOptimize(BuildCpuLanes(*base));
}
BENCHMARK(BM_CpuLanes)->Unit(benchmark::kMillisecond)->Iterations(3);

// What opening costs before the first frame: read, build the model, index it.
void BM_OpenTrace(benchmark::State& state) {
  for (auto _ : state) {
    auto doc = TraceDocument::Load(TracePath());
    if (!doc.ok()) state.SkipWithError(std::string(doc.status().message()).c_str());
    state.PauseTiming();
    doc->reset();
    ReturnFreedMemory();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_OpenTrace)->Unit(benchmark::kMillisecond)->Iterations(3);

// The runs of every lane for the whole trace 1200 px wide: with the levels of detail (arg 0),
// and from the intervals alone (arg 1): what the levels save a zoomed-out frame.
void BM_AllLaneRunsWholeTrace(benchmark::State& state) {
  static auto doc = TraceDocument::Load(TracePath());
  if (!doc.ok()) return;
  const TraceDocument& d = **doc;
  const LodIndex none;
  const double span = static_cast<double>(d.duration_ns());
  std::vector<LaneRun> runs;
  size_t count = 0;
  for (auto _ : state) {
    count = 0;
    for (uint32_t t = 0; t < d.model().threads.size(); ++t) {
      runs.clear();
      (state.range(0) ? none : d.ThreadLod(t))
          .Runs(d.ThreadItems(t), d.origin_ns(), 0, span / 1200, 1200, ThreadKeyClass, &runs);
      count += runs.size();
    }
    for (uint16_t c = 0; c < d.cpu_count(); ++c) {
      runs.clear();
      (state.range(0) ? none : d.CpuLod(c))
          .Runs(d.CpuItems(c), d.origin_ns(), 0, span / 1200, 1200, CpuKeyClass, &runs);
      count += runs.size();
    }
  }
  state.counters["runs"] = static_cast<double>(count);
}
BENCHMARK(BM_AllLaneRunsWholeTrace)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// One ImGui context and app with the trace open, shared by the frame benchmarks.
struct Ui {
  explicit Ui(const std::string& path) {
    testing::CreateHeadlessImGuiContext(1600, 1000);
    if (!app.OpenNow({path}).empty()) std::exit(1);
    app.WaitUntilIdle();
    Frame();
  }
  void Frame() {
    ImGui::NewFrame();
    app.Frame();
    ImGui::Render();
  }
  void FrameTimelineOnly() {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1600, 1000));
    ImGui::Begin("timeline", nullptr, ImGuiWindowFlags_NoDecoration);
    app.view().DrawTimeline(ImGui::GetCursorScreenPos(), ImGui::GetContentRegionAvail());
    ImGui::End();
    ImGui::Render();
  }
  App app;
};

// One trace open at a time: ImGui has one current context.
Ui& UiFor(const std::string& path) {
  static Ui* ui = nullptr;
  static std::string open;
  if (ui == nullptr || open != path) {
    if (ui != nullptr) {
      delete ui;
      ImGui::DestroyContext();
    }
    ui = new Ui(path);
    open = path;
  }
  return *ui;
}
Ui& TheUi() { return UiFor(TracePath()); }

// Visible spans: the whole trace, then 100 ms, 1 ms, 10 us and 100 ns around its middle.
double SpanFor(int64_t level, double total) {
  switch (level) {
    case 0:
      return total * 1.02;
    case 1:
      return 100e6;
    case 2:
      return 1e6;
    case 3:
      return 10e3;
    default:
      return 100;
  }
}

void SetZoom(Ui& ui, int64_t level) {
  double total = ui.app.view().controller().axis().total_ns();
  double span = SpanFor(level, total);
  ui.app.view().SetVisibleRange(total / 2 - span / 2, total / 2 + span / 2);
  ui.Frame();  // applies it
}

void Counters(benchmark::State& state, Ui& ui) {
  ImDrawData* d = ImGui::GetDrawData();
  state.counters["vertices"] = d ? d->TotalVtxCount : 0;
  state.counters["visible_ns"] = ui.app.view().controller().axis().span();
}

void BM_Frame(benchmark::State& state) {
  Ui& ui = TheUi();
  SetZoom(ui, state.range(0));
  for (auto _ : state) ui.Frame();
  Counters(state, ui);
}
BENCHMARK(BM_Frame)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

void BM_FrameTimelineOnly(benchmark::State& state) {
  Ui& ui = TheUi();
  SetZoom(ui, state.range(0));
  for (auto _ : state) ui.FrameTimelineOnly();
  Counters(state, ui);
}
BENCHMARK(BM_FrameTimelineOnly)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// The worst case for the level of detail: a thread selected (its wakeup arrows drawn) and
// a range being shown, over the whole trace.
void BM_FrameWholeTraceWithSelection(benchmark::State& state) {
  Ui& ui = TheUi();
  SetZoom(ui, 0);
  ui.app.view().SelectTid(1001);
  ui.app.view().controller().SetRange(0, ui.app.view().controller().axis().total_ns() / 2);
  ui.Frame();
  for (auto _ : state) ui.Frame();
  Counters(state, ui);
  ui.app.view().controller().ClearRange();
}
BENCHMARK(BM_FrameWholeTraceWithSelection)->Unit(benchmark::kMillisecond);

// Opening the trace with tasks: the task rows of every thread are indexed up front, a task's
// lane when it is first drawn.
void BM_OpenTraceWithTasks(benchmark::State& state) {
  size_t tasks = 0, runs = 0;
  for (auto _ : state) {
    auto doc = TraceDocument::Load(TaskTracePath());
    if (!doc.ok()) state.SkipWithError(std::string(doc.status().message()).c_str());
    state.PauseTiming();
    tasks = (*doc)->model().tasks.size();
    runs = (*doc)->model().task_runs.size();
    doc->reset();
    ReturnFreedMemory();
    state.ResumeTiming();
  }
  state.counters["tasks"] = static_cast<double>(tasks);
  state.counters["task_runs"] = static_cast<double>(runs);
}
BENCHMARK(BM_OpenTraceWithTasks)->Unit(benchmark::kMillisecond)->Iterations(3);

// Frames of the trace with tasks at the zoom levels of BM_Frame, with the first process's
// 10,000 task lanes unfolded (the lanes on screen are built on first draw: the first frame
// at each zoom, untimed, pays for them).
void BM_FrameWithTasks(benchmark::State& state) {
  Ui& ui = UiFor(TaskTracePath());
  ui.app.view().SetGroupOpen(0, RowKind::kTaskGroupHeader, 0, true);
  SetZoom(ui, state.range(0));
  ui.Frame();
  for (auto _ : state) ui.Frame();
  Counters(state, ui);
}
BENCHMARK(BM_FrameWithTasks)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ctrace::viewer

// As the programs do (model/malloc_tuning.h).
int main(int argc, char** argv) {
  ctrace::TuneMallocForBigModels();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
