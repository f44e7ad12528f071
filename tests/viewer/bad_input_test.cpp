// ctrace-view --screenshot on bad input: one clear line on stderr and exit code 1, never a
// crash; an empty trace renders an empty timeline. Truncated and corrupted files are made
// from a real (synthetic) trace cut and flipped at many offsets.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "format/trace_writer.h"
#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/viewer/synthetic_trace.h"
#include "tests/viewer/window_test_util.h"

namespace ctrace::viewer::testing {
namespace {

const std::string kViewer = VIEWER_BIN;

class ViewerBadInput : public ::testing::Test {
 protected:
  // Runs ctrace-view --screenshot on `file` (under xvfb-run when it is there).
  ctrace::testing::CommandResult Shot(const std::string& file, const std::string& png) {
    std::vector<std::string> argv;
    std::string xvfb = FindProgram("xvfb-run");
    if (!xvfb.empty()) argv = {xvfb, "-a", "-s", "-screen 0 800x600x24"};
    argv.insert(argv.end(), {kViewer, "--screenshot", png, "--size", "800x600", file});
    ctrace::testing::CommandOptions o;
    o.timeout_seconds = 60;
    return ctrace::testing::RunCommand(argv, o);
  }
  // Bad input never crashes: exit 0 with a PNG (a readable prefix), or exit 1 with one line.
  void ExpectHandled(const std::string& file, const std::string& what) {
    std::string png = dir_.File("out.png");
    std::filesystem::remove(png);
    ctrace::testing::CommandResult r = Shot(file, png);
    ASSERT_FALSE(r.timed_out) << what;
    if (r.exit_code == 0) {
      EXPECT_TRUE(std::filesystem::exists(png)) << what;
      return;
    }
    EXPECT_EQ(r.exit_code, 1) << what << ": " << r.err;
    EXPECT_EQ(ctrace::testing::LineCount(r.err), 1) << what << ": " << r.err;
    EXPECT_EQ(r.err.rfind("ctrace-view: ", 0), 0u) << what << ": " << r.err;
  }
  std::string Valid() {
    std::string path = dir_.File("valid.ctrace");
    if (!std::filesystem::exists(path)) {
      SyntheticTraceOptions o;
      o.events = 30'000;
      o.threads = 8;
      EXPECT_TRUE(WriteSyntheticTrace(path, o).ok());
    }
    return path;
  }
  std::string Bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void Write(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  TempDir dir_;
};

TEST_F(ViewerBadInput, MissingFileIsOneLineAndExitOne) {
  ctrace::testing::CommandResult r = Shot(dir_.File("nope.ctrace"), dir_.File("x.png"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ctrace::testing::LineCount(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("nope.ctrace"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("x.png")));
}

TEST_F(ViewerBadInput, NotATraceIsOneLineAndExitOne) {
  std::string f = dir_.File("garbage.ctrace");
  Write(f, std::string(4096, '\x5a'));
  ctrace::testing::CommandResult r = Shot(f, dir_.File("x.png"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ctrace::testing::LineCount(r.err), 1) << r.err;
  Write(f, "");
  r = Shot(f, dir_.File("x.png"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(ctrace::testing::LineCount(r.err), 1) << r.err;
}

TEST_F(ViewerBadInput, TruncatedFilesNeverCrash) {
  std::string bytes = Bytes(Valid());
  ASSERT_GT(bytes.size(), 1000u);
  std::string f = dir_.File("cut.ctrace");
  for (size_t cut : {size_t{3}, size_t{16}, size_t{64}, bytes.size() / 7, bytes.size() / 2,
                     bytes.size() - 40, bytes.size() - 1}) {
    Write(f, bytes.substr(0, cut));
    ExpectHandled(f, "cut at " + std::to_string(cut));
  }
}

TEST_F(ViewerBadInput, CorruptedFilesNeverCrash) {
  std::string bytes = Bytes(Valid());
  std::string f = dir_.File("flipped.ctrace");
  for (size_t at : {size_t{0}, size_t{9}, size_t{40}, size_t{100}, bytes.size() / 3,
                    bytes.size() / 2, bytes.size() - 30, bytes.size() - 5}) {
    std::string b = bytes;
    b[at] = static_cast<char>(b[at] ^ 0xA5);
    Write(f, b);
    ExpectHandled(f, "byte " + std::to_string(at) + " flipped");
  }
}

TEST_F(ViewerBadInput, EmptyTraceRendersAnEmptyTimelineWithAMessage) {
  if (FindProgram("xvfb-run").empty()) GTEST_SKIP() << "SKIPPED LOUDLY: xvfb-run not found";
  std::string f = dir_.File("empty.ctrace");
  TraceHeader h;
  h.start_monotonic_ns = 5'000'000'000;
  h.cpu_count = 2;
  h.command = {"true"};
  auto w = TraceWriter::Create(f, h);
  ASSERT_TRUE(w.ok());
  TraceTrailer t;
  t.end_monotonic_ns = 6'000'000'000;
  t.lost_per_cpu = {0, 0};
  ASSERT_TRUE((*w)->Finish(t).ok());
  std::string png = dir_.File("empty.png"), st = dir_.File("empty.state");
  ctrace::testing::CommandResult r = ctrace::testing::RunCommand(
      {FindProgram("xvfb-run"), "-a", "-s", "-screen 0 1000x700x24", kViewer, "--screenshot", png,
       "--size", "1000x700", "--state-file", st, f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::optional<ViewState> s = ReadState(st);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->documents, 1);
  for (const ViewState::RowRect& row : s->rows) EXPECT_NE(row.kind, 't');
  // The message: light text in the middle of the time area.
  std::optional<Image> img = LoadPng(png);
  ASSERT_TRUE(img);
  int light = 0;
  int cy = static_cast<int>((s->lanes_top + s->lanes_bottom) / 2);
  for (int y = cy - 12; y <= cy + 12; ++y) {
    for (int x = static_cast<int>(s->time_x); x < static_cast<int>(s->time_x + s->time_width);
         ++x) {
      Rgb p = img->At(x, y);
      light += p.r > 150 && p.g > 150 && p.b > 150;
    }
  }
  EXPECT_GT(light, 50) << "no message in the empty timeline";
}

TEST_F(ViewerBadInput, UsageErrorsExitTwo) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--size", "huge"},
                                             {"--range", "5ms:1ms", "x.ctrace"},
                                             {"--bogus"},
                                             {"--screenshot", "x.png"},
                                             {"--select", "-3", "x.ctrace"},
                                             {"--select", "12@soon", "x.ctrace"},
                                             {"--select", "@5ms", "x.ctrace"}}) {
    args.insert(args.begin(), kViewer);
    ctrace::testing::CommandResult r = ctrace::testing::RunCommand(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
  }
}

}  // namespace
}  // namespace ctrace::viewer::testing
