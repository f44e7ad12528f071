// The same malformed trace files through every command that reads traces: report (text and
// JSON), compare, export (both formats) and the viewer's --screenshot. Each must give one
// clear line and exit 1 — never a crash, a hang, or an allocation the file asks for. A file
// that is only cut off is not malformed: it is read as far as it goes, with a warning.
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/support/command_runner.h"
#include "tests/support/trace_queries.h"

namespace ctrace::testing {
namespace {

const std::string kCtrace = CTRACE_BIN;
const std::string kViewer = VIEWER_BIN;  // "" when the viewer is not built
const std::string kSeed = SEED_TRACE;    // a real recording

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

uint32_t U32At(const std::string& bytes, size_t offset) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(bytes[offset + i]);
  return v;
}

void PutU32(std::string* bytes, size_t offset, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*bytes)[offset + i] = static_cast<char>(v >> (8 * i));
}

struct Malformed {
  std::string name;
  std::string bytes;
};

// Variants of the seed, each broken in one way (offsets from docs/trace-format.md).
std::vector<Malformed> MalformedVariants() {
  const std::string seed = ReadAll(kSeed);
  const size_t chunk = 20 + U32At(seed, 12);  // first chunk header
  std::vector<Malformed> v;
  v.push_back({"empty", ""});
  v.push_back({"text", "this is not a trace\n"});
  v.push_back({"header_cut", seed.substr(0, 10)});
  std::string s = seed;
  PutU32(&s, 8, 99);  // a version from the future
  v.push_back({"future_version", s});
  s = seed;
  PutU32(&s, 12, 0x7FFFFFFF);  // header longer than any file
  v.push_back({"huge_header", s});
  s = seed;
  PutU32(&s, chunk + 12, 0xFFFFFFFF);  // 4 billion events in one chunk
  v.push_back({"huge_event_count", s});
  s = seed;
  PutU32(&s, chunk + 8, 0xFFFFFFFF);  // a body of 4 GiB
  v.push_back({"huge_uncompressed_size", s});
  s = seed;
  s[chunk + 48 + 5] ^= 0x5A;  // inside the compressed body: the CRC catches it
  v.push_back({"corrupt_body", s});
  s = seed;
  s[chunk] = 'X';  // chunk magic
  v.push_back({"bad_chunk_magic", s});
  return v;
}

class MalformedInputs : public ::testing::TestWithParam<std::string> {
 protected:
  // Runs `argv` with an address-space limit (unless sanitized: ASan reserves terabytes), so
  // an allocation sized by the file fails loudly instead of succeeding.
  static CommandResult Run(std::vector<std::string> argv) {
#ifndef CTRACE_SANITIZED
    argv.insert(argv.begin(), {"/usr/bin/prlimit", "--as=4294967296", "--"});
#endif
    CommandOptions options;
    options.timeout_seconds = 60;
    return RunCommand(argv, options);
  }
  std::vector<std::vector<std::string>> Commands(const std::string& file) const {
    std::vector<std::vector<std::string>> c = {
        {kCtrace, "report", file},
        {kCtrace, "report", "--json", file},
        {kCtrace, "compare", file, file},
        {kCtrace, "export", file, "--format", "perfetto", "-o", dir_.File("out.pftrace")},
        {kCtrace, "export", file, "--format", "chrome-json", "-o", dir_.File("out.json")},
    };
    if (!kViewer.empty() && access("/usr/bin/xvfb-run", X_OK) == 0) {
      c.push_back({"/usr/bin/xvfb-run", "-a", kViewer, "--screenshot", dir_.File("out.png"), file});
    }
    return c;
  }
  TempDir dir_;
};

TEST_P(MalformedInputs, EveryReaderGivesOneClearLine) {
  for (const Malformed& m : MalformedVariants()) {
    if (m.name != GetParam()) continue;
    const std::string file = dir_.File(m.name + ".ctrace");
    std::ofstream(file, std::ios::binary) << m.bytes;
    for (const auto& argv : Commands(file)) {
      SCOPED_TRACE(argv[1] + " " + argv[2]);
      CommandResult r = Run(argv);
      EXPECT_FALSE(r.timed_out);
      EXPECT_EQ(r.exit_code, 1) << r.err;  // not 0, and not 128+signal (a crash)
      EXPECT_EQ(LineCount(r.err), 1) << r.err;
      EXPECT_NE(r.err.find(file), std::string::npos) << r.err;  // names the file
      struct stat st;
      EXPECT_NE(stat(dir_.File("out.pftrace").c_str(), &st), 0) << "half-written export";
      EXPECT_NE(stat(dir_.File("out.json").c_str(), &st), 0) << "half-written export";
    }
    return;
  }
  FAIL() << "no variant " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Variants, MalformedInputs,
                         ::testing::Values("empty", "text", "header_cut", "future_version",
                                           "huge_header", "huge_event_count",
                                           "huge_uncompressed_size", "corrupt_body",
                                           "bad_chunk_magic"));

TEST(CutOffInput, ReportReadsThePrefixAndSaysItWasCutOff) {
  TempDir dir;
  const std::string seed = ReadAll(kSeed);
  const std::string file = dir.File("cut.ctrace");
  std::ofstream(file, std::ios::binary) << seed.substr(0, seed.size() - 30);  // no trailer
  CommandResult r = RunCommand({kCtrace, "report", file});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("cut off"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("processes"), std::string::npos);
}

}  // namespace
}  // namespace ctrace::testing
