// How ctrace's scheduling facts are spelled in Perfetto's ftrace events. The sink itself is
// made by MakePerfettoSink (export/export_sink.h).
#ifndef CTRACE_EXPORT_PERFETTO_SINK_H_
#define CTRACE_EXPORT_PERFETTO_SINK_H_

#include <cstdint>

namespace ctrace {

// sched_switch's prev_state as the kernel's tracepoint formats it since 4.14
// (__trace_sched_switch_state in include/trace/events/sched.h), which is how Perfetto decodes
// it when the trace says its kernel is 4.14 or later: TASK_REPORT_MAX (0x100) when prev was
// preempted, else the highest TASK_REPORT bit of its state (S 0x1, D 0x2, T 0x4, t 0x8,
// X 0x10, Z 0x20, P 0x40) with TASK_IDLE reported as 0x80 and a dying task (TASK_DEAD) as
// X; 0 (R) when it is still TASK_RUNNING. ctrace records the raw task state (`prev_state`
// of the tp_btf tracepoint), so the mapping is done here.
int64_t PerfettoPrevState(uint32_t prev_state, bool preempt);

// clone flags for task_newtask when the creating clone's own flags were not recorded.
inline constexpr uint64_t kCloneThreadFlags = 0x10f00;  // VM|FS|FILES|SIGHAND|THREAD
inline constexpr uint64_t kForkFlags = 17;              // SIGCHLD: a plain fork

}  // namespace ctrace

#endif  // CTRACE_EXPORT_PERFETTO_SINK_H_
