#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every test with ctest.
# Run as root (sudo) so the integration tests load the probes; without root they are
# reported as skipped, never as passed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
if [[ $(id -u) -ne 0 ]]; then
  echo "test.sh: not root: the tests that load eBPF probes will be SKIPPED" >&2
fi
ctest --test-dir "$build" --output-on-failure -j1
