#include "export/export_sink.h"

#include <string>

namespace ctrace {

std::string TaskLabel(const Task& task, std::string_view name) {
  std::string label = TaskKindName(task.source);
  label += ' ';
  label += std::to_string(task.id);
  if (!name.empty()) {
    label += ": ";
    label += name;
  }
  return label;
}

std::string_view TaskRunEndName(TaskRunEnd end) {
  switch (end) {
    case TaskRunEnd::kSuspended:
      return "suspended";
    case TaskRunEnd::kReplaced:
      return "replaced";
    case TaskRunEnd::kEnded:
      return "ended";
    case TaskRunEnd::kMovedAway:
      return "moved away";
    case TaskRunEnd::kThreadGone:
      return "thread gone";
    case TaskRunEnd::kTraceEnd:
      return "trace end";
  }
  return "?";
}

}  // namespace ctrace
