#include "viewer/core/view_state.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace ctrace::viewer {
namespace {

TEST(ViewState, RoundTripsThroughText) {
  ViewState s;
  s.t0_ns = 12.5;
  s.t1_ns = 1e9;
  s.selected_tid = 4242;
  s.selected_interval = 17;
  s.range_from_ns = 100;
  s.range_to_ns = 200;
  s.frames = 99;
  s.documents = 2;
  s.error = "x.ctrace: chunk 3 is corrupt";
  s.window_width = 1000;
  s.window_height = 700;
  s.bottom_tab = 3;
  s.hover = "thread 1543 12";
  s.time_x = 190.5f;
  s.time_width = 1000;
  s.lanes_top = 80;
  s.lanes_bottom = 600;
  s.ns_per_px = 1234.5;
  s.rows = {{'c', 0, 80, 16}, {'p', 100, 98, 20}, {'t', 101, 120, 20}};
  absl::StatusOr<ViewState> back = ViewState::Parse(s.Serialize());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, s);
}

TEST(ViewState, UnknownKeysAreErrors) { EXPECT_FALSE(ViewState::Parse("zoom 3\n").ok()); }

TEST(ViewState, WritesAtomically) {
  ::ctrace::testing::TempDir dir;
  std::string path = dir.File("view_state_test.txt");
  ViewState s;
  s.selected_tid = 7;
  ASSERT_TRUE(WriteViewState(path, s).ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(ViewState::Parse(text.str())->selected_tid, 7);
}

}  // namespace
}  // namespace ctrace::viewer
