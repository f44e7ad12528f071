// A process (thread group) in the model: identity, tree, exec history and exit.
#ifndef CTRACE_MODEL_PROCESS_H_
#define CTRACE_MODEL_PROCESS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "model/thread_timeline.h"

namespace ctrace {

struct ExecRecord {
  uint64_t ts_ns;
  uint32_t filename;  // string id
  uint32_t comm;      // name after exec (string id)
  uint32_t argv;      // argv joined with '\0' (string id; empty if not recorded)
  int32_t tid;        // the thread that exec'd, as it was before exec
};

struct ProcessExit {
  uint64_t ts_ns;
  int32_t exit_code;  // raw, as wait(2) sees it: (status << 8) | termsig
};

// A global variable the recorder named at an address of the process (format version 3): the
// futex words its threads slept on, where its ELF files' symbols say what they are.
struct AddressName {
  uint64_t address;
  uint32_t name;    // string id: "variable" or "variable+0x18"
  uint32_t object;  // string id: the ELF file that defines it
};

struct Process {
  int32_t pid = 0;
  int32_t ppid = -1;             // -1: unknown (first seen mid-trace)
  uint32_t parent = kNoProcess;  // index of the parent process, if traced
  ThreadOrigin origin = ThreadOrigin::kFirstSeen;
  uint32_t comm = 0;  // current name (string id)
  uint64_t first_ns = 0;
  std::vector<ExecRecord> execs;
  std::vector<uint32_t> threads;   // thread indices, in order of appearance
  std::vector<uint32_t> children;  // process indices
  std::vector<uint32_t> tasks;     // task indices (Model::tasks), in order of appearance
  std::optional<ProcessExit> exit;
  // Its command line as it read at exit, '\0'-separated (string id; 0: not recorded). See
  // Model::TitleOf for when it says more than the exec did.
  uint32_t title = 0;
  std::vector<AddressName> address_names;  // in the order recorded (the first of an address counts)
};

// wait(2)'s decoding of a raw exit code.
struct ExitStatus {
  bool signaled;  // killed by a signal
  int code;       // exit status (0-255) when !signaled
  int signal;     // terminating signal when signaled
};
inline ExitStatus DecodeExitCode(int32_t raw) {
  int sig = raw & 0x7F;
  return {sig != 0, (raw >> 8) & 0xFF, sig};
}

}  // namespace ctrace

#endif  // CTRACE_MODEL_PROCESS_H_
