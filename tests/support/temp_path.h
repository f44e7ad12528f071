// Temporary files for tests. ctest runs the tests of one binary as separate processes in
// parallel, so a fixed name in the shared temporary directory would be written by two tests
// at once; each process gets a directory of its own.
#ifndef CTRACE_TESTS_SUPPORT_TEMP_PATH_H_
#define CTRACE_TESTS_SUPPORT_TEMP_PATH_H_

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"

namespace ctrace::testing {

// `name` in this process's directory under ::testing::TempDir() (file names, and so the
// labels commands derive from them, stay as given).
inline std::string ProcessTempPath(const std::string& name) {
  static const std::string dir =
      ::testing::TempDir() + "ctrace-test-" + std::to_string(getpid()) + "/";
  static const bool made = [] {
    mkdir(dir.c_str(), 0755);
    std::atexit([] { std::filesystem::remove_all(dir); });  // with what the tests left
    return true;
  }();
  (void)made;
  return dir + name;
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_SUPPORT_TEMP_PATH_H_
