// The CPU lanes the viewer draws: tiled by the model builder while a trace loads, or derived
// from the threads' intervals for a model built without tiles; both must say the same.
#include <vector>

#include "gtest/gtest.h"
#include "model/cpu_lanes.h"
#include "model/load_model.h"
#include "tests/support/temp_dir.h"
#include "tests/viewer/synthetic_trace.h"
#include "tests/viewer/viewer_test_util.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {
namespace {

void ExpectSameLanes(const TraceDocument& a, const TraceDocument& b) {
  ASSERT_EQ(a.cpu_count(), b.cpu_count());
  for (uint16_t c = 0; c < a.cpu_count(); ++c) {
    const PodVector<CpuItem>& x = a.CpuEntries(c);
    const PodVector<CpuItem>& y = b.CpuEntries(c);
    ASSERT_EQ(x.size(), y.size()) << "cpu " << c;
    for (size_t i = 0; i < x.size(); ++i) {
      uint64_t got = x[i].start_ns, want = y[i].start_ns;  // copies: packed fields
      ASSERT_EQ(got, want) << "cpu " << c << " item " << i;
      ASSERT_EQ(x[i].key, y[i].key) << "cpu " << c << " item " << i;
    }
  }
}

TEST(CpuTilesLoad, TiledWhileLoadingSameAsDerivedAfterwards) {
  ::ctrace::testing::TempDir dir;
  std::string path = dir.File("cpu_tiles_load_test.ctrace");
  testing::SyntheticTraceOptions o;
  o.events = 200'000;
  o.threads = 37;
  o.threads_per_process = 5;
  o.cpus = 3;
  ASSERT_TRUE(testing::WriteSyntheticTrace(path, o).ok());
  absl::StatusOr<std::unique_ptr<TraceDocument>> loaded = TraceDocument::Load(path);
  absl::StatusOr<Model> plain = LoadModel(path);  // no tiles
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(plain.ok()) << plain.status();
  ASSERT_TRUE(plain->cpu_tiles.empty());
  auto derived = TraceDocument::FromModel(path, *std::move(plain));
  ASSERT_EQ((*loaded)->cpu_count(), 3u);
  size_t items = 0;
  for (uint16_t c = 0; c < 3; ++c) items += (*loaded)->CpuEntries(c).size();
  EXPECT_GT(items, 10'000u);  // the schedule keeps every CPU busy
  ExpectSameLanes(**loaded, *derived);
}

TEST(CpuTilesLoad, ModelWithoutTilesIsTiledByTheDocument) {
  auto doc = testing::SmallTrace().BuildDocument(10000);
  ASSERT_EQ(doc->cpu_count(), 2u);
  EXPECT_TRUE(doc->CpuUsed(0));
}

TEST(CpuTilesLoad, EmptyModelHasEmptyLanes) {
  Model m;
  m.header.cpu_count = 4;
  auto doc = TraceDocument::FromModel("empty.ctrace", std::move(m));
  ASSERT_EQ(doc->cpu_count(), 4u);
  for (uint16_t c = 0; c < 4; ++c) EXPECT_TRUE(doc->CpuEntries(c).empty());
}

}  // namespace
}  // namespace ctrace::viewer
