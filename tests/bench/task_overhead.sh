#!/usr/bin/env bash
# What recording tasks costs (docs/benchmarks.md; a benchmark, not a test: it prints figures).
#  1. The coroutine server (every connection a task: created, resumed, suspended, ended),
#     pinned to CPU 0 (--cpu 0), under a load client pinned to CPU 1 (not traced): its throughput bare,
#     under `ctrace run --no-tasks`, and under `ctrace run` (its task probes attached).
#  2. Green threads on one kernel thread (ctrace-green-threads, no blocking): the time per
#     task switch bare, under `ctrace run --no-tasks`, under `ctrace run`, and under bpftrace
#     counting the same probes: the floor a uprobe on a USDT site costs.
# Each configuration runs REPS times (default 7), interleaved with the others; the median and
# the ratio against the bare run of the same session are printed.
# usage: sudo tests/bench/task_overhead.sh BUILD_DIR [REQUESTS] [ROUNDS]
set -euo pipefail
build=$(cd "${1:?usage: task_overhead.sh BUILD_DIR [REQUESTS] [ROUNDS]}" && pwd)
requests=${2:-20000}
rounds=${3:-50000}
reps=${REPS:-7}
ctrace=$build/cli/ctrace
server=$build/workloads/ctrace-server-coroutine
load=$build/workloads/ctrace-load
green=$build/workloads/ctrace-green-threads
for f in "$ctrace" "$server" "$load" "$green"; do
  [[ -x $f ]] || { echo "task_overhead: $f is not built" >&2; exit 1; }
done
if [[ $(id -u) -ne 0 ]]; then
  echo "task_overhead: needs root to load the eBPF probes (run with sudo)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/site"
printf '<html><body><p>Hello from ctrace.</p></body></html>\n' >"$work/site/index.html"

# shellcheck source=serve_under_load.sh
source "$(dirname "$0")/serve_under_load.sh"

# Serves $requests requests under the given prefix (empty: bare); prints requests/s.
serve() {
  serve_under_load "$requests" "$load" "$work" "$@" "$server" --cpu 0 --port 0 --root "$work/site" \
    --requests "$requests"
}
server_bare() { serve; }
server_notasks() { serve "$ctrace" run --no-tasks -o "$work/s-notasks.ctrace" --; }
server_tasks() { serve "$ctrace" run -o "$work/s-tasks.ctrace" --; }

# ns per green-thread switch ("N switches in S s").
per_switch() { sed -n 's/.*: \([0-9]*\) switches in \([0-9.]*\) s.*/\1 \2/p' | awk '{printf "%.1f\n", $2 * 1e9 / $1}'; }
green_args=(--cpu 0 --tasks 4 --rounds "$rounds" --block none)
green_bare() { "$green" "${green_args[@]}" | per_switch; }
green_notasks() {
  "$ctrace" run --no-tasks -o "$work/g-notasks.ctrace" -- "$green" "${green_args[@]}" 2>/dev/null |
    per_switch
}
green_tasks() {
  "$ctrace" run -o "$work/g-tasks.ctrace" -- "$green" "${green_args[@]}" 2>"$work/g-tasks.err" |
    per_switch
}
# The programs pin themselves (--cpu 0): run through taskset, their probes would be
# attached only when ctrace saw the exec, after the program had started (docs/tasks.md).
green_bpftrace() {
  bpftrace -q \
    -e "usdt:$green:ctrace:task_resume,usdt:$green:ctrace:task_suspend { @n = count(); }" \
    -c "$green ${green_args[*]}" 2>/dev/null | per_switch
}

declare -A samples
configs=(server_bare server_notasks server_tasks green_bare green_notasks green_tasks)
if command -v bpftrace >/dev/null; then configs+=(green_bpftrace); fi
for ((i = 0; i < reps; i++)); do
  for c in "${configs[@]}"; do samples[$c]+="$($c) "; done
done

med() { tr ' ' '\n' <<<"${samples[$1]}" | grep . | median; }
echo "== tasks: coroutine server, $requests requests over 8 connections, median of $reps =="
base=$(med server_bare)
notasks=$(med server_notasks)
printf '%-28s %12s %10s %10s\n' config requests/s vs-bare vs-no-tasks
for c in server_bare server_notasks server_tasks; do
  m=$(med "$c")
  printf '%-28s %12.1f %+9.1f%% %+9.1f%%\n' "$c" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN{print (a/b-1)*100}')" \
    "$(awk -v a="$m" -v b="$notasks" 'BEGIN{print (a/b-1)*100}')"
done
echo "samples: bare ${samples[server_bare]}| no-tasks ${samples[server_notasks]}| tasks ${samples[server_tasks]}"
echo "tasks recorded in the last run: $(grep -o 'tasks .*' "$work/server.err" | head -1 || true)"
echo
echo "== tasks: green threads, 4 x $rounds rounds on one thread, ns per task switch, median of $reps =="
base=$(med green_bare)
printf '%-28s %12s %10s\n' config ns/switch vs-bare
for c in green_bare green_notasks green_tasks green_bpftrace; do
  [[ -n ${samples[$c]:-} ]] || continue
  m=$(med "$c")
  printf '%-28s %12.1f %+9.1f%%\n' "$c" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN{print (a/b-1)*100}')"
done
echo "tasks recorded in the last run: $(grep -o 'tasks .*' "$work/g-tasks.err" | head -1 || true)"
