// A Go program's runtime read from its binary (collector/go_binary.h), on
// tests/collector/programs/goworkers built by the Go toolchain of this machine three ways.
// Without a Go toolchain every test here is reported skipped.
#include "collector/go_binary.h"

#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "collector/go_runtime_layouts.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace ctrace {
namespace {

#ifdef GOWORKERS_BIN
constexpr const char* kBinary = GOWORKERS_BIN;
constexpr const char* kToolchainVersion = GO_VERSION;
#else
constexpr const char* kBinary = nullptr;
constexpr const char* kToolchainVersion = "";
#endif

class GoBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (kBinary == nullptr) {
      GTEST_SKIP() << "no Go toolchain when this was configured (apt-get install golang-go)";
    }
  }
  static std::string Variant(const std::string& suffix) { return std::string(kBinary) + suffix; }
  static GoBinary Read(const std::string& path) {
    absl::StatusOr<GoBinary> b = ReadGoBinary(path);
    EXPECT_TRUE(b.ok()) << b.status();
    return b.ok() ? *std::move(b) : GoBinary();
  }
  static std::string Bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void Write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  // Offset of .go.buildinfo's header in the file: 16-byte aligned, starts with the magic.
  static size_t BuildInfoAt(const std::string& bytes) {
    const std::string magic = "\xff Go buildinf:";
    for (size_t at = bytes.find(magic); at != std::string::npos; at = bytes.find(magic, at + 1)) {
      if (at % 16 == 0) return at;
    }
    return std::string::npos;
  }
  testing::TempDir dir_;
};

TEST_F(GoBinaryTest, TheVersionIsTheToolchainsThatBuiltIt) {
  GoBinary b = Read(kBinary);
  EXPECT_EQ(b.version, kToolchainVersion);
  std::optional<std::pair<int, int>> v = ParseGoVersion(kToolchainVersion);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(b.major, v->first);
  EXPECT_EQ(b.minor, v->second);
}

TEST_F(GoBinaryTest, TheProbedFunctionsAndVariablesAreFoundBySymbol) {
  GoBinary b = Read(kBinary);
  ASSERT_TRUE(b.has_symbols());
  const uint64_t addresses[] = {b.casgstatus, b.newproc1, b.newproc_func1, b.cas_g_to_preempt_scan,
                                b.allgs,      b.allglen};
  for (uint64_t a : addresses) EXPECT_NE(a, 0u);
  EXPECT_EQ(std::set<uint64_t>(std::begin(addresses), std::end(addresses)).size(),
            std::size(addresses));
  // newproc.func1 is a small closure around the call to newproc1.
  EXPECT_GT(b.newproc_func1_size, 8u);
  EXPECT_LT(b.newproc_func1_size, 512u);
}

// The status-change probe goes on an emulated instruction near casgstatus's start, the
// creation probe inside newproc.func1.
TEST_F(GoBinaryTest, TheProbesArePlacedByDecodingTheFunctions) {
  GoBinary b = Read(kBinary);
  EXPECT_EQ(b.probe_problem, "");
  EXPECT_GT(b.casgstatus_probe, b.casgstatus);
  EXPECT_LT(b.casgstatus_probe, b.casgstatus + 64);
  EXPECT_GT(b.newproc1_return, b.newproc_func1 + 5);
  EXPECT_LE(b.newproc1_return, b.newproc_func1 + b.newproc_func1_size);
  // The creation probe: on the call to runqput that follows (a call: emulated).
  EXPECT_GT(b.runqput_call, b.newproc1_return);
  EXPECT_LT(b.runqput_call, b.newproc_func1 + b.newproc_func1_size);
  EXPECT_EQ(b.creation_probe(), b.runqput_call);
  EXPECT_EQ(b.preempt_problem, "");
  EXPECT_GT(b.preempt_scan_probe, b.cas_g_to_preempt_scan);
  EXPECT_LT(b.preempt_scan_probe, b.cas_g_to_preempt_scan + 64);
  // Uprobes are placed by file offset: what the file holds there is an instruction the
  // kernel emulates (a nop or a conditional jump, in the code Go emits).
  const std::string bytes = Bytes(kBinary);
  for (uint64_t probe : {b.casgstatus_probe, b.preempt_scan_probe, b.runqput_call}) {
    std::optional<uint64_t> at = b.FileOffset(probe);
    ASSERT_TRUE(at.has_value());
    ASSERT_LT(*at, bytes.size());
    const auto op = static_cast<uint8_t>(bytes[*at]);
    EXPECT_TRUE(op == 0x90 || (op >= 0x70 && op <= 0x7f) || op == 0x0f || op == 0xe8)
        << std::hex << +op;
  }
  // -s drops the symbol table, not the code: the function table places them the same.
  GoBinary stripped = Read(Variant("-stripped"));
  EXPECT_EQ(stripped.probe_problem, "");
  EXPECT_EQ(stripped.casgstatus_probe, b.casgstatus_probe);
  EXPECT_EQ(stripped.newproc1_return, b.newproc1_return);
  EXPECT_EQ(stripped.runqput_call, b.runqput_call);
  EXPECT_EQ(stripped.preempt_scan_probe, b.preempt_scan_probe);
}

