#!/bin/sh
# Error recovery and diagnostics handling must be linear (issue 11, defect 8):
# `flowc check --error-limit 0` on N and 2N broken declarations, and on N and
# 2N bytes of unclosed `(` (refused by the nesting limit before ANTLR runs).
# Usage: bench/error_recovery.sh [FLOWC] [N]; prints seconds per input.
set -eu
FLOWC=${1:-build-rel/tools/flowc/flowc}
N=${2:-20000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
broken() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "segment s%d = 1 == == 1\n", i }'; }
parens() { awk -v n="$1" 'BEGIN { printf "segment S = "; for (i = 0; i < n; i++) printf "("; print "" }'; }
time_check() {
  start=$(date +%s.%N)
  "$FLOWC" check --error-limit 0 "$1" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  echo "$2: $(echo "$end - $start" | bc) s"
}
for n in "$N" $((2 * N)); do
  broken "$n" > "$dir/broken.flow"
  time_check "$dir/broken.flow" "$n broken declarations"
  parens $((n / 2)) > "$dir/parens.flow"
  time_check "$dir/parens.flow" "$((n / 2)) unclosed ("
done
