#!/usr/bin/env bash
# Records every web-server model under the same load and compares the traces side by side.
#
#   sudo scripts/compare-models.sh [-n REQUESTS] [-c CONNECTIONS] [-w WORKERS] [-o DIR]
#                                  [-m "fork pool ..."] [--rebuild]
#
# For each model: `ctrace run` starts ctrace-server-MODEL on a free loopback port with
# --requests REQUESTS (so the server, and the recording, end by themselves); the load client
# ctrace-load, not traced, sends REQUESTS requests over CONNECTIONS connections at a time;
# then `ctrace compare --requests REQUESTS` prints every trace against the first. Traces and
# each program's output stay in DIR. Needs root (the recorder loads eBPF probes). Builds with
# scripts/build.sh when a program is missing (or with --rebuild); CTRACE_BUILD_DIR picks the
# build directory (default build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_BUILD_DIR:-$root/build}

requests=200
connections=8
workers=4
out_dir=""
models="fork prefork thread pool epoll epoll-workers coroutine mn"
# The Go server (goroutine per connection) joins them when a Go toolchain built it.
if command -v go >/dev/null; then models+=" go"; fi
rebuild=0
usage() {
  echo "usage: sudo scripts/compare-models.sh [-n REQUESTS] [-c CONNECTIONS] [-w WORKERS]" \
    "[-o DIR] [-m \"fork pool ...\"] [--rebuild]" >&2
  exit 2
}
while (($#)); do
  case $1 in
    -n) requests=${2:?}; shift 2 ;;
    -c) connections=${2:?}; shift 2 ;;
    -w) workers=${2:?}; shift 2 ;;
    -o) out_dir=${2:?}; shift 2 ;;
    -m) models=${2:?}; shift 2 ;;
    --rebuild) rebuild=1; shift ;;
    -h | --help) usage ;;
    *) echo "compare-models: unknown argument '$1'" >&2; usage ;;
  esac
done
for n in "$requests" "$connections" "$workers"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "compare-models: '$n' is not a positive count" >&2; exit 2; }
done
if [[ $(id -u) -ne 0 ]]; then
  echo "compare-models: needs root to load the eBPF probes (run with sudo)" >&2
  exit 1
fi

ctrace=$build/cli/ctrace
load=$build/workloads/ctrace-load
needed=("$ctrace" "$load")
for model in $models; do needed+=("$build/workloads/ctrace-server-$model"); done
missing=0
for f in "${needed[@]}"; do [[ -x $f ]] || missing=1; done
if ((rebuild || missing)); then
  echo "compare-models: building in $build" >&2
  CTRACE_BUILD_DIR=$build "$root/scripts/build.sh" >/dev/null
fi
for f in "${needed[@]}"; do
  [[ -x $f ]] || { echo "compare-models: $f was not built" >&2; exit 1; }
done

if [[ -z $out_dir ]]; then out_dir=$(mktemp -d /tmp/ctrace-models-XXXXXX); fi
mkdir -p "$out_dir/site"
# One small page, the same for every model: the cost measured is the model's, not the disk's.
printf '<html><body><p>Hello from ctrace.</p></body></html>\n' >"$out_dir/site/index.html"

ctrace_pid=""
cleanup() {
  if [[ -n $ctrace_pid ]] && kill -0 "$ctrace_pid" 2>/dev/null; then
    kill -INT "$ctrace_pid" 2>/dev/null || true
    sleep 1
    kill -KILL "$ctrace_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# Waits up to $2 seconds for pid $1 to exit; returns its exit code, or 124 after killing it.
wait_bounded() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -INT "$pid" 2>/dev/null || true
      sleep 2
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 124
    fi
    sleep 0.1
  done
  local code=0
  wait "$pid" || code=$?
  return "$code"
}

traces=()
summary=()
for model in $models; do
  trace=$out_dir/$model.ctrace
  log=$out_dir/$model
  : >"$log.server.out"
  "$ctrace" run -o "$trace" -- "$build/workloads/ctrace-server-$model" --port 0 \
    --root "$out_dir/site" --requests "$requests" --workers "$workers" \
    >"$log.server.out" 2>"$log.ctrace.err" </dev/null &
  ctrace_pid=$!
  port=""
  for _ in $(seq 1000); do
    port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$log.server.out")
    [[ -n $port ]] && break
    kill -0 "$ctrace_pid" 2>/dev/null || break
    sleep 0.01  # the wait is in the trace: keep it short beside the load
  done
  if [[ -z $port ]]; then
    echo "compare-models: $model did not start; see $log.server.out and $log.ctrace.err:" >&2
    cat "$log.ctrace.err" >&2
    exit 1
  fi
  if ! timeout 60 "$load" --port "$port" -c "$connections" -n "$requests" >"$log.load.out" \
    2>&1; then
    echo "compare-models: the load client failed against $model:" >&2
    cat "$log.load.out" >&2
    exit 1
  fi
  # The server exits after its last response; ctrace then writes the trace.
  code=0
  wait_bounded "$ctrace_pid" 60 || code=$?
  ctrace_pid=""
  if ((code != 0)); then
    echo "compare-models: ctrace run of $model exited $code; see $log.ctrace.err:" >&2
    cat "$log.ctrace.err" >&2
    exit 1
  fi
  traces+=("$trace")
  summary+=("$(printf '%-14s %s; %s' "$model" "$(grep '^throughput:' "$log.load.out")" \
    "$(grep '^latency:' "$log.load.out")")")
done

echo "ctrace compare-models: $requests requests, $connections connections at a time, $workers" \
  "workers where the model has them; traces in $out_dir"
echo
echo "load client (not traced):"
printf '  %s\n' "${summary[@]}"
echo
"$ctrace" compare --requests "$requests" "${traces[@]}" | tee "$out_dir/compare.txt"
"$ctrace" compare --json --requests "$requests" "${traces[@]}" >"$out_dir/compare.json"
