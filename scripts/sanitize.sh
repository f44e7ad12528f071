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
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# Tests that count the processes a traced program creates, or check every blocked interval of
# every traced thread: LeakSanitizer's exit-time check clone()s a helper task in every
# instrumented program, which the recorder rightly records (and which blocks outside any call
# the test expects). They run with leak checking off; everything else runs with it on.
counting='RecorderIntegration|ReportIntegration|ServerTraceShape|GreenThreadsTrace|SyscallsIntegration|LockContentionTrace'
ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
  ctest --test-dir "$build" --output-on-failure -j1 -E "$counting"
ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 \
  ctest --test-dir "$build" --output-on-failure -j1 -R "$counting"
