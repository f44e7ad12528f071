// The viewer's observable state written as "key value" lines (--state-file), so tests that
// drive the real window with synthetic input can check what it did.
#ifndef CTRACE_VIEWER_CORE_VIEW_STATE_H_
#define CTRACE_VIEWER_CORE_VIEW_STATE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ctrace::viewer {

struct ViewState {
  // A row on screen: kind 'c' CPU lane (id: CPU), 't' thread lane (id: tid), 'p' process
  // header (id: pid), 'g' other group header (id: 0); y and height in window pixels.
  struct RowRect {
    char kind;
    int32_t id;
    float y;
    float height;
    bool operator==(const RowRect&) const = default;
  };

  double t0_ns = 0;  // visible range, from the trace start
  double t1_ns = 0;
  int32_t selected_tid = 0;        // 0: none
  int64_t selected_interval = -1;  // index in the selected thread's intervals
  double range_from_ns = -1;       // dragged range (-1: none)
  double range_to_ns = -1;
  uint64_t frames = 0;
  int documents = 0;
  std::string error;  // the message of an open error dialog
  // Where the timeline is on screen (window pixels), for tests that check screenshots.
  float time_x = 0;  // left edge of the time area: TimeAt(time_x) == t0_ns
  float time_width = 0;
  float lanes_top = 0;
  float lanes_bottom = 0;
  double ns_per_px = 0;
  std::vector<RowRect> rows;  // rows at least partly visible
  // The window and the layout kept between runs (imgui.ini).
  int window_width = 0;
  int window_height = 0;
  int bottom_tab = 0;
  // The tooltip shown: "thread TID INTERVAL", "cpu CPU ITEM", "marker TID INDEX", or empty.
  std::string hover;

  std::string Serialize() const;
  static absl::StatusOr<ViewState> Parse(const std::string& text);
  bool operator==(const ViewState&) const = default;
};

// Writes atomically (temp file + rename) so a reader never sees half a state.
absl::Status WriteViewState(const std::string& path, const ViewState& state);

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_VIEW_STATE_H_
