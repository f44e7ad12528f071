#!/usr/bin/env bash
# The sanitizer job: builds everything but the viewer with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer into build-sanitize/ (or $CTRACE_SANITIZE_BUILD_DIR) and runs
# every test there, including a bounded libFuzzer run over the trace reader and the model
# (CTRACE_FUZZ_SECONDS, default 60). Run as root so the recorder's tests load the probes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_SANITIZE_BUILD_DIR:-$root/build-sanitize}
"$root/scripts/install-deps.sh"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCTRACE_SANITIZE=address,undefined -DCTRACE_BUILD_VIEWER=OFF -DCTRACE_BUILD_BENCHMARKS=OFF \
  -DCTRACE_FUZZ_SECONDS="${CTRACE_FUZZ_SECONDS:-60}" >/dev/null
cmake --build "$build" -j"$(nproc)"
# halt_on_error: any finding fails the test that hit it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
ctest --test-dir "$build" --output-on-failure -j1
