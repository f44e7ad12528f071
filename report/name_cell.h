// A thread, process or task name as a cell of a text table.
#ifndef CTRACE_REPORT_NAME_CELL_H_
#define CTRACE_REPORT_NAME_CELL_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace ctrace {

inline constexpr size_t kNameWidth = 15;  // TASK_COMM_LEN - 1: a kernel thread name always fits

// Non-printable bytes as '?', cut to `width`; "-" for an empty name.
inline std::string NameCell(std::string_view s, size_t width = kNameWidth) {
  std::string out;
  for (char c : s.substr(0, width)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c);
  }
  return out.empty() ? "-" : out;
}

}  // namespace ctrace

#endif  // CTRACE_REPORT_NAME_CELL_H_
