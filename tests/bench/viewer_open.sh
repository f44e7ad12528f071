#!/usr/bin/env bash
# Opening a large trace in ctrace-view, end to end, two ways:
# - interactive: from starting `ctrace-view TRACE` to the first frame that shows the trace
#   (the viewer's --state-file says so after drawing it: the window is up at once, the trace
#   loads in the background; its statistics are still being computed then);
# - screenshot: from starting `ctrace-view --screenshot` to the PNG on disk (read, model,
#   indexes, statistics, window, four frames, PNG encoding).
# TraceDocument::Load alone (read, model, indexes) is viewer_benchmark's BM_OpenTrace.
#
# usage: tests/bench/viewer_open.sh BUILD_DIR TRACE [RUNS [BASELINE_BUILD_DIR]]
# TRACE: e.g. the benchmark's 10-million-event trace, /tmp/ctrace-viewer-bench-10M-v1.ctrace
# (written by the first run of BUILD_DIR/tests/viewer/viewer_benchmark). Needs Xvfb.
# With BASELINE_BUILD_DIR (another build's viewer, e.g. of the commit before a change), only
# the interactive open on 2 CPUs is timed, the two viewers taking turns run by run, and the
# ratio of the medians is printed: on a VM whose speed drifts by 20% from minute to minute,
# only an interleaved comparison says what a change did.
set -euo pipefail
usage="usage: viewer_open.sh BUILD_DIR TRACE [RUNS [BASELINE_BUILD_DIR]]"
build=$(cd "${1:?$usage}" && pwd)
trace=${2:?$usage}
runs=${3:-5}
baseline=${4:+$(cd "$4" && pwd)}
viewer=$build/viewer/ctrace-view
[[ -z $baseline || -x $baseline/viewer/ctrace-view ]] || {
  echo "viewer_open: no viewer in $baseline/viewer" >&2
  exit 1
}
[[ -r $trace ]] || { echo "viewer_open: cannot read $trace" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "viewer_open: Xvfb not found (apt-get install xvfb)" >&2; exit 1; }

work=$(mktemp -d)
# Xvfb picks a free display and writes its number to fd 4.
Xvfb -displayfd 4 -screen 0 1600x1000x24 -nolisten tcp 4>"$work/display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
mkfifo "$work/tick"
exec 3<>"$work/tick"  # read -t on it: a sleep that is not a process
until [[ -s $work/display ]]; do read -r -t 0.05 -u 3 || true; done
display=:$(<"$work/display")

# The first frame showing the trace: documents 1 and rows laid out in the state file.
interactive() {
  rm -f "$work/state"
  XDG_CONFIG_HOME=$work DISPLAY=$display "$@" "$viewer" --size 1600x1000 \
    --state-file "$work/state" "$trace" &
  local pid=$!
  # Polled without starting a process per look (two CPUs: forks would slow what is timed).
  local state=""
  until [[ $state == *$'\ndocuments 1\n'* && $state == *$'\nrow '* ]]; do
    read -r -t 0.003 -u 3 || true
    [[ -f $work/state ]] && state=$(<"$work/state")
  done
  # The clock stops here: ending a viewer that holds a few GB (unmapping them) is not part
  # of opening the trace, and took ~0.4 s of the 100M-event figure.
  shown_at=$EPOCHREALTIME
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
screenshot() {
  DISPLAY=$display "$@" "$viewer" --screenshot "$work/open.png" --size 1600x1000 "$trace"
}

# Prints the median, min and max of the times (seconds) on stdin.
summary() {  # label
  sort -n | awk -v l="$1" '{t[NR]=$1} END {printf "%-20s median %.3f s  (min %.3f, max %.3f, %d runs)\n", l, t[int((NR+1)/2)], t[1], t[NR], NR}'
}
elapsed() {  # what to run: prints its wall time in seconds (to shown_at, if it sets one)
  local t0 t1
  shown_at=""
  t0=$EPOCHREALTIME
  "$@" >/dev/null
  t1=${shown_at:-$EPOCHREALTIME}
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}'
}

if [[ -n $baseline ]]; then
  echo "trace: $trace ($(du -h "$trace" | cut -f1)), $(nproc) CPUs, $(uname -r)"
  echo "interactive open on 2 CPUs, $runs runs each, taking turns"
  new=() old=()
  for ((i = 0; i < runs; i++)); do
    viewer=$baseline/viewer/ctrace-view
    old+=("$(elapsed interactive env)")
    viewer=$build/viewer/ctrace-view
    new+=("$(elapsed interactive env)")
  done
  printf '%s\n' "${old[@]}" | summary "baseline" | tee "$work/old"
  printf '%s\n' "${new[@]}" | summary "this build" | tee "$work/new"
  cat "$work/old" "$work/new" | sed 's/.*median \([0-9.]*\) s.*/\1/' | paste -s -d' ' |
    awk '{printf "this build / baseline: %.3f\n", $2 / $1}'
  exit 0
fi

# Prints the median wall time of `runs` runs in seconds, with the min and max.
measure() {  # label, then what to run (interactive or screenshot, and a prefix)
  local label=$1
  shift
  for ((i = 0; i < runs; i++)); do elapsed "$@"; done | summary "$label"
}

echo "trace: $trace ($(du -h "$trace" | cut -f1)), $(nproc) CPUs, $(uname -r)"
measure "interactive, 2 CPUs" interactive env
measure "interactive, CPU 1" interactive taskset -c 1
measure "screenshot, 2 CPUs" screenshot env
measure "screenshot, CPU 1" screenshot taskset -c 1
