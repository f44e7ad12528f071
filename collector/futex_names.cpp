#include "collector/futex_names.h"

#include <algorithm>
#include <utility>

namespace ctrace {

void FutexNames::ObserveSleep(const Event& e) {
  const uint64_t address = static_cast<uint64_t>(e.sched_switch.wait_args[0]);
  if (!looked_up_[e.pid].insert(address).second) return;
  const uint64_t now_ns = now_();
  std::optional<NamedAddress> name = namer_.Name(e.pid, address, now_ns);
  if (name) pending_.push_back({e, now_ns, std::move(*name)});
}

void FutexNames::ImageEnded(int32_t pid, uint64_t ts_ns) {
  namer_.Forget(pid);
  looked_up_.erase(pid);
  uint64_t& ended = image_ended_[pid];
  ended = std::max(ended, ts_ns);
}

std::vector<Event> FutexNames::TakeNames(const std::function<uint32_t(std::string_view)>& intern,
                                         uint64_t settled_ns) {
  std::vector<Event> out;
  std::vector<Pending> unsettled;
  for (Pending& p : pending_) {
    if (p.looked_up >= settled_ns) {
      unsettled.push_back(std::move(p));
      continue;
    }
    auto ended = image_ended_.find(p.sleep.pid);
    // The image the sleep was in ended before the lookup: the name may be the next image's.
    if (ended != image_ended_.end() && ended->second >= p.sleep.ts_ns &&
        ended->second <= p.looked_up) {
      continue;
    }
    Event e;
    e.ts_ns = p.sleep.ts_ns;
    e.kind = EventKind::kAddressName;
    e.cpu = p.sleep.cpu;
    e.tid = p.sleep.tid;
    e.pid = p.sleep.pid;
    e.address_name = {static_cast<uint64_t>(p.sleep.sched_switch.wait_args[0]), intern(p.name.name),
                      intern(p.name.object)};
    out.push_back(e);
    ++named_;
  }
  pending_ = std::move(unsettled);
  return out;
}

}  // namespace ctrace
