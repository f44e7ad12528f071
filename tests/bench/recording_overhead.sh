#!/usr/bin/env bash
# Recording benchmarks for docs/benchmarks.md (a benchmark, not a test: it prints figures).
#  1. overhead: a two-thread pipe ping-pong pinned to CPU 0, run bare, under `ctrace run`,
#     under `perf record -e sched:sched_switch -e sched:sched_wakeup` and under a bpftrace
#     script counting the same two tracepoints; interleaved rounds, median per tool.
#     Tools: bare, the floor (tests/bench/floor_tracer: sched probes putting 48-byte records in a
#     ring buffer, the consumer writing them raw), ctrace, ctrace with the generic syscall
#     filter, perf, bpftrace; each in two configurations (see "free" and "shared" below),
#     slowdowns against the bare program and as a fraction of perf record's.
#  2. sustained rate: an event storm (event_storm: a thread per CPU calling epoll_wait with a
#     zero timeout in a loop, two events per call) for STORM_SECONDS under ctrace, then under
#     the floor tracer (with its epoll_wait probes), whose consumer cost is the reference.
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
floor=$build/tests/bench/floor_tracer
taskset=$(command -v taskset)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

per_trip() { grep -o 'us_per_round_trip [0-9.]*' | awk '{print $2}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# Two configurations, in the same interleaved rounds: "free" pins only the program to CPU 0
# (the recorder has the other CPU to itself); "shared" pins the tool too, so every cycle the
# recorder spends is taken from the program.
pp() { "$taskset" -c 0 "$pingpong" "$trips"; }
shared() { if [[ $config == shared ]]; then "$taskset" -c 0 "$@"; else "$@"; fi; }
run_bare() { pp | per_trip; }
run_ctrace() {
  shared "$ctrace" run -o "$work/pp.ctrace" -- "$taskset" -c 0 "$pingpong" "$trips" 2>"$work/ctrace.err" | per_trip
}
# The same recorder with the generic syscall filter (a BPF program at every syscall's entry
# and exit) instead of the per-syscall tracepoints: what the filter costs.
run_ctrace_generic() {
  CTRACE_SYSCALL_PROBES=generic shared "$ctrace" run -o "$work/pp-g.ctrace" -- \
    "$taskset" -c 0 "$pingpong" "$trips" 2>/dev/null | per_trip
}
run_ctrace_syscalls() {
  shared "$ctrace" run --syscalls -o "$work/pp-sc.ctrace" -- "$taskset" -c 0 "$pingpong" "$trips" \
    2>"$work/ctrace-sc.err" | per_trip
}
run_floor() {
  shared "$floor" "$work/floor.bin" "$taskset" -c 0 "$pingpong" "$trips" 2>"$work/floor.err" | per_trip
}
run_perf() {
  shared perf record -q -e sched:sched_switch -e sched:sched_wakeup -o "$work/perf.data" -- \
    "$taskset" -c 0 "$pingpong" "$trips" 2>/dev/null | per_trip
}
run_bpftrace() {
  shared bpftrace -q -e 'tracepoint:sched:sched_switch { @s = count(); } tracepoint:sched:sched_wakeup { @w = count(); }' \
    -c "$taskset -c 0 $pingpong $trips" 2>/dev/null | per_trip
}

declare -A samples
tools=(bare floor ctrace ctrace_generic perf bpftrace)
if [[ ${SYSCALLS:-0} == 1 ]]; then tools+=(ctrace_syscalls); fi
configs=(free shared)
for ((i = 0; i < reps; i++)); do
  for config in "${configs[@]}"; do
    for t in "${tools[@]}"; do samples[$config.$t]+="$(run_$t) "; done
  done
done
for config in "${configs[@]}"; do
  echo "== recording overhead ($config): pinned pipe ping-pong, $trips round trips, median of $reps =="
  bare=$(echo ${samples[$config.bare]} | tr ' ' '\n' | median)
  perf_m=$(echo ${samples[$config.perf]} | tr ' ' '\n' | median)
  printf "%-16s %10s %10s %14s\n" tool us/trip slowdown "vs perf's"
  for t in "${tools[@]}"; do
    m=$(echo ${samples[$config.$t]} | tr ' ' '\n' | median)
    printf "%-16s %10.3f %9.1f%% %13.2fx\n" "$t" "$m" "$(awk -v m="$m" -v b="$bare" 'BEGIN{print (m/b-1)*100}')" \
      "$(awk -v m="$m" -v b="$bare" -v p="$perf_m" 'BEGIN{print (p > b) ? (m-b)/(p-b) : 0}')"
  done
done
grep -E 'events|file size|recorder cpu' "$work/ctrace.err" | sed 's/^ */ctrace last run: /'
if [[ ${SYSCALLS:-0} == 1 ]]; then
  grep -E 'events|file size' "$work/ctrace-sc.err" | sed 's/^ */ctrace --syscalls last run: /'
fi
cat "$work/floor.err" | sed 's/^/floor last run: /'

echo "== sustained rate: event storm on all $(nproc) CPUs for ${storm_seconds}s =="
# The storm counts its own calls (two events each, an enter and an exit), so a loss cannot
# hide behind a smaller storm: offered beside recorded, and the recorder's own CPU per event
# (all its threads).
"$ctrace" run -o "$work/storm.ctrace" -- "$storm" "$storm_seconds" "$(nproc)" 2>"$work/storm.err" >"$work/storm.out"
events=$(awk '$1=="events"{print $2}' "$work/storm.err")
lost=$(awk '$1=="lost"{print $3}' "$work/storm.err")
duration=$(awk '$1=="duration"{print $2}' "$work/storm.err")
cpu=$(awk '$1=="recorder" && $2=="cpu"{print $3}' "$work/storm.err")
calls=$(awk '{print $2}' "$work/storm.out")
bytes=$(stat -c %s "$work/storm.ctrace")
awk -v e="$events" -v d="$duration" -v l="$lost" -v b="$bytes" -v c="$calls" -v cpu="$cpu" \
  'BEGIN{printf "offered %d events (%d calls) = %.2f M/s; recorded %d = %.2f M/s, lost %d (%.3f%%); recorder cpu %.2f s = %.1f ns/event; %.2f bytes/event on disk\n", 2*c, c, 2*c/d/1e6, e, e/d/1e6, l, 100*l/(e+l), cpu, cpu*1e9/e, b/e}'
grep 'lost events' "$work/storm.err" | sed 's/^ */ctrace: /'
# Of the recorder's CPU, the thread that drains the ring buffer (the trace writer's thread
# encodes, compresses and writes).
grep 'recorder cpu' "$work/storm.err" | sed 's/^ */ctrace: /'
# The same storm under the floor (its epoll_wait probes on): what a consumer that only writes
# the raw records costs per event on this machine, the reference for ctrace's.
"$floor" --epoll "$work/floor-storm.bin" "$storm" "$storm_seconds" "$(nproc)" \
  2>"$work/floor-storm.err" >"$work/floor-storm.out"
floor_calls=$(awk '{print $2}' "$work/floor-storm.out")
floor_seconds=$(awk '{print $4}' "$work/floor-storm.out")  # the storm's own clock
floor_ns=$(sed -n 's/.*(\([0-9.]*\) ns\/record).*/\1/p' "$work/floor-storm.err")
rm -f "$work/floor-storm.bin"
awk -v c="$floor_calls" -v s="$floor_seconds" \
  'BEGIN{printf "floor: offered %d events = %.2f M/s; ", 2*c, 2*c/s/1e6}'
sed 's/^records/recorded/' "$work/floor-storm.err"
drain_ns=$(sed -n 's/.*draining the buffer \([0-9.]*\) ns.*/\1/p' "$work/storm.err")
awk -v r="$cpu" -v e="$events" -v d="$drain_ns" -v f="$floor_ns" \
  'BEGIN{printf "ctrace / floor consumer, per event: whole recorder %.2fx, draining thread %.2fx\n", r*1e9/e/f, d/f}'
