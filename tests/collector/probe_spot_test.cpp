// Choosing where a uprobe goes in a function's code (collector/probe_spot.h), on byte
// sequences compiled functions start with.
#include "collector/probe_spot.h"

#include <vector>

#include "gtest/gtest.h"

namespace ctrace {
namespace {

constexpr uint32_t kArguments =
    RegisterBit(kRax) | RegisterBit(kRbx) | RegisterBit(kRcx) | RegisterBit(kR14);

// runtime.casgstatus as Go 1.19.8 compiles it: the frame, the arguments spilled, a bit test,
// the assembler's alignment nop, then the first conditional jump.
const std::vector<uint8_t> kCasgstatus119 = {
    0x48, 0x83, 0xec, 0x40,        // sub $0x40,%rsp
    0x48, 0x89, 0x6c, 0x24, 0x38,  // mov %rbp,0x38(%rsp)
    0x48, 0x8d, 0x6c, 0x24, 0x38,  // lea 0x38(%rsp),%rbp
    0x48, 0x89, 0x44, 0x24, 0x48,  // mov %rax,0x48(%rsp)
    0x89, 0x5c, 0x24, 0x50,        // mov %ebx,0x50(%rsp)
    0x89, 0x4c, 0x24, 0x54,        // mov %ecx,0x54(%rsp)
    0x0f, 0xba, 0xe3, 0x0c,        // bt $0xc,%ebx
    0x90,                          // nop
    0x72, 0x0a,                    // jb +0xa
};

TEST(ProbeSpot, GoesOnTheFirstEmulatedInstructionOfAGoPrologue) {
  absl::StatusOr<ProbeSpot> spot = FindEmulatedProbeSpot(kCasgstatus119, kArguments);
  ASSERT_TRUE(spot.ok()) << spot.status();
  EXPECT_EQ(spot->offset, 0x1fu);
  EXPECT_EQ(spot->kind, "nop");
}

TEST(ProbeSpot, AConditionalJumpWithoutTheNopIsTheSpot) {
  std::vector<uint8_t> code = kCasgstatus119;
  code.erase(code.begin() + 0x1f);  // the nop
  absl::StatusOr<ProbeSpot> spot = FindEmulatedProbeSpot(code, kArguments);
  ASSERT_TRUE(spot.ok()) << spot.status();
  EXPECT_EQ(spot->offset, 0x1fu);
  EXPECT_EQ(spot->kind, "jcc");
  code[0x1f] = 0x0f;  // the same jump with a 32-bit displacement
  code[0x20] = 0x82;
  code.insert(code.end(), {0, 0, 0, 0});
  spot = FindEmulatedProbeSpot(code, kArguments);
  ASSERT_TRUE(spot.ok()) << spot.status();
  EXPECT_EQ(spot->kind, "jcc");
}

TEST(ProbeSpot, AnArgumentOverwrittenBeforeAnyEmulatedInstructionIsRefused) {
  std::vector<uint8_t> code = kCasgstatus119;
  // mov 0x48(%rsp),%rax in place of the spill of %rax: an argument lost before the nop.
  code[15] = 0x8b;
  absl::StatusOr<ProbeSpot> spot = FindEmulatedProbeSpot(code, kArguments);
  ASSERT_FALSE(spot.ok());
  EXPECT_NE(spot.status().message().find("+0xe writes rax"), std::string::npos) << spot.status();
  // The same code is fine for a probe that reads nothing.
  EXPECT_TRUE(FindEmulatedProbeSpot(code, 0).ok());
}

TEST(ProbeSpot, ByteRegistersWithoutRexAreTheHighBytesOfTheFirstFour) {
  // mov %ah <- %cl (88 cc: rm 4 = ah, part of rax) then a nop.
  const std::vector<uint8_t> code = {0x88, 0xcc, 0x90};
  absl::StatusOr<ProbeSpot> spot = FindEmulatedProbeSpot(code, RegisterBit(kRax));
  ASSERT_FALSE(spot.ok());
  EXPECT_NE(spot.status().message().find("writes rax"), std::string::npos) << spot.status();
  // With a REX prefix the same encoding is %spl, which the probe does not read.
  const std::vector<uint8_t> rex = {0x40, 0x88, 0xcc, 0x90};
  EXPECT_TRUE(FindEmulatedProbeSpot(rex, RegisterBit(kRax)).ok());
}

TEST(ProbeSpot, WhatTheDecoderDoesNotKnowStopsTheSearch) {
  const std::vector<uint8_t> ud2 = {0x48, 0x83, 0xec, 0x40, 0x0f, 0x0b, 0x90};
  absl::StatusOr<ProbeSpot> spot = FindEmulatedProbeSpot(ud2, kArguments);
  ASSERT_FALSE(spot.ok());
  EXPECT_NE(spot.status().message().find("0f 0x0b at +0x4"), std::string::npos) << spot.status();
  const std::vector<uint8_t> cut = {0x48, 0x89, 0x44, 0x24};  // mov %rax,disp8(%rsp), no disp
  EXPECT_FALSE(FindEmulatedProbeSpot(cut, kArguments).ok());
  EXPECT_FALSE(FindEmulatedProbeSpot({}, kArguments).ok());
  const std::vector<uint8_t> no_spot(40, 0x89);  // mov forms with no emulated instruction
  EXPECT_FALSE(FindEmulatedProbeSpot(no_spot, 0).ok());
}

// runtime.newproc.func1 as Go 1.19.8 compiles it, at 0x43c700, calling newproc1 at 0x43c780.
const std::vector<uint8_t> kNewprocFunc1 = {
    0x49, 0x3b, 0x66, 0x10, 0x76, 0x57, 0x48, 0x83, 0xec, 0x20, 0x48, 0x89, 0x6c,
    0x24, 0x18, 0x48, 0x8d, 0x6c, 0x24, 0x18, 0x48, 0x8b, 0x5a, 0x10, 0x48, 0x8b,
    0x4a, 0x18, 0x48, 0x8b, 0x42, 0x08, 0xe8, 0x5b, 0x00, 0x00, 0x00,  // call newproc1
    0x49, 0x8b, 0x56, 0x30,                                            // mov 0x30(%r14),%rdx
};

TEST(ReturnFromCall, IsJustPastTheCallToTheCallee) {
  absl::StatusOr<uint64_t> at = FindReturnFromCall(kNewprocFunc1, 0x43c700, 0x43c780);
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(*at, 0x25u);
  EXPECT_EQ(FindReturnFromCall(kNewprocFunc1, 0x43c700, 0x43c790).status().code(),
            absl::StatusCode::kNotFound);
  std::vector<uint8_t> twice = kNewprocFunc1;
  twice.insert(twice.end(), {0xe8, 0x52, 0x00, 0x00, 0x00});  // another call to 0x43c780
  EXPECT_EQ(FindReturnFromCall(twice, 0x43c700, 0x43c780).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ctrace
