#!/usr/bin/env bash
# Recording benchmarks for docs/benchmarks.md (a benchmark, not a test: it prints figures).
#  1. overhead: a two-thread pipe ping-pong pinned to CPU 0, run bare, under `ctrace run`,
#     under `perf record -e sched:sched_switch -e sched:sched_wakeup` and under a bpftrace
#     script counting the same two tracepoints; interleaved rounds, median per tool.
#  2. sustained rate: an event storm (event_storm: a thread per CPU calling epoll_wait with a
#     zero timeout in a loop, two events per call) for STORM_SECONDS under ctrace.
#  3. size: bytes per event on disk, from the same recordings.
# With SYSCALLS=1, the overhead table also has `ctrace run --syscalls` (ctrace_syscalls): every
# write and read of the ping-pong is then recorded too.
# usage: sudo tests/bench/recording_overhead.sh BUILD_DIR [ROUNDS] [STORM_SECONDS]
set -euo pipefail
build=$(cd "${1:?usage: recording_overhead.sh BUILD_DIR [ROUNDS] [STORM_SECONDS]}" && pwd)
trips=${2:-200000}
storm_seconds=${3:-30}
reps=${REPS:-5}
ctrace=$build/cli/ctrace
pingpong=$build/tests/bench/pingpong
storm=$build/tests/bench/event_storm
taskset=$(command -v taskset)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

per_trip() { grep -o 'us_per_round_trip [0-9.]*' | awk '{print $2}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

run_bare() { "$taskset" -c 0 "$pingpong" "$trips" | per_trip; }
run_ctrace() {
  "$ctrace" run -o "$work/pp.ctrace" -- "$taskset" -c 0 "$pingpong" "$trips" 2>"$work/ctrace.err" | per_trip
}
run_ctrace_syscalls() {
  "$ctrace" run --syscalls -o "$work/pp-sc.ctrace" -- "$taskset" -c 0 "$pingpong" "$trips" \
    2>"$work/ctrace-sc.err" | per_trip
}
run_perf() {
  perf record -q -e sched:sched_switch -e sched:sched_wakeup -o "$work/perf.data" -- \
    "$taskset" -c 0 "$pingpong" "$trips" 2>/dev/null | per_trip
}
run_bpftrace() {
  bpftrace -q -e 'tracepoint:sched:sched_switch { @s = count(); } tracepoint:sched:sched_wakeup { @w = count(); }' \
    -c "$taskset -c 0 $pingpong $trips" 2>/dev/null | per_trip
}

declare -A samples
tools=(bare ctrace perf bpftrace)
if [[ ${SYSCALLS:-0} == 1 ]]; then tools+=(ctrace_syscalls); fi
for ((i = 0; i < reps; i++)); do
  for t in "${tools[@]}"; do samples[$t]+="$(run_$t) "; done
done
echo "== recording overhead: pinned pipe ping-pong, $trips round trips, median of $reps =="
bare=$(echo ${samples[bare]} | tr ' ' '\n' | median)
printf "%-16s %10s %10s\n" tool us/trip slowdown
for t in "${tools[@]}"; do
  m=$(echo ${samples[$t]} | tr ' ' '\n' | median)
  printf "%-16s %10.3f %9.1f%%\n" "$t" "$m" "$(awk -v m="$m" -v b="$bare" 'BEGIN{print (m/b-1)*100}')"
done
grep -E 'events|file size' "$work/ctrace.err" | sed 's/^ */ctrace last run: /'
if [[ ${SYSCALLS:-0} == 1 ]]; then
  grep -E 'events|file size' "$work/ctrace-sc.err" | sed 's/^ */ctrace --syscalls last run: /'
fi

echo "== sustained rate: event storm on all $(nproc) CPUs for ${storm_seconds}s =="
"$ctrace" run -o "$work/storm.ctrace" -- "$storm" "$storm_seconds" "$(nproc)" 2>"$work/storm.err" >/dev/null
events=$(awk '/ events /{print $2}' "$work/storm.err")
lost=$(awk '/lost events/{print $3}' "$work/storm.err")
duration=$(awk '/duration/{print $2}' "$work/storm.err")
bytes=$(stat -c %s "$work/storm.ctrace")
awk -v e="$events" -v d="$duration" -v l="$lost" -v b="$bytes" \
  'BEGIN{printf "events %d in %.2f s = %.2f million events/s, lost %d, %.2f bytes/event on disk\n", e, d, e/d/1e6, l, b/e}'
