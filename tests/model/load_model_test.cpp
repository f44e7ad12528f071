// Loading a trace file into the model: progress is reported chunk by chunk, in file order, up
// to the end of the last chunk.
#include "model/load_model.h"

#include <sys/stat.h>

#include <vector>

#include "gtest/gtest.h"
#include "tests/support/event_builders.h"
#include "tests/support/fixed_trace.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

TEST(LoadModelTest, ProgressFollowsTheChunksToTheEnd) {
  testing::TempDir dir;
  const std::string path = dir.File("progress.ctrace");
  testing::FixedTrace trace;
  trace.header.cpu_count = 2;
  trace.strings = {""};
  for (uint64_t i = 0; i < 1000; ++i) {
    trace.events.push_back(
        testing::Switch(1000 + i * 100, static_cast<uint16_t>(i % 2), 100, 100, 0, 0, 0));
  }
  ASSERT_TRUE(testing::WriteFixedTrace(trace, path, /*chunk_events=*/100).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);

  std::vector<uint64_t> reads;
  absl::StatusOr<Model> m = LoadModel(path, {}, [&](uint64_t read, uint64_t size) {
    EXPECT_EQ(size, static_cast<uint64_t>(st.st_size));
    reads.push_back(read);
  });
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(reads.size(), 10u);  // one call per chunk of 100
  for (size_t i = 1; i < reads.size(); ++i) EXPECT_GT(reads[i], reads[i - 1]);
  EXPECT_LT(reads.back(), static_cast<uint64_t>(st.st_size));  // the trailer is left
  EXPECT_GT(reads.back(), static_cast<uint64_t>(st.st_size) - 200);
}

}  // namespace
}  // namespace ctrace
