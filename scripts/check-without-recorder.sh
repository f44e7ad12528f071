#!/usr/bin/env bash
# Builds `ctrace` as a machine without the recorder would (CTRACE_BUILD_RECORDER=OFF: no BPF,
# no libbpf), then checks that report, compare and export work on a real trace and that run
# and record say, in one line with exit 1, that this build cannot record.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CTRACE_NORECORDER_BUILD_DIR:-$root/build-norecorder}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCTRACE_WERROR=ON \
  -DCTRACE_BUILD_RECORDER=OFF -DCTRACE_BUILD_VIEWER=OFF -DCTRACE_BUILD_TESTS=OFF \
  -DCTRACE_BUILD_BENCHMARKS=OFF >/dev/null 2>&1
cmake --build "$build" --target ctrace -j"$(nproc)" >/dev/null
ctrace=$build/cli/ctrace
if nm -C "$ctrace" | grep -q ring_buffer__new; then
  echo "check-without-recorder: $ctrace links libbpf" >&2
  exit 1
fi
trace=$root/tests/golden/traces/fork.ctrace
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$ctrace" report "$trace" --json >"$work/report.json"
"$ctrace" compare "$trace" "$root/tests/golden/traces/coro.ctrace" >"$work/compare.txt"
"$ctrace" export "$trace" --format perfetto -o "$work/fork.pftrace"
for cmd in "run /bin/true" "record -p 1"; do
  set +e
  # shellcheck disable=SC2086
  "$ctrace" $cmd 2>"$work/err"
  code=$?
  set -e
  if [[ $code -ne 1 || $(wc -l <"$work/err") -ne 1 ]] ||
    ! grep -q "built without the recorder" "$work/err"; then
    echo "check-without-recorder: 'ctrace $cmd' gave exit $code and: $(cat "$work/err")" >&2
    exit 1
  fi
done
echo "check-without-recorder: report, compare and export work; run and record say: $(cat "$work/err")"
