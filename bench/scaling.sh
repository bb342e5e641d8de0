#!/bin/sh
# Does `flowc check` grow linearly with the program? For each shape of
# bench/program_shapes.py, checks a program of N bytes and one of 2N bytes
# and prints wall time, CPU time and peak RSS side by side with the 2N/N
# ratios (linear: about 2.0; quadratic: about 4.0).
#
#   bench/scaling.sh                        N = 6 MB, every shape
#   bench/scaling.sh --bytes 25000000       N = 25 MB (2N = 50 MB)
#   bench/scaling.sh --shapes "units one_flow" --flowc build-rel/tools/flowc/flowc
#
# Without --flowc it builds flowc in Release (build-bench/, as bench/run.sh
# does). Programs go to build-bench/bench-data/ (reused when present). Needs
# Python 3 and GNU time (/usr/bin/time -v). Each check must exit 0: a
# generated program has no errors, so the whole checker runs.
set -eu
cd "$(dirname "$0")/.."

bytes=6000000
shapes="units one_flow long_lines big_template many_decls"
flowc=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bytes) bytes="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --flowc) flowc="$2"; shift 2 ;;
    *) echo "usage: bench/scaling.sh [--bytes N] [--shapes \"S ...\"] [--flowc PATH]" >&2; exit 2 ;;
  esac
done

if [ -z "$flowc" ]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build-bench -j2 --target flowc >/dev/null
  flowc=build-bench/tools/flowc/flowc
fi
data=build-bench/bench-data
mkdir -p "$data"

# measure FILE -> "wall_s cpu_s peak_kb" of `flowc check FILE`
measure() {
  log="$data/scaling-time.txt"
  if ! /usr/bin/time -v "$flowc" check "$1" >/dev/null 2>"$log"; then
    echo "scaling.sh: \`flowc check $1\` failed:" >&2
    tail -5 "$log" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$log"
}

echo "flowc check, N = $bytes bytes against 2N ($flowc)"
echo
echo "| shape | size N | size 2N | wall N | wall 2N | ratio | CPU N | CPU 2N | ratio | peak RSS N | peak RSS 2N | ratio | RSS / size (2N) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for shape in $shapes; do
  for size in "$bytes" $((bytes * 2)); do
    file="$data/shape-$shape-$size.flow"
    [ -s "$file" ] || python3 bench/program_shapes.py --shape "$shape" --bytes "$size" >"$file" 2>/dev/null
  done
  small="$data/shape-$shape-$bytes.flow"
  large="$data/shape-$shape-$((bytes * 2)).flow"
  set -- $(measure "$small") $(measure "$large")
  awk -v shape="$shape" -v s1="$(wc -c <"$small")" -v s2="$(wc -c <"$large")" \
      -v w1="$1" -v c1="$2" -v r1="$3" -v w2="$4" -v c2="$5" -v r2="$6" 'BEGIN {
    printf "| %s | %.1f MB | %.1f MB | %.2f s | %.2f s | %.2f | %.2f s | %.2f s | %.2f | %.0f MiB | %.0f MiB | %.2f | %.1f |\n",
      shape, s1 / 1e6, s2 / 1e6, w1, w2, (w1 > 0 ? w2 / w1 : 0), c1, c2, (c1 > 0 ? c2 / c1 : 0),
      r1 / 1024, r2 / 1024, r2 / r1, r2 * 1024 / s2 }'
done
