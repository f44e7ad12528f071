#include "model/flows.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/model/test_events.h"

namespace ctrace {
namespace {

using ::ctrace::testing::Build;
using ::ctrace::testing::Fork;
using ::ctrace::testing::Switch;
using ::ctrace::testing::Wake;

TEST(FlowsTest, CreationAndWakeupFlowsInTimeOrder) {
  Model m = Build({Fork(1000, 0, 100, 100, 1, 1), Switch(2000, 0, 0, 0, 0, 100, 100),
                   Fork(2100, 0, 101, 100, 100, 100), Switch(2200, 1, 0, 0, 0, 101, 100),
                   Switch(2300, 1, 101, 100, kTaskInterruptible, 0, 0),
                   Wake(2400, 0, 101, 100, 100, 100),  // 100 wakes 101
                   Switch(2500, 0, 100, 100, kTaskInterruptible, 0, 0),
                   Wake(2600, 1, 100, 100, 0, 0)},  // an interrupt wakes 100
                  3000);
  std::vector<Flow> flows = CollectFlows(m);
  // 100's creator (pid 1) is not traced: no flow into 100.
  ASSERT_EQ(flows.size(), 3u);
  EXPECT_EQ(flows[0].kind, FlowKind::kCreate);
  EXPECT_EQ(flows[0].ts_ns, 2100u);
  EXPECT_EQ(m.threads[flows[0].from].tid, 100);
  EXPECT_EQ(m.threads[flows[0].to].tid, 101);
  EXPECT_EQ(flows[1].kind, FlowKind::kWake);
  EXPECT_EQ(flows[1].ts_ns, 2400u);
  EXPECT_EQ(m.threads[flows[1].from].tid, 100);
  EXPECT_EQ(m.threads[flows[1].to].tid, 101);
  EXPECT_EQ(flows[2].from, kNoThread);

  std::vector<Flow> window = CollectFlows(m, 2300, 2500);
  ASSERT_EQ(window.size(), 1u);
  EXPECT_EQ(window[0].ts_ns, 2400u);
}

}  // namespace
}  // namespace ctrace
