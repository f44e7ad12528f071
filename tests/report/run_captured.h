// Runs a ctrace subcommand's entry point (RunReportCommand, RunCompareCommand, ...) the way
// main() does, with its stdout and stderr captured, for the command tests.
#ifndef CTRACE_TESTS_REPORT_RUN_CAPTURED_H_
#define CTRACE_TESTS_REPORT_RUN_CAPTURED_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace ctrace::testing {

struct CapturedRun {
  int code;
  std::string out;
  std::string err;
};

// argv is {name, args...}.
inline CapturedRun RunCaptured(int (*command)(int, char**), const std::string& name,
                               std::vector<std::string> args) {
  args.insert(args.begin(), name);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  int code = command(static_cast<int>(argv.size()), argv.data());
  std::string out = ::testing::internal::GetCapturedStdout();
  std::string err = ::testing::internal::GetCapturedStderr();
  return {code, out, err};
}

inline size_t CountLines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_REPORT_RUN_CAPTURED_H_
