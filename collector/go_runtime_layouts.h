// The layout of runtime.g and runtime.m for the Go versions where it was read off real
// binaries, for a Go binary built without DWARF (-ldflags=-w). A binary with DWARF is always
// read from it instead (go_binary.h); this table is only the fallback, and a version not in
// it is not traced at all without DWARF: wrong offsets would give wrong goroutines.
//
// Sources: 1.19 from the DWARF of binaries built by Debian's go1.19.8 (the test
// GoBinary.TheVersionTableAgreesWithTheDwarf checks it against every build); 1.22, 1.23 and
// 1.24 from the instructions of casgstatus, newproc1 and execute in binaries built by
// go1.22.12, go1.23.8 and go1.24.2. 1.20, 1.21 and 1.25 are left out: their offsets were only
// worked out from the runtime's source, not seen in a binary. 1.23 moved everything from
// atomicstatus on by 8 (g.syscallbp was added before it).
#ifndef CTRACE_COLLECTOR_GO_RUNTIME_LAYOUTS_H_
#define CTRACE_COLLECTOR_GO_RUNTIME_LAYOUTS_H_

#include <optional>

#include "collector/go_binary.h"

namespace ctrace {

inline std::optional<GoRuntimeOffsets> KnownGoRuntimeOffsets(int major, int minor) {
  if (major != 1) return std::nullopt;
  GoRuntimeOffsets o;
  o.g_m = 0x30;
  o.m_curg = 0xc0;
  switch (minor) {
    case 19:
      o.g_atomicstatus = 0x90;
      o.g_goid = 0x98;
      o.g_waitreason = 0xb0;
      o.g_gopc = 0x128;
      o.g_startpc = 0x138;
      return o;
    case 22:
      o.g_atomicstatus = 0x90;
      o.g_goid = 0x98;
      o.g_waitreason = 0xb0;
      o.g_parent_goid = 0x110;
      o.g_gopc = 0x118;
      o.g_startpc = 0x128;
      return o;
    case 23:
    case 24:
      o.g_atomicstatus = 0x98;
      o.g_goid = 0xa0;
      o.g_waitreason = 0xb8;
      o.g_parent_goid = 0x118;
      o.g_gopc = 0x120;
      o.g_startpc = 0x130;
      return o;
    default:
      return std::nullopt;
  }
}

// The most wait reasons runtime.waitReasonStrings has in a release, for finding it in a
// stripped binary (go_binary.cpp, FindWaitReasons). 1.19 from Debian's go1.19.8 binaries (the
// test GoBinaryTest.AStrippedBinaryIsReadFromItsFunctionTable compares with the symbol's
// size); 1.20 to 1.24 from the runtime's source (runtime2.go), checked against the tables of
// stripped binaries built by go1.22.5, go1.22.12, go1.23.3 (37: "GC weak to strong wait"
// came in a later 1.23 point release), go1.23.8, go1.24.2 and go1.24.3.
inline std::optional<size_t> KnownWaitReasonCount(int major, int minor) {
  if (major != 1) return std::nullopt;
  switch (minor) {
    case 19:
      return 27;
    case 20:
    case 21:
      return 32;
    case 22:
      return 37;
    case 23:
      return 38;
    case 24:
      return 44;
    default:
      return std::nullopt;
  }
}

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_GO_RUNTIME_LAYOUTS_H_
