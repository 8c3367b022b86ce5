#!/usr/bin/env bash
# Reproduces the bundled claim models (crates/story/src/align/claim-{neural,lexical,multilingual}.json):
# whether two clauses of different articles share a fact, fitted on the tuning stories of the
# hand-made claim gold (crates/eval/data/claims-gold.json: the seeds and the Multi-News rows
# marked "tuning"); the held-out rows are printed for the record and choose nothing. Needs the
# models installed (scripts/install-model.sh, `corroborate models install --multilingual`) and
# numpy. The features come from the product's own code: `corroborate eval claims --pairs-out`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
python3 -c 'import numpy' 2>/dev/null || python3 -m pip install --quiet numpy
cargo build --release --quiet -p corroborate-cli
bin="$CARGO_TARGET_DIR/release/corroborate"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
train() { # mode, encoder flag, encoder name
    "$bin" eval claims $2 --pairs-out "$tmp/$1.jsonl" > /dev/null
    python3 scripts/train_claim_model.py "$tmp/$1.jsonl" "crates/story/src/align/claim-$1.json" "$3"
}
train neural "" all-MiniLM-L6-v2
train lexical --lexical lexical
train multilingual --multilingual multilingual-e5-small
