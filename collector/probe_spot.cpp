#include "collector/probe_spot.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ctrace {
namespace {

// One decoded instruction: its length, the general registers it writes, and, if the kernel
// emulates it when probed, what it is.
struct Instruction {
  size_t length = 0;
  uint32_t writes = 0;
  const char* emulated = nullptr;
};

class Decoder {
 public:
  Decoder(std::span<const uint8_t> code, size_t at) : code_(code), start_(at), p_(at) {}

  // The instruction at `at`, or nullopt with why() saying what was not understood.
  std::optional<Instruction> Decode() {
    // Legacy prefixes a compiler emits in function bodies: operand size, rep (for movss/
    // movsd and the like), and segment overrides (fs for thread-local storage).
    for (int n = 0; n < 4 && p_ < code_.size(); ++n) {
      const uint8_t b = code_[p_];
      if (b == 0x66) {
        operand16_ = true;
      } else if (b != 0xf2 && b != 0xf3 && b != 0x2e && b != 0x3e && b != 0x26 && b != 0x36 &&
                 b != 0x64 && b != 0x65) {
        break;
      }
      ++p_;
    }
    uint8_t op;
    if (!Byte(&op)) return std::nullopt;
    if ((op & 0xf0) == 0x40) {
      rex_ = op;
      if (!Byte(&op)) return std::nullopt;
    }
    Instruction in;
    if (op == 0x0f) {
      if (!TwoByte(&in)) return std::nullopt;
    } else if (!OneByte(op, &in)) {
      return std::nullopt;
    }
    in.length = p_ - start_;
    return in;
  }
  const std::string& why() const { return why_; }

 private:
  bool Byte(uint8_t* b) {
    if (p_ >= code_.size()) return Fail("the code ends inside an instruction");
    *b = code_[p_++];
    return true;
  }
  bool Skip(size_t n) {
    if (code_.size() - p_ < n) return Fail("the code ends inside an instruction");
    p_ += n;
    return true;
  }
  bool Fail(std::string why) {
    why_ = std::move(why);
    return false;
  }
  bool Unknown(const char* what, uint8_t op) {
    return Fail(absl::StrFormat("%s 0x%02x at +0x%x is not one ctrace decodes", what, op, start_));
  }
  unsigned RexR() const { return rex_ & 4 ? 8 : 0; }
  unsigned RexB() const { return rex_ & 1 ? 8 : 0; }
  // A byte register number without REX: 4-7 are ah, ch, dh, bh (parts of rax..rbx).
  unsigned ByteReg(unsigned r) const { return rex_ == 0 && r >= 4 && r < 8 ? r - 4 : r; }

  // ModRM, SIB and displacement. *reg has REX.R applied; *rm has REX.B applied and is a
  // register only if *mod == 3.
  bool ModRM(unsigned* mod, unsigned* reg, unsigned* rm) {
    uint8_t m;
    if (!Byte(&m)) return false;
    *mod = m >> 6;
    *reg = ((m >> 3) & 7) | RexR();
    const unsigned low = m & 7;
    *rm = low | RexB();
    if (*mod == 3) return true;
    size_t disp = *mod == 1 ? 1 : *mod == 2 ? 4 : 0;
    if (low == 4) {
      uint8_t sib;
      if (!Byte(&sib)) return false;
      if (*mod == 0 && (sib & 7) == 5) disp = 4;
    } else if (*mod == 0 && low == 5) {
      disp = 4;  // rip-relative
    }
    return Skip(disp);
  }
  uint32_t ImmediateSize() const { return operand16_ ? 2 : 4; }

  // Writes of an r/m destination: a register only when mod is 3.
  static uint32_t RmWrite(unsigned mod, unsigned rm) { return mod == 3 ? 1u << rm : 0; }

