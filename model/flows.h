// Arrows between threads: creator -> created at creation, waker -> wakee at a wakeup.
#ifndef CTRACE_MODEL_FLOWS_H_
#define CTRACE_MODEL_FLOWS_H_

#include <cstdint>
#include <vector>

#include "model/model.h"

namespace ctrace {

enum class FlowKind : uint8_t { kCreate, kWake };

struct Flow {
  uint64_t ts_ns;
  uint32_t from;  // thread index; kNoThread when the waker was not a traced thread
  uint32_t to;    // thread index
  FlowKind kind;
};

// The flows with a time in [from_ns, to_ns], sorted by time.
std::vector<Flow> CollectFlows(const Model& model, uint64_t from_ns = 0,
                               uint64_t to_ns = UINT64_MAX);

}  // namespace ctrace

#endif  // CTRACE_MODEL_FLOWS_H_
