#!/usr/bin/env bash
# Where does recording start losing events? Runs the event storm (a thread per CPU calling
# epoll_wait with a zero timeout: two events per call) under `ctrace run` with ring buffers
# of several sizes and prints, for each, the event rate reached and the records lost.
# Also runs a rate sweep at the default buffer: the storm with 1..N threads.
# usage: sudo tests/bench/loss_threshold.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$(cd "${1:?usage: loss_threshold.sh BUILD_DIR [SECONDS]}" && pwd)
seconds=${2:-10}
ctrace=$build/cli/ctrace
storm=$build/tests/bench/event_storm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # buffer threads
  "$ctrace" run --buffer-size "$1" -o "$work/t.ctrace" -- "$storm" "$seconds" "$2" \
    >/dev/null 2>"$work/err"
  awk -v b="$1" -v t="$2" '
    /^ *duration /{d=$2} /^ *events /{e=$2} /^ *lost events /{l=$3}
    END {printf "%-8s %7d %12d %10.2f %12d %8.3f%%\n", b, t, e, e/d/1e6, l, (e+l) ? 100*l/(e+l) : 0}' \
    "$work/err"
}

printf "%-8s %7s %12s %10s %12s %9s\n" buffer threads events "M ev/s" lost "lost"
for size in 64K 256K 1M 4M 16M 64M; do measure "$size" "$(nproc)"; done
for threads in 1 2 4; do measure 16M "$threads"; done
