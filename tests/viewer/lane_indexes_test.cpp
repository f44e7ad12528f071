// Lanes indexed on demand, in the background or a few first (lane_indexes.h) get the same
// level-of-detail indexes as lanes all indexed at once.
#include "viewer/core/lane_indexes.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"
#include "tests/viewer/synthetic_trace.h"
#include "viewer/core/lane_layout.h"
#include "viewer/core/trace_document.h"

namespace ctrace::viewer {
namespace {

void ExpectSameIndex(const LodIndex& got, const LodIndex& want, const std::string& lane) {
  ASSERT_EQ(got.levels().size(), want.levels().size()) << lane;
  for (size_t k = 0; k < want.levels().size(); ++k) {
    const LodLevel& g = got.levels()[k];
    const LodLevel& w = want.levels()[k];
    ASSERT_EQ(g.width_ns, w.width_ns) << lane << " level " << k;
    ASSERT_EQ(g.entries.size(), w.entries.size()) << lane << " level " << k;
    for (size_t i = 0; i < w.entries.size(); ++i) {
      ASSERT_EQ(g.entries[i].start_ns, w.entries[i].start_ns) << lane << " level " << k << " " << i;
      ASSERT_EQ(g.entries[i].key, w.entries[i].key) << lane << " level " << k << " " << i;
      ASSERT_EQ(g.entries[i].first, w.entries[i].first) << lane << " level " << k << " " << i;
    }
  }
}

// Every lane of `doc` indexed as LodIndex::Build indexes its items; asked for from the last.
void ExpectIndexedAsBuiltDirectly(const TraceDocument& doc) {
  for (size_t t = doc.model().threads.size(); t-- > 0;) {
    const uint32_t i = static_cast<uint32_t>(t);
    ExpectSameIndex(doc.ThreadLod(i), LodIndex::Build(doc.ThreadItems(i), ThreadKeyClass),
                    "thread " + std::to_string(t));
  }
  for (size_t c = doc.cpu_count(); c-- > 0;) {
    const uint16_t i = static_cast<uint16_t>(c);
    ExpectSameIndex(doc.CpuLod(i), LodIndex::Build(doc.CpuItems(i), CpuKeyClass),
                    "cpu " + std::to_string(c));
  }
}

class LaneIndexesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ::ctrace::testing::TempDir();
    path_ = new std::string(dir_->File("lane_indexes_test.ctrace"));
    testing::SyntheticTraceOptions o;
    o.events = 400'000;
    o.threads = 60;
    o.threads_per_process = 6;
    o.cpus = 3;
    ASSERT_TRUE(testing::WriteSyntheticTrace(*path_, o).ok());
  }
  static void TearDownTestSuite() {
    delete path_;
    delete dir_;
  }
  static std::unique_ptr<TraceDocument> Open(LaneIndexing indexing) {
    absl::StatusOr<std::unique_ptr<TraceDocument>> doc = TraceDocument::Load(*path_, {}, indexing);
    EXPECT_TRUE(doc.ok()) << doc.status();
    return doc.ok() ? *std::move(doc) : nullptr;
  }
  static ::ctrace::testing::TempDir* dir_;
  static std::string* path_;
};
::ctrace::testing::TempDir* LaneIndexesTest::dir_ = nullptr;
std::string* LaneIndexesTest::path_ = nullptr;

TEST_F(LaneIndexesTest, OnDemandLanesIndexedAsWhenAllAreBuiltAtOnce) {
  std::unique_ptr<TraceDocument> all = Open(LaneIndexing::kAll);
  std::unique_ptr<TraceDocument> lazy = Open(LaneIndexing::kOnDemand);
  ASSERT_TRUE(all && lazy);
  ASSERT_GT(all->ThreadLod(0).levels().size(), 1u);  // the trace is big enough to have levels
  ASSERT_GT(all->CpuLod(0).levels().size(), 1u);
  ExpectIndexedAsBuiltDirectly(*all);
  ExpectIndexedAsBuiltDirectly(*lazy);
}

TEST_F(LaneIndexesTest, SomeFirstThenTheRestInBackgroundWhileAskedForOnOtherThreads) {
  std::unique_ptr<TraceDocument> all = Open(LaneIndexing::kAll);
  std::unique_ptr<TraceDocument> lazy = Open(LaneIndexing::kOnDemand);
  ASSERT_TRUE(all && lazy);
  const std::vector<uint16_t> cpus{1};
  const std::vector<uint32_t> threads{0, 7, 59};
  lazy->IndexLanes(cpus, threads);
  lazy->IndexRestInBackground();
  // Two threads ask for every lane while the background thread builds them.
  std::vector<std::jthread> askers;
  for (int k = 0; k < 2; ++k) {
    askers.emplace_back([&] {
      for (uint32_t t = 0; t < lazy->model().threads.size(); ++t) (void)lazy->ThreadLod(t);
    });
  }
  askers.clear();  // joined
  ExpectIndexedAsBuiltDirectly(*lazy);
  EXPECT_EQ(lazy->IndexMemoryBytes(), all->IndexMemoryBytes());
}

TEST_F(LaneIndexesTest, ADocumentGoesWhileItsLanesAreStillBeingIndexed) {
  std::unique_ptr<TraceDocument> lazy = Open(LaneIndexing::kOnDemand);
  ASSERT_TRUE(lazy);
  lazy->IndexRestInBackground();
  // The last lane, which the background thread reaches last, asked for at once: built here.
  const uint32_t last = static_cast<uint32_t>(lazy->model().threads.size() - 1);
  ExpectSameIndex(lazy->ThreadLod(last), LodIndex::Build(lazy->ThreadItems(last), ThreadKeyClass),
                  "thread " + std::to_string(last));
  // Then the document goes with lanes still being indexed: the background thread is stopped
  // and joined before the model it reads is freed (under ASan, a read after free fails here).
  lazy.reset();
}

TEST_F(LaneIndexesTest, LanesWithinAWindowAreTheRowsThatStartInIt) {
  std::unique_ptr<TraceDocument> doc = Open(LaneIndexing::kOnDemand);
  ASSERT_TRUE(doc);
  const std::vector<const TraceDocument*> docs{doc.get()};
  const Layout layout = BuildLayout(docs, LayoutOptions{}, InitiallyCollapsed(docs));
  const float height = 300;
  LanesInView lanes = LanesWithin(layout, 0, height);
  std::vector<uint16_t> cpus;
  std::vector<uint32_t> threads;
  for (const Row& r : layout.rows) {
    if (r.y >= height) continue;
    if (r.kind == RowKind::kCpuLane) cpus.push_back(static_cast<uint16_t>(r.index));
    if (r.kind == RowKind::kThreadLane) threads.push_back(r.index);
  }
  EXPECT_EQ(lanes.cpus, cpus);
  EXPECT_EQ(lanes.threads, threads);
  EXPECT_EQ(lanes.cpus.size(), 3u);
  ASSERT_FALSE(lanes.threads.empty());
  EXPECT_LT(lanes.threads.size(), doc->model().threads.size());  // some are below the window
  EXPECT_TRUE(LanesWithin(layout, 1, height).threads.empty());   // no second trace
}

}  // namespace
}  // namespace ctrace::viewer
