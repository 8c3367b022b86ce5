#!/usr/bin/env bash
# Reproduces the bundled pair models (crates/story/src/pair/{neural,lexical}.json) from MSRP
# train (../shared/data/msrp/train.tsv), held-out split excluded. Needs the model installed
# (scripts/install-model.sh) and numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
msrp="${1:-../shared/data/msrp/train.tsv}"
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy
cargo build --quiet -p corroborate-cli --features neural
bin="$CARGO_TARGET_DIR/debug/corroborate"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Exact (f32) vectors, so the features and the weights do not depend on the CPU's arithmetic.
"$bin" compare --pairs "$msrp" --features --no-cache --exact-vectors > "$tmp/neural.jsonl"
"$bin" compare --pairs "$msrp" --features --lexical > "$tmp/lexical.jsonl"
# (The neural features also carry the pair encoder's log-odds, `cross`: this model leaves them
# out; scripts/train-cross-encoder.sh fits crates/story/src/pair/cross.json with them.)
python3 scripts/train_pair_model.py "$tmp/neural.jsonl" crates/story/src/pair/neural.json "all-MiniLM-L6-v2"
python3 scripts/train_pair_model.py "$tmp/lexical.jsonl" crates/story/src/pair/lexical.json "lexical"
