#!/usr/bin/env bash
# Fuzzes the trace reader and the model with libFuzzer under AddressSanitizer and UBSan:
# builds a clang tree in build-fuzz/ (or $CTRACE_FUZZ_BUILD_DIR) and runs the fuzz tests
# for CTRACE_FUZZ_SECONDS (default 60).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_FUZZ_BUILD_DIR:-$root/build-fuzz}
"$root/scripts/install-deps.sh"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCTRACE_SANITIZE=address,undefined -DCTRACE_BUILD_RECORDER=OFF -DCTRACE_BUILD_VIEWER=OFF \
  -DCTRACE_BUILD_BENCHMARKS=OFF -DCTRACE_FUZZ_SECONDS="${CTRACE_FUZZ_SECONDS:-60}" >/dev/null
cmake --build "$build" -j"$(nproc)" --target trace_fuzzer
ctest --test-dir "$build" -R '^fuzz_' --output-on-failure
