#!/usr/bin/env bash
# Checks that `ctrace report --json`, `ctrace compare --json` and both exports of the real
# traces in traces/ are byte-identical to what expected/ holds. The traces were recorded on
# a 2-CPU VM (Linux 6.18) and the outputs written by ctrace before the structure changes of
# issue 11, so any difference is a change of behaviour.
#
#   check_outputs.sh CTRACE            compare (exit 1 on the first difference, with a diff)
#   check_outputs.sh CTRACE --update   rewrite expected/ after an intended change; read the
#                                      git diff before committing it
set -euo pipefail
ctrace=$(realpath "$1")
update=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/expected
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$here/traces"  # the outputs name the trace as given: relative, as recorded

traces=(coro demo fork ipc mutex)
for t in "${traces[@]}"; do
  "$ctrace" report "$t.ctrace" --json >"$work/$t.report.json"
  "$ctrace" export "$t.ctrace" --format perfetto -o "$work/$t.pftrace"
  "$ctrace" export "$t.ctrace" --format chrome-json -o "$work/$t.chrome.json"
done
"$ctrace" compare fork.ctrace coro.ctrace mutex.ctrace --requests 40 --json >"$work/compare.json"
(cd "$work" && sha256sum -- *.pftrace *.chrome.json) >"$work/exports.sha256"

if [[ $update == --update ]]; then
  cp "$work"/*.report.json "$work/compare.json" "$work/exports.sha256" "$expected/"
  echo "check_outputs: rewrote $expected"
  exit 0
fi
status=0
for f in "${traces[@]/%/.report.json}" compare.json exports.sha256; do
  if ! cmp -s "$expected/$f" "$work/$f"; then
    echo "check_outputs: $f differs from $expected/$f:" >&2
    diff "$expected/$f" "$work/$f" | cut -c1-400 | head -20 >&2 || true
    status=1
  fi
done
((status == 0)) && echo "check_outputs: ${#traces[@]} traces: report, compare and exports unchanged"
exit $status
