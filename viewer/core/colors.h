// The viewer's colours, as plain data so tests can check screenshot pixels against them.
// Packed like ImGui's IM_COL32: red in the low byte, alpha in the high byte.
#ifndef CTRACE_VIEWER_CORE_COLORS_H_
#define CTRACE_VIEWER_CORE_COLORS_H_

#include <cstdint>

#include "model/thread_state.h"

namespace ctrace::viewer {

struct Rgb {
  uint8_t r, g, b;
  constexpr uint32_t Packed(uint8_t a = 255) const {
    return static_cast<uint32_t>(r) | (static_cast<uint32_t>(g) << 8) |
           (static_cast<uint32_t>(b) << 16) | (static_cast<uint32_t>(a) << 24);
  }
  friend constexpr bool operator==(Rgb, Rgb) = default;
};

// Colour of a thread state in thread lanes and the legend. Blocked states share darker,
// cooler tones so running and runnable stand out; each reason keeps its own hue.
Rgb StateColor(ThreadState s);
// Running intervals tinted by CPU (the "tint by CPU" option) and CPU lane headers.
Rgb CpuColor(uint16_t cpu);
// A stable colour per thread for CPU lanes (the thread's tid hashed to a hue).
Rgb ThreadColor(int32_t tid);
// A stable colour per task (its id hashed to a hue), for task rows and running task lanes.
Rgb TaskColor(uint64_t id);

inline constexpr Rgb kBackground{24, 26, 30};
inline constexpr Rgb kLaneBackground{34, 37, 43};
inline constexpr Rgb kCpuIdle{44, 48, 54};
inline constexpr Rgb kCpuOther{92, 92, 100};  // a thread outside the traced set
inline constexpr Rgb kMarkerThreadCreated{255, 230, 90};
inline constexpr Rgb kMarkerProcessCreated{80, 220, 255};
inline constexpr Rgb kMarkerExec{255, 150, 40};
inline constexpr Rgb kMarkerExit{240, 60, 60};
inline constexpr Rgb kLostGap{230, 40, 40};
inline constexpr Rgb kCreateFlow{235, 235, 235};
inline constexpr Rgb kWakeFlow{255, 120, 220};
inline constexpr Rgb kSelection{255, 255, 255};
inline constexpr Rgb kRangeSelection{90, 150, 255};
// A task that blocked its thread: drawn over its run in red, so the stall stands out.
inline constexpr Rgb kTaskBlockedThread{235, 50, 50};
inline constexpr Rgb kTaskSuspended{78, 82, 92};
inline constexpr Rgb kTaskMoveFlow{120, 220, 255};  // a task continued on another thread
// The critical path drawn over the lanes: a stripe along the bottom of each segment's lane,
// and the hops between lanes; where the chain ends unexplained, the stripe is red.
inline constexpr Rgb kCriticalPath{255, 170, 0};
inline constexpr Rgb kCriticalPathEnd{255, 60, 60};
// The selected lock's waits: a stripe along the top of the waiter's lane; its wakeups.
inline constexpr Rgb kLockWait{0, 230, 160};

// The distance between two colours (sum of absolute channel differences), for pixel checks.
inline int ColorDistance(Rgb a, Rgb b) {
  auto d = [](uint8_t x, uint8_t y) { return x > y ? x - y : y - x; };
  return d(a.r, b.r) + d(a.g, b.g) + d(a.b, b.b);
}

}  // namespace ctrace::viewer

#endif  // CTRACE_VIEWER_CORE_COLORS_H_
