// libFuzzer target: any bytes as a trace file, through the reader and everything the model
// computes from what the reader accepts. A trace file is untrusted input: whatever it holds
// must end in a Status or a model, never a crash, a hang or an unbounded allocation.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/cpu_lanes.h"
#include "model/flows.h"
#include "model/load_model.h"
#include "model/metrics.h"
#include "model/self_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The reader takes a path: give it an in-memory file.
  static const int fd = memfd_create("trace", 0);
  if (fd < 0) return 0;
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  auto model = ctrace::LoadModel(path);
  if (!model.ok()) return 0;
  (void)ctrace::ComputeMetrics(*model);
  (void)ctrace::BuildCpuLanes(*model);
  (void)ctrace::CollectFlows(*model);
  (void)ctrace::RunSelfCheck(*model);
  return 0;
}
