#include "viewer/core/view_state.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ctrace::viewer {

std::string ViewState::Serialize() const {
  return absl::StrFormat(
      "t0_ns %.3f\nt1_ns %.3f\nselected_tid %d\nselected_interval %d\nrange_from_ns %.3f\n"
      "range_to_ns %.3f\nframes %d\ndocuments %d\nerror %s\n",
      t0_ns, t1_ns, selected_tid, selected_interval, range_from_ns, range_to_ns, frames, documents,
      error);
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
