#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, checks the formatting, runs every
# test with ctest, builds ctrace without the recorder and checks its reading commands, then
# the sanitizer job (clang, ASan + UBSan, every test again plus a bounded fuzz run).
# Run as root (sudo) so the integration tests load the probes; without root they are
# reported as skipped, never as passed. CTRACE_SKIP_SANITIZERS=1 runs only the first part.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
"$root/scripts/check-format.sh"
if [[ $(id -u) -ne 0 ]]; then
  echo "test.sh: not root: the tests that load eBPF probes will be SKIPPED" >&2
fi
ctest --test-dir "$build" --output-on-failure -j1
# The reading commands on a machine that cannot build the recorder.
"$root/scripts/check-without-recorder.sh"
if [[ ${CTRACE_SKIP_SANITIZERS:-0} != 1 ]]; then
  "$root/scripts/sanitize.sh"
fi
