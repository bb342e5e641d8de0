#!/bin/sh
# Durable state figures of bench/README.md ("Durable state (issue 12)"), see bench/state.py:
#   bench/state.sh            quick mode (20k profiles, ~205k events)
#   bench/state.sh --full     1M profiles, ~10M events
#   bench/state.sh --flowc build-bench/tools/flowc/flowc   skip the build
set -eu
cd "$(dirname "$0")/.."
exec python3 bench/state.py "$@"
