// Turns the kernel's ring-buffer records (bpf/events.h) into trace events (format/event.h),
// interning their strings. Pure user-space code, so it is unit-tested without root.
#ifndef CTRACE_COLLECTOR_RECORD_CONVERTER_H_
#define CTRACE_COLLECTOR_RECORD_CONVERTER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "absl/status/statusor.h"
#include "format/event.h"

namespace ctrace {

// Counts of what the recording created, for the closing summary.
struct RecordingCounts {
  uint64_t processes_created = 0;  // fork/clone that made a new process
  uint64_t threads_created = 0;    // clone that made a thread in an existing process
  uint64_t execs = 0;
  uint64_t task_events = 0;  // task_create/resume/suspend/end/wake
};

class RecordConverter {
 public:
  using Intern = std::function<uint32_t(std::string_view)>;
  // The name (a string id) of a suspension's reason code from a task source (the Go
  // runtime's wait reasons); unset: reasons are dropped.
  using ReasonName = std::function<uint32_t(TaskSource, uint32_t code)>;
  // The name (a string id) of a goroutine's start function: the function at `start_pc` in the
  // Go binary the probes numbered `binary`; unset: goroutines are unnamed.
  using GoStartName = std::function<uint32_t(uint32_t binary, uint64_t start_pc)>;
  explicit RecordConverter(Intern intern, ReasonName reason = {}, GoStartName go_name = {})
      : intern_(std::move(intern)), reason_(std::move(reason)), go_name_(std::move(go_name)) {}

  // Converts one record of `size` bytes. Fails on a record shorter than its kind needs or of
  // an unknown kind (which would mean the BPF object and the collector disagree).
  absl::StatusOr<Event> Convert(const void* data, size_t size);
  // The same, into *out (the recorder's hot loop converts into the trace writer's buffer).
  absl::Status ConvertInto(const void* data, size_t size, Event* out);

  const RecordingCounts& counts() const { return counts_; }

 private:
  Intern intern_;
  ReasonName reason_;
  GoStartName go_name_;
  RecordingCounts counts_;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_RECORD_CONVERTER_H_
