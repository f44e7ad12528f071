// The words for what the goroutine probes record as numbers (collector/go_runtimes.h).
#include "collector/go_runtimes.h"

#include <string>

#include "bpf/events.h"
#include "gtest/gtest.h"

namespace ctrace {
namespace {

GoBinary Binary(std::vector<std::string> wait_reasons) {
  GoBinary b;
  b.wait_reasons = std::move(wait_reasons);
  b.functions = {{0x1000, 0x40, "main.main.func1", "main.worker"},
                 {0x1040, 0x100, "main.worker", ""}};
  return b;
}

TEST(GoRuntimes, WaitReasonsAreEachBinarysOwn) {
  GoRuntimes go;
  // Two binaries whose tables differ (as 1.19's and 1.24's do): each code is read in its own.
  const uint32_t a = go.Add(Binary({"", "GC assist marking", "IO wait"}));
  const uint32_t b = go.Add(Binary({"", "IO wait", "chan receive"}));
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON(a, 2)), "IO wait");
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON(b, 2)), "chan receive");
  // Out of the table, or a binary not known: said as a number, never another's name.
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON(a, 9)), "wait reason 9");
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON(7, 1)), "wait reason 1");
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON(a, 0)), "wait reason 0");
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON_RUNNABLE), "runnable");
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON_PREEMPTED), "preempted");
  EXPECT_EQ(go.Reason(CTRACE_GO_REASON_SYSCALL), "syscall returned");
}

TEST(GoRuntimes, AGoroutineIsNamedByWhatItsStartFunctionWraps) {
  GoRuntimes go;
  const uint32_t a = go.Add(Binary({}));
  EXPECT_EQ(go.StartFunction(a, 0x1000), "main.worker");  // the go statement's wrapper
  EXPECT_EQ(go.StartFunction(a, 0x1040), "main.worker");  // started directly
  EXPECT_EQ(go.StartFunction(a, 0x10), "");
  EXPECT_EQ(go.StartFunction(5, 0x1000), "");
}

// One line says why a Go binary's goroutines are not followed; nothing when they are.
TEST(GoRuntimes, ABinaryThatCannotBeFollowedSaysWhy) {
  GoBinary ok;
  ok.version = "go1.19.8";
  ok.major = 1;
  ok.minor = 19;
  ok.casgstatus = 0x435ee0;
  ok.casgstatus_probe = 0x435eff;
  ok.newproc1_return = 0x43c725;
  ok.segments = {{0x400000, 0x100000, 0, 0x100000}};
  EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", ok), "");
  for (int minor : {25, 26, 18}) {
    GoBinary b = ok;
    b.minor = minor;
    b.version = "go1." + std::to_string(minor) + ".1";
    EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", b),
              "./s: built by " + b.version + ", and ctrace follows goroutines of Go 1.19 to 1.24");
  }
  GoBinary go2 = ok;
  go2.major = 2;
  EXPECT_NE(WhyGoroutinesAreNotFollowed("./s", go2), "");
  GoBinary stripped = ok;
  stripped.casgstatus = 0;
  stripped.symbols_problem = "./s: .gopclntab has an impossible function count";
  EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", stripped), stripped.symbols_problem);
  GoBinary no_casgstatus = ok;
  no_casgstatus.casgstatus = 0;
  EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", no_casgstatus),
            "./s: its Go runtime has no runtime.casgstatus");
  GoBinary pie = ok;
  pie.position_independent = true;
  EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", pie), "");
  GoBinary undecoded = ok;
  undecoded.probe_problem = "runtime.casgstatus: opcode 0xcc at +0x4 is not one ctrace decodes";
  EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", undecoded), "./s: " + undecoded.probe_problem);
  GoBinary outside = ok;
  outside.segments.clear();
  EXPECT_EQ(WhyGoroutinesAreNotFollowed("./s", outside),
            "./s: its runtime's code is not in the file");
}

}  // namespace
}  // namespace ctrace