// The status-change probes go on casgstatus's calls, not in it, where the calls can be events:
// in the runtime, but not the syscall paths' (running <-> syscall) or the stack growth's
// (running <-> copystack), which are most of a server's status changes and record nothing.
// Each is a call the file holds, to casgstatus; the scheduler's are among them.
TEST_F(GoBinaryTest, TheStatusChangesAreProbedAtTheCallsOutsideTheSyscallPaths) {
  const GoBinary b = Read(kBinary);
  ASSERT_GE(b.casgstatus_calls.size(), 20u);
  const std::string bytes = Bytes(kBinary);
  std::set<std::string> callers;
  for (uint64_t call : b.casgstatus_calls) {
    const std::string caller(b.FunctionAt(call));
    callers.insert(caller);
    EXPECT_TRUE(caller.starts_with("runtime.")) << caller;
    std::optional<uint64_t> at = b.FileOffset(call);
    ASSERT_TRUE(at.has_value());
    ASSERT_LT(*at + 5, bytes.size());
    EXPECT_EQ(static_cast<uint8_t>(bytes[*at]), 0xe8) << caller;
    int32_t rel;
    std::memcpy(&rel, bytes.data() + *at + 1, 4);
    EXPECT_EQ(call + 5 + static_cast<int64_t>(rel), b.casgstatus) << caller;
  }
  for (const char* scheduler : {"runtime.execute", "runtime.park_m", "runtime.ready",
                                "runtime.goschedImpl", "runtime.exitsyscall0"}) {
    EXPECT_TRUE(callers.contains(scheduler)) << scheduler;
  }
  for (const char* no_events : {"runtime.reentersyscall", "runtime.entersyscallblock",
                                "runtime.exitsyscall", "runtime.newstack"}) {
    EXPECT_FALSE(callers.contains(no_events)) << no_events;
  }
  EXPECT_EQ(Read(Variant("-stripped")).casgstatus_calls, b.casgstatus_calls);
}

// Goroutines are named by the function they start with.
TEST_F(GoBinaryTest, FunctionsAreNamedByAddress) {
  GoBinary b = Read(kBinary);
  EXPECT_EQ(b.FunctionAt(b.newproc1), "runtime.newproc1");
  EXPECT_EQ(b.FunctionAt(b.casgstatus_probe), "runtime.casgstatus");  // inside it
  auto worker = std::find_if(b.functions.begin(), b.functions.end(),
                             [](const GoBinary::Function& f) { return f.name == "main.worker"; });
  ASSERT_NE(worker, b.functions.end());
  EXPECT_EQ(b.FunctionAt(worker->address), "main.worker");
  EXPECT_EQ(b.FunctionAt(0x10), "");
  // `go worker(id, n, results)` starts a wrapper closure the compiler made; the goroutine is
  // named after what it wraps. `go pong(a, b)` likewise; main's own goroutine is runtime.main.
  auto wrapper = std::find_if(b.functions.begin(), b.functions.end(),
                              [](const GoBinary::Function& f) { return f.wraps == "main.worker"; });
  ASSERT_NE(wrapper, b.functions.end());
  EXPECT_TRUE(wrapper->name.starts_with("main.main.")) << wrapper->name;
  EXPECT_EQ(b.GoroutineName(wrapper->address), "main.worker");
  EXPECT_EQ(b.GoroutineName(worker->address), "main.worker");
  for (const char* f : {"main.ping", "main.pong", "main.sleeper"}) {
    EXPECT_EQ(std::count_if(b.functions.begin(), b.functions.end(),
                            [&](const GoBinary::Function& x) { return x.wraps == f; }),
              1)
        << f;
  }
  EXPECT_FALSE(b.position_independent);  // go build's default on linux/amd64
}

