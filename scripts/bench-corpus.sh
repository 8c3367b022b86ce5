#!/usr/bin/env bash
# The corpus at scale: scripts/bench-corpus.sh [SIZE...] (default 10000 100000).
# Builds the release binary, a synthetic corpus (scripts/synth-corpus) under $BENCH_DIR
# (default /tmp/corroborate-bench), grows one corpus to each size with `corroborate add` and
# prints a Markdown table; see scripts/bench_corpus.py for what each column measures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p corroborate-cli
exec python3 scripts/bench_corpus.py "$@"