  bool OneByte(uint8_t op, Instruction* in) {
    unsigned mod, reg, rm;
    // The arithmetic block: add, or, adc, sbb, and, sub, xor, cmp (op >> 3), in six forms.
    if (op < 0x40 && (op & 7) <= 5) {
      const bool cmp = (op >> 3) == 7;
      switch (op & 7) {
        case 0:
        case 1:
          if (!ModRM(&mod, &reg, &rm)) return false;
          if (!cmp) in->writes = RmWrite(mod, (op & 1) ? rm : ByteReg(rm));
          return true;
        case 2:
        case 3:
          if (!ModRM(&mod, &reg, &rm)) return false;
          if (!cmp) in->writes = 1u << ((op & 1) ? reg : ByteReg(reg));
          return true;
        case 4:
          if (!cmp) in->writes = RegisterBit(kRax);
          return Skip(1);
        case 5:
          if (!cmp) in->writes = RegisterBit(kRax);
          return Skip(ImmediateSize());
      }
    }
    if (op >= 0x50 && op <= 0x57) {
      in->writes = RegisterBit(kRsp);
      in->emulated = "push";
      return true;
    }
    if (op >= 0x58 && op <= 0x5f) {
      in->writes = RegisterBit(kRsp) | 1u << ((op - 0x58) | RexB());
      return true;
    }
    if (op >= 0x70 && op <= 0x7f) {
      in->emulated = "jcc";
      return Skip(1);
    }
    switch (op) {
      case 0x80:  // group 1, r/m8, imm8
      case 0x81:  // group 1, r/m, imm32
      case 0x83:  // group 1, r/m, imm8
        if (!ModRM(&mod, &reg, &rm)) return false;
        if ((reg & 7) != 7) in->writes = RmWrite(mod, op == 0x80 ? ByteReg(rm) : rm);
        return Skip(op == 0x81 ? ImmediateSize() : 1);
      case 0x84:  // test
      case 0x85:
        return ModRM(&mod, &reg, &rm);
      case 0x88:  // mov r -> r/m
      case 0x89:
        if (!ModRM(&mod, &reg, &rm)) return false;
        in->writes = RmWrite(mod, op == 0x88 ? ByteReg(rm) : rm);
        return true;
      case 0x8a:  // mov r/m -> r
      case 0x8b:
      case 0x8d:  // lea
        if (!ModRM(&mod, &reg, &rm)) return false;
        in->writes = 1u << (op == 0x8a ? ByteReg(reg) : reg);
        return true;
      case 0x90:
        if (RexB() != 0) return Unknown("xchg", op);
        in->emulated = "nop";
        return true;
      case 0xa8:  // test al, imm8
        return Skip(1);
      case 0xa9:  // test eax, imm32
        return Skip(ImmediateSize());
      case 0xc6:  // mov imm -> r/m
      case 0xc7:
        if (!ModRM(&mod, &reg, &rm)) return false;
        if ((reg & 7) != 0) return Unknown("opcode", op);
        in->writes = RmWrite(mod, op == 0xc6 ? ByteReg(rm) : rm);
        return Skip(op == 0xc6 ? 1 : ImmediateSize());
      case 0xe8:
        in->emulated = "call";
        return Skip(4);
      case 0xe9:
        in->emulated = "jmp";
        return Skip(4);
      case 0xeb:
        in->emulated = "jmp";
        return Skip(1);
      case 0xf6:  // group 3: only test (/0, /1) writes nothing
      case 0xf7:
        if (!ModRM(&mod, &reg, &rm)) return false;
        if ((reg & 7) > 1) return Unknown("group 3 opcode", op);
        return Skip(op == 0xf6 ? 1 : ImmediateSize());
      default:
        return Unknown("opcode", op);
    }
  }

  bool TwoByte(Instruction* in) {
    uint8_t op;
    if (!Byte(&op)) return false;
    unsigned mod, reg, rm;
    if (op >= 0x80 && op <= 0x8f) {
      in->emulated = "jcc";
      return Skip(4);
    }
    if (op >= 0x40 && op <= 0x4f) {  // cmovcc
      if (!ModRM(&mod, &reg, &rm)) return false;
      in->writes = 1u << reg;
      return true;
    }
    if (op >= 0x90 && op <= 0x9f) {  // setcc
      if (!ModRM(&mod, &reg, &rm)) return false;
      in->writes = RmWrite(mod, ByteReg(rm));
      return true;
    }
    switch (op) {
      case 0x1f:  // nopl r/m
        if (!ModRM(&mod, &reg, &rm)) return false;
        in->emulated = "nop";
        return true;
      case 0x10:  // movups/movss/movsd/movupd: SSE registers and memory only
      case 0x11:
      case 0x28:  // movaps
      case 0x29:
      case 0x57:  // xorps
      case 0xd6:  // movq xmm -> m
      case 0xef:  // pxor
      case 0xa3:  // bt r, r/m
        return ModRM(&mod, &reg, &rm);
      case 0xb6:  // movzx, movsx
      case 0xb7:
      case 0xbe:
      case 0xbf:
        if (!ModRM(&mod, &reg, &rm)) return false;
        in->writes = 1u << reg;
        return true;
      case 0xba:  // bt (/4) writes nothing; bts, btr, btc (/5-/7) their r/m
        if (!ModRM(&mod, &reg, &rm)) return false;
        if ((reg & 7) < 4) return Unknown("0f ba opcode", op);
        if ((reg & 7) != 4) in->writes = RmWrite(mod, rm);
        return Skip(1);
      default:
        return Unknown("opcode 0f", op);
    }
  }

  std::span<const uint8_t> code_;
  size_t start_;
  size_t p_;
  uint8_t rex_ = 0;
  bool operand16_ = false;
  std::string why_;
};

const char* RegisterName(unsigned r) {
  static constexpr const char* kNames[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                           "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
  return r < 16 ? kNames[r] : "?";
}

}  // namespace

absl::StatusOr<ProbeSpot> FindEmulatedProbeSpot(std::span<const uint8_t> code, uint32_t preserved,
                                                int max_instructions) {
  size_t at = 0;
  for (int n = 0; n < max_instructions; ++n) {
    Decoder d(code, at);
    std::optional<Instruction> in = d.Decode();
    if (!in) return absl::FailedPreconditionError(d.why());
    if (in->emulated != nullptr) return ProbeSpot{at, in->emulated};
    if (uint32_t clobbered = in->writes & preserved) {
      return absl::FailedPreconditionError(
          absl::StrFormat("the instruction at +0x%x writes %s before any the kernel emulates", at,
                          RegisterName(static_cast<unsigned>(__builtin_ctz(clobbered)))));
    }
    at += in->length;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "no instruction the kernel emulates in the first ", max_instructions, " instructions"));
}

absl::StatusOr<uint64_t> FindReturnFromCall(std::span<const uint8_t> code, uint64_t code_address,
                                            uint64_t callee) {
  // Two calls to the callee are refused.
  std::optional<uint64_t> found;
  bool twice = false;
  ForEachDirectCall(code, code_address, [&](uint64_t after, uint64_t target) {
    if (target != callee) return;
    twice |= found.has_value();
    found = after;
  });
  if (twice) return absl::FailedPreconditionError("the function calls its callee more than once");
  if (!found) return absl::NotFoundError("the function does not call its callee directly");
  return *found;
}

}  // namespace ctrace
