#!/usr/bin/env bash
# Installs dependencies, then configures and builds ctrace into build/ (or $CTRACE_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCTRACE_WERROR=ON -DCTRACE_REQUIRE_RECORDER=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
