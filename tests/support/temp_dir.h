// A fresh directory under /tmp for a test's files, removed with everything in it when the
// object goes, unless the test using it has failed: then it is kept, and its path printed,
// so the trace a rare failure recorded can be read afterwards. Mode 0755, so a program
// running as another user (the sudo tests) can reach files in it.
#ifndef CTRACE_TESTS_SUPPORT_TEMP_DIR_H_
#define CTRACE_TESTS_SUPPORT_TEMP_DIR_H_

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "gtest/gtest.h"

namespace ctrace::testing {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/ctrace-test-XXXXXX";
    path_ = mkdtemp(tmpl);
    std::filesystem::permissions(path_, std::filesystem::perms(0755));
  }
  ~TempDir() {
    if (::testing::UnitTest::GetInstance()->current_test_info() != nullptr &&
        ::testing::Test::HasFailure()) {
      std::fprintf(stderr, "the failed test's files are kept in %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_TEMP_DIR_H_