TEST_F(GoBinaryTest, TheOffsetsComeFromTheDwarf) {
  GoBinary b = Read(kBinary);
  EXPECT_EQ(b.offsets_source, GoOffsetsSource::kDwarf);
  const GoRuntimeOffsets& o = b.offsets;
  // runtime.g begins with the stack bounds and guards: m comes after them, and the fields the
  // probes read are distinct and in the struct's order.
  EXPECT_GE(o.g_m, 0x20u);
  EXPECT_LT(o.g_m, o.g_atomicstatus);
  EXPECT_LT(o.g_atomicstatus, o.g_goid);
  EXPECT_LT(o.g_goid, o.g_waitreason);
  EXPECT_LT(o.g_waitreason, o.g_gopc);
  EXPECT_LT(o.g_gopc, o.g_startpc);
  EXPECT_GT(o.m_curg, 0u);
  // parentGoid arrived in Go 1.21.
  EXPECT_EQ(o.g_parent_goid.has_value(), b.minor >= 21);
}

// The table used for binaries without DWARF must say what the DWARF says, for every version
// it has that this machine's toolchain builds.
TEST_F(GoBinaryTest, TheVersionTableAgreesWithTheDwarf) {
  GoBinary b = Read(kBinary);
  std::optional<GoRuntimeOffsets> known = KnownGoRuntimeOffsets(b.major, b.minor);
  if (!known) GTEST_SKIP() << b.version << " is not in the version table";
  EXPECT_EQ(*known, b.offsets);
}

TEST_F(GoBinaryTest, WithoutDwarfTheOffsetsComeFromTheVersionTable) {
  GoBinary with = Read(kBinary);
  GoBinary without = Read(Variant("-nodwarf"));
  if (!KnownGoRuntimeOffsets(with.major, with.minor)) {
    GTEST_SKIP() << with.version << " is not in the version table";
  }
  EXPECT_EQ(without.offsets_source, GoOffsetsSource::kVersionTable);
  EXPECT_EQ(without.offsets, with.offsets);
  EXPECT_TRUE(without.has_symbols());  // -w drops the DWARF only
  EXPECT_EQ(without.wait_reasons, with.wait_reasons);
}

// A stripped binary (-ldflags=-s: no .symtab, no DWARF) is read from the runtime's own
// function table and the version table: the same functions where the symbols put them, the
// same goroutine names, the same wait reasons (found by their contents). Only the variables
// need the symbol table.
TEST_F(GoBinaryTest, AStrippedBinaryIsReadFromItsFunctionTable) {
  const GoBinary with = Read(kBinary);
  const GoBinary b = Read(Variant("-stripped"));
  EXPECT_EQ(b.version, kToolchainVersion);
  EXPECT_EQ(b.symbols_problem, "");
  ASSERT_TRUE(b.has_symbols());
  EXPECT_EQ(b.casgstatus, with.casgstatus);
  EXPECT_EQ(b.newproc1, with.newproc1);
  EXPECT_EQ(b.newproc_func1, with.newproc_func1);
  EXPECT_EQ(b.cas_g_to_preempt_scan, with.cas_g_to_preempt_scan);
  EXPECT_EQ(b.allgs, 0u);
  // Every Go function of the symbol table is in the function table, at the same address.
  size_t go_functions = 0;
  // (The symbol table calls the assembly functions NAME.abi0, and has runtime.text and
  // runtime.etext, the start and the end of the code, which the function table does not.)
  for (const GoBinary::Function& f : with.functions) {
    if (!f.name.starts_with("main.") && !f.name.starts_with("runtime.")) continue;
    if (f.name == "runtime.text" || f.name == "runtime.etext") continue;
    ++go_functions;
    const GoBinary::Function* same = b.FunctionStartingAt(f.address);
    ASSERT_NE(same, nullptr) << f.name;
    std::string_view name = f.name;
    if (name.ends_with(".abi0")) name.remove_suffix(5);
    EXPECT_EQ(same->name, name);
    EXPECT_EQ(same->wraps, f.wraps) << f.name;
  }
  EXPECT_GT(go_functions, 500u);
  EXPECT_EQ(b.offsets_source, GoOffsetsSource::kVersionTable);
  EXPECT_EQ(b.offsets, with.offsets);
  EXPECT_EQ(b.wait_reasons, with.wait_reasons);
  EXPECT_LE(with.wait_reasons.size(), KnownWaitReasonCount(b.major, b.minor));
}

