#!/usr/bin/env bash
# The main job: builds ctrace, records the bundled demo workload (a thread pool, an epoll
# dispatcher and a child process) and prints the recording summary and the report.
# Needs root (sudo) to load the eBPF probes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" >/dev/null
trace=${1:-$root/demo.ctrace}
"$build/cli/ctrace" run -o "$trace" -- "$build/workloads/ctrace-demo"
echo
"$build/cli/ctrace" report "$trace"
