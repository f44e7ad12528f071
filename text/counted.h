// "1 process", "2 processes": a count with its noun, singular for exactly one.
#ifndef CTRACE_TEXT_COUNTED_H_
#define CTRACE_TEXT_COUNTED_H_

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace ctrace {

inline std::string Counted(uint64_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

}  // namespace ctrace

#endif  // CTRACE_TEXT_COUNTED_H_
