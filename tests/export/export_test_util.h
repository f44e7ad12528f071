// Helpers shared by the export tests: files, golden files, the model to check against, and a
// sink that records what the timeline stream tells it.
#ifndef CTRACE_TESTS_EXPORT_EXPORT_TEST_UTIL_H_
#define CTRACE_TESTS_EXPORT_EXPORT_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "export/timeline_stream.h"
#include "model/model.h"

namespace ctrace::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// Where golden files live in the source tree. CTRACE_UPDATE_GOLDEN=1 rewrites them.
inline std::string GoldenPath(const std::string& name) {
  return std::string(CTRACE_EXPORT_GOLDEN_DIR) + "/" + name;
}
inline bool UpdateGolden() {
  const char* v = std::getenv("CTRACE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}
// Compares `actual` with the golden file `name` (or rewrites it).
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = GoldenPath(name);
  if (UpdateGolden()) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::string expected = ReadFile(path);
  ASSERT_FALSE(expected.empty()) << path << " is missing: run with CTRACE_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, expected) << "differs from " << path
                              << " (if the change is intended: CTRACE_UPDATE_GOLDEN=1)";
}

// One told state interval, or several consecutive pieces of one merged back.
struct Told {
  uint64_t start_ns;
  uint64_t end_ns;
  uint32_t bits;  // StateInterval::bits
  bool operator==(const Told&) const = default;
};
struct ToldSyscall {
  uint32_t thread;
  SyscallSpan span;
  bool returned;
};

// Records everything a TimelineStream tells.
class RecordingSink : public TimelineSink {
 public:
  void OnInterval(uint32_t t, StateInterval piece, uint64_t end_ns) override {
    if (t >= pieces.size()) pieces.resize(t + 1);
    pieces[t].push_back({piece.start_ns, end_ns, piece.bits});
  }
  void OnSyscallBegin(uint32_t t, const SyscallSpan& span) override {
    begun.push_back({t, span, false});
  }
  void OnSyscallEnd(uint32_t t, const SyscallSpan& span, bool returned) override {
    ended.push_back({t, span, returned});
  }
  void OnFlow(const Flow& flow) override { flows.push_back(flow); }
  void OnThread(uint32_t /*thread*/, bool first) override {
    if (first) ++threads_announced;
  }
  void OnProcess(uint32_t /*process*/, bool first) override {
    if (first) ++processes_announced;
  }
  void OnTask(uint32_t task) override {
    tasks.push_back({task, processes_announced, threads_announced});
  }
  void OnTaskRun(const TaskRun& run) override { task_runs.push_back(run); }

  // A task as told, with how many processes and threads had been told by then.
  struct ToldTask {
    uint32_t task;
    size_t processes_before;
    size_t threads_before;
  };

  std::vector<std::vector<Told>> pieces;  // by thread
  std::vector<ToldSyscall> begun;
  std::vector<ToldSyscall> ended;
  std::vector<Flow> flows;
  std::vector<ToldTask> tasks;
  std::vector<TaskRun> task_runs;
  size_t threads_announced = 0;
  size_t processes_announced = 0;
};

// Pieces merged back into intervals: consecutive pieces with the same bits that touch.
inline std::vector<Told> Merged(const std::vector<Told>& pieces) {
  std::vector<Told> out;
  for (const Told& p : pieces) {
    if (!out.empty() && out.back().bits == p.bits && out.back().end_ns == p.start_ns) {
      out.back().end_ns = p.end_ns;
    } else {
      out.push_back(p);
    }
  }
  return out;
}

// The model's intervals of thread `t` as an export tells them: without unknown, exited
// and empty ones, successor bits cleared.
inline std::vector<Told> ModelIntervals(const Model& m, uint32_t t) {
  std::vector<Told> out;
  const Thread& th = m.threads[t];
  for (size_t i = 0; i < th.intervals.size(); ++i) {
    const StateInterval& iv = th.intervals[i];
    uint64_t start = iv.start_ns;
    uint64_t end = m.IntervalEnd(th, i);
    if (iv.state() == ThreadState::kUnknown || iv.state() == ThreadState::kExited || end <= start) {
      continue;
    }
    out.push_back({start, end, iv.bits & ~(0x3u << 4)});
  }
  return out;
}

}  // namespace ctrace::testing

#endif  // CTRACE_TESTS_EXPORT_EXPORT_TEST_UTIL_H_
