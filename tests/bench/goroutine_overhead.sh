#!/usr/bin/env bash
# What recording goroutines costs (docs/benchmarks.md; a benchmark, not a test: it prints
# figures). The goroutine probes run at every status change of a traced Go program.
#  1. ctrace-server-go (a goroutine per connection), pinned to CPU 0 (--cpu 0), under a load
#     client pinned to CPU 1 (not traced): its throughput bare, under `ctrace run --no-tasks`
#     (threads only) and under `ctrace run` (goroutines too).
#  2. The worst case, go_pingpong: two goroutines on unbuffered channels (four status
#     changes a round trip), on one P (GOMAXPROCS=1): ns per round trip in the same three ways.
# Each configuration runs REPS times (default 7), interleaved with the others; the median and
# the ratio against the bare run of the same session are printed.
# usage: sudo tests/bench/goroutine_overhead.sh BUILD_DIR [REQUESTS] [ROUNDS]
set -euo pipefail
build=$(cd "${1:?usage: goroutine_overhead.sh BUILD_DIR [REQUESTS] [ROUNDS]}" && pwd)
requests=${2:-20000}
rounds=${3:-200000}
reps=${REPS:-7}
ctrace=$build/cli/ctrace
server=$build/workloads/ctrace-server-go
load=$build/workloads/ctrace-load
pingpong=$build/tests/bench/go_pingpong
for f in "$ctrace" "$server" "$load" "$pingpong"; do
  [[ -x $f ]] || { echo "goroutine_overhead: $f is not built (it needs golang-go)" >&2; exit 1; }
done
if [[ $(id -u) -ne 0 ]]; then
  echo "goroutine_overhead: needs root to load the eBPF probes (run with sudo)" >&2
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
  serve_under_load "$requests" "$load" "$work" "$@" "$server" --cpu 0 --workers 2 --port 0 \
    --root "$work/site" \
    --requests "$requests"
}
server_bare() { serve; }
server_notasks() { serve "$ctrace" run --no-tasks -o "$work/s-notasks.ctrace" --; }
server_goroutines() { serve "$ctrace" run -o "$work/s-go.ctrace" --; }

# ns per round trip ("N round trips in S s"). Not through taskset: ctrace attaches the
# probes to the program it starts before it runs, and to a program exec'd later only once it
# sees the exec; one P keeps the goroutines on one thread at a time.
per_round() { sed -n 's/^\([0-9]*\) round trips in \([0-9.]*\) s$/\1 \2/p' | awk '{printf "%.1f\n", $2 * 1e9 / $1}'; }
export GOMAXPROCS=1
pp_bare() { "$pingpong" "$rounds" | per_round; }
pp_notasks() {
  "$ctrace" run --no-tasks -o "$work/p-notasks.ctrace" -- "$pingpong" "$rounds" 2>/dev/null |
    per_round
}
pp_goroutines() {
  "$ctrace" run -o "$work/p-go.ctrace" -- "$pingpong" "$rounds" 2>"$work/p-go.err" | per_round
}

declare -A samples
configs=(server_bare server_notasks server_goroutines pp_bare pp_notasks pp_goroutines)
for ((i = 0; i < reps; i++)); do
  for c in "${configs[@]}"; do samples[$c]+="$($c) "; done
done

med() { tr ' ' '\n' <<<"${samples[$1]}" | grep . | median; }
echo "== goroutines: ctrace-server-go, $requests requests over 8 connections, median of $reps =="
base=$(med server_bare)
notasks=$(med server_notasks)
printf '%-28s %12s %10s %10s\n' config requests/s vs-bare vs-no-tasks
for c in server_bare server_notasks server_goroutines; do
  m=$(med "$c")
  printf '%-28s %12.1f %+9.1f%% %+9.1f%%\n' "$c" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN{print (a/b-1)*100}')" \
    "$(awk -v a="$m" -v b="$notasks" 'BEGIN{print (a/b-1)*100}')"
done
echo "samples: bare ${samples[server_bare]}| no-tasks ${samples[server_notasks]}| goroutines ${samples[server_goroutines]}"
echo "recorded in the last run: $(grep -o 'tasks .*' "$work/server.err" | head -1 || true)"
echo
echo "== goroutines: channel ping-pong, $rounds round trips, GOMAXPROCS=1, ns per round trip, median of $reps =="
base=$(med pp_bare)
printf '%-28s %12s %10s\n' config ns/round-trip vs-bare
for c in pp_bare pp_notasks pp_goroutines; do
  m=$(med "$c")
  printf '%-28s %12.1f %+9.1f%%\n' "$c" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN{print (a/b-1)*100}')"
done
echo "samples: bare ${samples[pp_bare]}| no-tasks ${samples[pp_notasks]}| goroutines ${samples[pp_goroutines]}"
echo "recorded in the last run: $(grep -o 'tasks .*' "$work/p-go.err" | head -1 || true)"
