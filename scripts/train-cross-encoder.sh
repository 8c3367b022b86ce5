#!/usr/bin/env bash
# Reproduces the pair encoder: crates/embed/src/cross_adapter.safetensors (low-rank updates,
# layer norms, token-type table and head over all-MiniLM-L6-v2) and the pair model that
# combines its log-odds with the other pair features (crates/story/src/pair/cross.json).
#   1. the fold adapter trains on MSRP train pairs whose (#1 ID + #2 ID) % 5 is 2-4 (the epoch
#      kept is the best on split 1);
#   2. the shipped adapter trains the same way on splits 1-4 (`--final`);
#   3. `corroborate compare --pairs --features` reads every pair with the fold adapter
#      (CORROBORATE_CROSS_ADAPTER), and the pair model is fitted on split 1, whose log-odds the
#      fold adapter gives without having seen it.
# Split 0 (the held-out split of `corroborate eval pairs`) is never used. JAX on the CPU in a
# throw-away virtual environment; about 25 minutes on 2 cores. Needs the model
# (scripts/install-model.sh) and the shared data (../shared or $CORROBORATE_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
shared="${CORROBORATE_SHARED:-../shared}"
msrp="$shared/data/msrp/train.tsv"
model="${CORROBORATE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/all-MiniLM-L6-v2}"
work="${CROSS_WORK_DIR:-${TMPDIR:-/tmp}/corroborate-cross}"
mkdir -p "$work"
venv="$work/venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet jax==0.10.2 jaxlib==0.10.2 numpy==2.4.6 \
        safetensors==0.8.0 tokenizers==0.23.3
fi
"$venv/bin/python" scripts/train_cross_encoder.py "$model" "$msrp" "$work/fold.safetensors"
"$venv/bin/python" scripts/train_cross_encoder.py "$model" "$msrp" \
    crates/embed/src/cross_adapter.safetensors --final
cargo build --quiet --release -p corroborate-cli
CORROBORATE_CROSS_ADAPTER="$work/fold.safetensors" "$CARGO_TARGET_DIR/release/corroborate" \
    compare --pairs "$msrp" --features --no-cache --exact-vectors > "$work/features.jsonl"
"$venv/bin/python" scripts/train_pair_model.py "$work/features.jsonl" \
    crates/story/src/pair/cross.json "all-MiniLM-L6-v2 and the pair encoder" --cross
sha256sum crates/embed/src/cross_adapter.safetensors
