#!/usr/bin/env bash
# Reproduces crates/extract/data/ner-head.bin, the trained entity tagger head:
#   1. dumps per-token features of CoNLL-2003 train and dev (all-MiniLM-L6-v2 hidden states
#      0..6, exact f32 arithmetic, plus the tagger's cheap features) with the
#      dump_ner_features example (the product's own feature code);
#   2. trains the head with scripts/train_ner_head.py (scikit-learn MLPClassifier, fixed
#      seed; numpy 2.4 / scikit-learn 1.9) and keeps the epoch best on dev;
#   3. factors its first layer to rank 160 with scripts/compress_ner_head.py (the product
#      over training tokens kept, not the matrix: 2.5x fewer multiply-adds a token, dev F1
#      unchanged; rank 128 lost 0.006).
# Needs the model (scripts/install-model.sh) and the shared data (../shared or
# $CORROBORATE_SHARED). Single-threaded BLAS keeps the result identical bit for bit.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${CORROBORATE_SHARED:-../shared}"
work="${NER_WORK_DIR:-${TMPDIR:-/tmp}/corroborate-ner}"
mkdir -p "$work"
cargo build -p corroborate-eval --features corroborate-embed/neural --example dump_ner_features
bin="${CARGO_TARGET_DIR:-target}/debug/examples/dump_ner_features"
for split in train dev; do
    "$bin" "$shared/data/conll2003/$split.conll" "$work/$split" 0,1,2,3,4,5,6
done
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
python3 scripts/train_ner_head.py --train "$work/train" --dev "$work/dev" \
    --layers 3,6 --radius 1 --hidden 256 --epochs 6 --out "$work/ner-head-full.bin"
python3 scripts/compress_ner_head.py --head "$work/ner-head-full.bin" --train "$work/train" \
    --dev "$work/dev" --rank 160 --out crates/extract/data/ner-head.bin
sha256sum crates/extract/data/ner-head.bin