// A function table that lies is an error of that binary, said in one line, never a crash or
// functions made up.
TEST_F(GoBinaryTest, AMalformedFunctionTableIsSaidNotFollowed) {
  const std::string original = Bytes(Variant("-stripped"));
  const GoBinary good = Read(Variant("-stripped"));
  // The table's header: its magic, 0, 0, 1, 8 (x86-64).
  size_t at = std::string::npos;
  for (const char* magic : {"\xf0\xff\xff\xff", "\xf1\xff\xff\xff"}) {
    const std::string header = std::string(magic, 4) + std::string("\0\0\x01\x08", 4);
    if (size_t found = original.find(header); found != std::string::npos) at = found;
  }
  ASSERT_NE(at, std::string::npos);
  const auto u64 = [](uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); };
  struct Case {
    const char* what;
    size_t offset;
    std::string bytes;
    const char* says;
  };
  const Case cases[] = {
      {"a broken magic", at, std::string(1, '\0'), "not a Go 1.18 or later function table"},
      {"no functions", at + 8, u64(0), "impossible function count"},
      {"too many functions", at + 8, u64(uint64_t{1} << 40), "impossible function count"},
      {"names outside the file", at + 32, u64(~uint64_t{0} >> 1), "points outside itself"},
      {"a table outside the file", at + 64, u64(uint64_t{1} << 62), "points outside itself"},
  };
  for (const Case& c : cases) {
    std::string bytes = original;
    bytes.replace(c.offset, c.bytes.size(), c.bytes);
    const std::string path = dir_.File("bad");
    Write(path, bytes);
    const GoBinary b = Read(path);
    EXPECT_FALSE(b.has_symbols()) << c.what;
    EXPECT_TRUE(b.functions.empty()) << c.what;
    EXPECT_EQ(b.symbols_problem.find(path), 0u) << c.what << ": " << b.symbols_problem;
    EXPECT_NE(b.symbols_problem.find(c.says), std::string::npos)
        << c.what << ": " << b.symbols_problem;
  }
  // One entry out of order: the whole table is refused.
  const uint64_t table = *reinterpret_cast<const uint64_t*>(original.data() + at + 64);
  std::string bytes = original;
  bytes.replace(at + table + 8 * 10, 4, std::string("\xff\xff\xff\x7f", 4));
  const std::string path = dir_.File("unsorted");
  Write(path, bytes);
  const GoBinary b = Read(path);
  EXPECT_FALSE(b.has_symbols());
  EXPECT_NE(b.symbols_problem.find("not sorted"), std::string::npos) << b.symbols_problem;
  EXPECT_TRUE(good.has_symbols());
}

TEST_F(GoBinaryTest, TheWaitReasonsAreTheRuntimesOwn) {
  GoBinary b = Read(kBinary);
  ASSERT_GE(b.wait_reasons.size(), 27u);  // 1.19 has 27; later versions more
  EXPECT_EQ(b.wait_reasons[0], "");       // waitReasonZero
  for (const char* reason : {"chan receive", "chan send", "select", "sleep", "IO wait",
                             "semacquire", "GC assist marking"}) {
    EXPECT_EQ(std::count(b.wait_reasons.begin(), b.wait_reasons.end(), reason), 1) << reason;
  }
}

// While a uprobe is registered on the binary (another tracer, or a concurrent ctrace), the
// kernel writes its int3 into every new mapping of the file that may execute: the binary must
// still be read as it is on disk. Needs root (a uprobe perf event); skipped without it.
TEST_F(GoBinaryTest, AProbedBinaryIsReadAsOnDisk) {
  const GoBinary before = Read(kBinary);
  const std::optional<uint64_t> at = before.FileOffset(before.casgstatus_probe);
  ASSERT_TRUE(at.has_value());
  std::ifstream type_file("/sys/bus/event_source/devices/uprobe/type");
  int type = -1;
  if (geteuid() != 0 || !(type_file >> type)) {
    GTEST_SKIP() << "needs root and the uprobe perf event type to register a uprobe";
  }
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  attr.type = static_cast<uint32_t>(type);
  attr.config1 = reinterpret_cast<uint64_t>(kBinary);  // uprobe_path
  attr.config2 = *at;                                  // probe_offset
  const int fd = static_cast<int>(syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0));
  ASSERT_GE(fd, 0) << "perf_event_open: " << std::strerror(errno);
  // The scenario is real: a fresh read-only mapping of the file shows the breakpoint.
  const int file = open(kBinary, O_RDONLY | O_CLOEXEC);
  ASSERT_GE(file, 0);
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const off_t base = static_cast<off_t>(*at & ~(page - 1));
  void* map = mmap(nullptr, page, PROT_READ, MAP_PRIVATE, file, base);
  ASSERT_NE(map, MAP_FAILED);
  EXPECT_EQ(static_cast<const uint8_t*>(map)[*at - static_cast<uint64_t>(base)], 0xcc);
  munmap(map, page);
  close(file);
  const GoBinary during = Read(kBinary);
  close(fd);
  EXPECT_EQ(during.probe_problem, "");
  EXPECT_EQ(during.casgstatus_probe, before.casgstatus_probe);
  EXPECT_EQ(during.newproc1_return, before.newproc1_return);
}

