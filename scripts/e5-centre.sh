#!/usr/bin/env bash
# Writes crates/embed/src/e5_centre.json: the mean of multilingual-e5-small's own vectors over
# 2,000 sentences of ../shared/data/msrp/train.tsv outside the pairs evaluation's held-out split
# ((#1 ID + #2 ID) % 5 != 0). `E5Encoder::load` takes it off every vector. Needs the multilingual
# model (scripts/install-model.sh --multilingual).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
model="${CORROBORATE_E5_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/multilingual-e5-small}/e5-small-q4.bin"
cargo build --quiet --release -p corroborate-embed --features neural --example e5_vectors
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - ../shared/data/msrp/train.tsv "$work/sentences.txt" <<'PY'
import csv, sys
seen, out = set(), []
with open(sys.argv[1], encoding="utf-8-sig") as f:
    for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) < 5 or not row[1].isdigit():
            continue
        if (int(row[1]) + int(row[2])) % 5 == 0:
            continue
        for text in (row[3], row[4]):
            if text not in seen and len(out) < 2000:
                seen.add(text)
                out.append(text)
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
"$CARGO_TARGET_DIR/release/examples/e5_vectors" "$model" exact raw < "$work/sentences.txt" > "$work/vectors.txt"
python3 - "$work/vectors.txt" crates/embed/src/e5_centre.json <<'PY'
import json, sys
rows = [[float(v) for v in line.split()] for line in open(sys.argv[1])]
mean = [sum(col) / len(rows) for col in zip(*rows)]
json.dump([round(v, 7) for v in mean], open(sys.argv[2], "w"))
print(f"mean of {len(rows)} vectors, norm {sum(v * v for v in mean) ** 0.5:.3f}", file=sys.stderr)
PY
