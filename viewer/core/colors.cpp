#include "viewer/core/colors.h"

#include <array>
#include <cmath>

namespace ctrace::viewer {
namespace {

Rgb FromHsv(float h, float s, float v) {
  float c = v * s;
  float hp = std::fmod(h, 1.0f) * 6.0f;
  float x = c * (1.0f - std::fabs(std::fmod(hp, 2.0f) - 1.0f));
  float r = 0, g = 0, b = 0;
  if (hp < 1) {
    r = c, g = x;
  } else if (hp < 2) {
    r = x, g = c;
  } else if (hp < 3) {
    g = c, b = x;
  } else if (hp < 4) {
    g = x, b = c;
  } else if (hp < 5) {
    r = x, b = c;
  } else {
    r = c, b = x;
  }
  float m = v - c;
  auto u8 = [m](float f) { return static_cast<uint8_t>(std::lround((f + m) * 255.0f)); };
  return {u8(r), u8(g), u8(b)};
}

}  // namespace

Rgb StateColor(ThreadState s) {
  switch (s) {
    case ThreadState::kUnknown:
      return {70, 72, 78};
    case ThreadState::kRunning:
      return {64, 190, 90};
    case ThreadState::kRunnable:
      return {240, 200, 60};
    case ThreadState::kBlockedEpoll:
      return {150, 110, 230};
    case ThreadState::kBlockedFutex:
      return {220, 90, 90};
    case ThreadState::kBlockedIo:
      return {60, 150, 210};
    case ThreadState::kBlockedPoll:
      return {200, 110, 190};
    case ThreadState::kBlockedSleep:
      return {110, 125, 150};
    case ThreadState::kBlockedWait:
      return {170, 130, 90};
    case ThreadState::kBlockedOther:
      return {135, 135, 140};
    case ThreadState::kUninterruptible:
      return {250, 120, 30};
    case ThreadState::kStopped:
      return {150, 40, 60};
    case ThreadState::kExited:
      return kLaneBackground;
  }
  return {255, 0, 255};
}

Rgb CpuColor(uint16_t cpu) {
  // Golden-ratio hue steps keep neighbouring CPUs apart; kept away from the states' greens.
  return FromHsv(0.55f + static_cast<float>(cpu) * 0.618034f, 0.55f, 0.85f);
}

Rgb TaskColor(uint64_t id) {
  uint64_t h = id * 11400714819323198485ull;
  float hue = static_cast<float>(h >> 40) / static_cast<float>(1u << 24);
  return FromHsv(hue, 0.45f, 0.95f);
}

Rgb ThreadColor(int32_t tid) {
  uint32_t h = static_cast<uint32_t>(tid) * 2654435761u;
  float hue = static_cast<float>(h >> 8) / static_cast<float>(1u << 24);
  return FromHsv(hue, 0.5f, 0.8f);
}

}  // namespace ctrace::viewer
