#!/bin/sh
# One command for every figure in bench/README.md (see bench/bench.py):
#   bench/run.sh            quick mode (20k profiles, 200k events)
#   bench/run.sh --full     1M profiles, 10M events (minutes; several GiB)
#   bench/run.sh --flowc build-bench/tools/flowc/flowc   skip the build
set -eu
cd "$(dirname "$0")/.."
exec python3 bench/bench.py "$@"
