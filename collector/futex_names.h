// The names of the futex words the traced threads sleep on, as address_name events
// (docs/trace-format.md, kind 19): each (process image, address) is looked up once, at its
// first sleep, while the process is alive to read its mappings (address_namer.h).
//
// A name must be of the image the sleep happened in. An exec that came between the sleep and
// the lookup replaced that image, so a name is held back until the events up to its lookup
// have been seen, and dropped if such an exec is among them.
#ifndef CTRACE_COLLECTOR_FUTEX_NAMES_H_
#define CTRACE_COLLECTOR_FUTEX_NAMES_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "collector/address_namer.h"
#include "format/event.h"
#include "format/syscall_table.h"

namespace ctrace {

class FutexNames {
 public:
  // `now` reads CLOCK_MONOTONIC (the events' clock); only a lookup asks it.
  explicit FutexNames(std::function<uint64_t()> now) : now_(std::move(now)) {}

  // Looks at one recorded event: a futex sleep on an address not yet looked up in its
  // process is looked up now; an exec or a process's end forgets what its process had mapped.
  void Observe(const Event& e) {
    if (e.kind == EventKind::kSchedSwitch) {
      if (e.sched_switch.prev_syscall == syscall_nr::kFutex && e.tid != 0) ObserveSleep(e);
    } else if (e.kind == EventKind::kProcessExec ||
               (e.kind == EventKind::kProcessExit && e.exit.group_dead)) {
      ImageEnded(e.pid, e.ts_ns);
    }
  }

  // The names looked up before `settled_ns` whose image is known to have lasted until their
  // lookup, as address_name events with their strings interned by `intern`. Every event up
  // to `settled_ns` must have been observed: the recorder passes a time some milliseconds
  // before its latest drain of the ring buffer, and at the end (all drained) any time.
  std::vector<Event> TakeNames(const std::function<uint32_t(std::string_view)>& intern,
                               uint64_t settled_ns);

  uint64_t named() const { return named_; }

 private:
  struct Pending {
    Event sleep;         // the first sleep on the address
    uint64_t looked_up;  // when
    NamedAddress name;
  };
  void ObserveSleep(const Event& e);
  void ImageEnded(int32_t pid, uint64_t ts_ns);

  std::function<uint64_t()> now_;
  AddressNamer namer_;
  absl::flat_hash_map<int32_t, absl::flat_hash_set<uint64_t>> looked_up_;  // per pid
  absl::flat_hash_map<int32_t, uint64_t> image_ended_;  // pid -> its last exec or exit
  std::vector<Pending> pending_;
  uint64_t named_ = 0;
};

}  // namespace ctrace

#endif  // CTRACE_COLLECTOR_FUTEX_NAMES_H_
