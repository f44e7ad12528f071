#!/usr/bin/env bash
# Fails, naming the files, if any tracked C or C++ source differs from what clang-format makes
# of it with the repository's .clang-format. Fix with: clang-format -i FILE...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v clang-format >/dev/null || { echo "check-format: clang-format not found" >&2; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.c' '*.cpp' '*.h')
else  # a source tree without git: every source outside build directories
  mapfile -t files < <(find . -path './build*' -prune -o \( -name '*.c' -o -name '*.cpp' -o -name '*.h' \) -print)
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if ((${#bad[@]} > 0)); then
  echo "check-format: not clang-formatted: ${bad[*]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