TEST_F(GoBinaryTest, AProgramNotWrittenInGoIsNotFound) {
  absl::StatusOr<GoBinary> b = ReadGoBinary("/proc/self/exe");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(b.status().message().find("not a Go program"), std::string::npos) << b.status();
}

TEST_F(GoBinaryTest, MalformedBuildInfoIsAnErrorNotACrash) {
  const std::string original = Bytes(kBinary);
  const size_t at = BuildInfoAt(original);
  ASSERT_NE(at, std::string::npos);
  struct Case {
    const char* what;
    size_t offset;
    std::string bytes;
  };
  const Case cases[] = {
      {"a version length running past 64 bits", at + 32, std::string(12, '\xff')},
      {"a version longer than 256 bytes or the section", at + 32, "\xff\xff\x03"},
      {"an empty version", at + 32, std::string(1, '\0')},
      {"the pre-1.18 format", at + 15, std::string(1, '\0')},
      {"a broken magic", at + 1, "X"},
      {"not a Go version", at + 33, "xx1"},
  };
  for (const Case& c : cases) {
    std::string bytes = original;
    bytes.replace(c.offset, c.bytes.size(), c.bytes);
    const std::string path = dir_.File("bad");
    Write(path, bytes);
    absl::StatusOr<GoBinary> b = ReadGoBinary(path);
    ASSERT_FALSE(b.ok()) << c.what;
    EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument)
        << c.what << ": " << b.status();
    EXPECT_EQ(b.status().message().find(path), 0u) << c.what << ": " << b.status();
  }
}

TEST_F(GoBinaryTest, ACutBinaryIsAnErrorNotACrash) {
  const std::string original = Bytes(kBinary);
  for (size_t size :
       {size_t{0}, size_t{63}, size_t{4096}, original.size() / 2, original.size() - 1}) {
    const std::string path = dir_.File("cut");
    Write(path, original.substr(0, size));
    absl::StatusOr<GoBinary> b = ReadGoBinary(path);
    // A cut file may still hold its build info and symbols (they come first); it must never
    // give offsets it did not read: from the DWARF whole, or the table.
    if (b.ok()) {
      EXPECT_TRUE(b->offsets_source == GoOffsetsSource::kVersionTable ||
                  b->offsets == Read(kBinary).offsets)
          << size;
    }
  }
}

TEST(GoVersion, ReleasesDevelopmentBuildsAndExperimentsAreParsed) {
  EXPECT_EQ(ParseGoVersion("go1.19.8"), (std::pair{1, 19}));
  EXPECT_EQ(ParseGoVersion("go1.23.1 X:nocoverageredesign"), (std::pair{1, 23}));
  EXPECT_EQ(ParseGoVersion("go1.25-20250209-RC00 cl/724970549 +ff27d270c9"), (std::pair{1, 25}));
  EXPECT_EQ(ParseGoVersion("devel go1.24-abcdef"), (std::pair{1, 24}));
  EXPECT_EQ(ParseGoVersion("go1.22rc1"), (std::pair{1, 22}));
  EXPECT_FALSE(ParseGoVersion("go2.0").has_value());
  EXPECT_FALSE(ParseGoVersion("go1.").has_value());
  EXPECT_FALSE(ParseGoVersion("").has_value());
  EXPECT_FALSE(ParseGoVersion("gccgo").has_value());
}

TEST(GoVersion, TheTableHasOnlyLayoutsSeenInBinaries) {
  for (int minor : {19, 22, 23, 24}) EXPECT_TRUE(KnownGoRuntimeOffsets(1, minor)) << minor;
  for (int minor : {18, 20, 21, 25, 26}) EXPECT_FALSE(KnownGoRuntimeOffsets(1, minor)) << minor;
  EXPECT_FALSE(KnownGoRuntimeOffsets(2, 19));
}
}  // namespace
}  // namespace ctrace
