#include "viewer/core/view_state.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ctrace::viewer {

std::string ViewState::Serialize() const {
  std::string out = absl::StrFormat(
      "t0_ns %.3f\nt1_ns %.3f\nselected_tid %d\nselected_interval %d\nrange_from_ns %.3f\n"
      "range_to_ns %.3f\nframes %d\ndocuments %d\nerror %s\n",
      t0_ns, t1_ns, selected_tid, selected_interval, range_from_ns, range_to_ns, frames, documents,
      error);
  absl::StrAppendFormat(&out, "time_x %.2f\ntime_width %.2f\nlanes_top %.2f\nlanes_bottom %.2f\n",
                        time_x, time_width, lanes_top, lanes_bottom);
  absl::StrAppendFormat(&out, "ns_per_px %.6f\n", ns_per_px);
  absl::StrAppendFormat(&out, "window %dx%d\nbottom_tab %d\nhover %s\n", window_width,
                        window_height, bottom_tab, hover);
  for (const RowRect& r : rows) {
    absl::StrAppendFormat(&out, "row %c %d %.2f %.2f\n", r.kind, r.id, r.y, r.height);
  }
  return out;
}

absl::StatusOr<ViewState> ViewState::Parse(const std::string& text) {
  ViewState s;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string key = line.substr(0, space);
    std::string value = line.substr(space + 1);
    double v = std::strtod(value.c_str(), nullptr);
    if (key == "t0_ns") {
      s.t0_ns = v;
    } else if (key == "t1_ns") {
      s.t1_ns = v;
    } else if (key == "selected_tid") {
      s.selected_tid = static_cast<int32_t>(v);
    } else if (key == "selected_interval") {
      s.selected_interval = static_cast<int64_t>(v);
    } else if (key == "range_from_ns") {
      s.range_from_ns = v;
    } else if (key == "range_to_ns") {
      s.range_to_ns = v;
    } else if (key == "frames") {
      s.frames = static_cast<uint64_t>(v);
    } else if (key == "documents") {
      s.documents = static_cast<int>(v);
    } else if (key == "error") {
      s.error = value;
    } else if (key == "time_x") {
      s.time_x = static_cast<float>(v);
    } else if (key == "time_width") {
      s.time_width = static_cast<float>(v);
    } else if (key == "lanes_top") {
      s.lanes_top = static_cast<float>(v);
    } else if (key == "lanes_bottom") {
      s.lanes_bottom = static_cast<float>(v);
    } else if (key == "ns_per_px") {
      s.ns_per_px = v;
    } else if (key == "window") {
      if (std::sscanf(value.c_str(), "%dx%d", &s.window_width, &s.window_height) != 2) {
        return absl::InvalidArgumentError(absl::StrCat("bad window size: ", value));
      }
    } else if (key == "hover") {
      s.hover = value;
    } else if (key == "bottom_tab") {
      s.bottom_tab = static_cast<int>(v);
    } else if (key == "row") {
      RowRect r{};
      char kind = 0;
      if (std::sscanf(value.c_str(), "%c %d %f %f", &kind, &r.id, &r.y, &r.height) != 4) {
        return absl::InvalidArgumentError(absl::StrCat("bad row: ", value));
      }
      r.kind = kind;
      s.rows.push_back(r);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown view state key: ", key));
    }
  }
  return s;
}

absl::Status WriteViewState(const std::string& path, const ViewState& state) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << state.Serialize();
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace ctrace::viewer
