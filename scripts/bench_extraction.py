#!/usr/bin/env python3
"""Python trafilatura's extraction over the benchmark pages, one core: prints JSON
{"pages", "seconds", "f1"} (the pages' extract() timed after a warm-up; "f1": mean word
4-gram shingle F1 against ground-truth.json on the tuning and held-out halves and overall,
the metric and split of `corroborate eval extraction`). Run by scripts/bench-extraction.sh in
a throw-away venv."""
import gzip
import json
import os
import re
import sys
from collections import Counter
import time

import trafilatura


def shingles(text):
    tokens = re.findall(r"\w+", text or "")
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[k:k + 4]) for k in range(len(tokens) - 3))


def f1(gold, predicted):
    gold, predicted = shingles(gold), shingles(predicted)
    g, p = sum(gold.values()), sum(predicted.values())
    if g == 0 and p == 0:
        return 1.0
    hits = sum((gold & predicted).values())
    precision = hits / p if p else 0.0
    recall = hits / g if g else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def held_out(page_id):
    """The top bit of the 64-bit FNV-1a hash of the id: 1 is the held-out half."""
    value = 0xCBF29CE484222325
    for byte in page_id.encode():
        value = ((value ^ byte) * 0x100000001B3) % (1 << 64)
    return value >> 63 == 1


def main():
    folder = os.path.join(sys.argv[1], "html")
    with open(os.path.join(sys.argv[1], "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    pages, ids = [], []
    for name in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, name), "rt", encoding="utf-8", errors="replace") as f:
            pages.append(f.read())
        ids.append(name.split(".")[0])
    scores = {"tuning": [], "held-out": [], "overall": []}
    for page_id, html in zip(ids, pages):
        score = f1(truth.get(page_id, {}).get("articleBody", ""), trafilatura.extract(html))
        scores["held-out" if held_out(page_id) else "tuning"].append(score)
        scores["overall"].append(score)
    for html in pages[:5]:
        trafilatura.extract(html)
    best = None
    for _ in range(int(os.environ.get("RUNS", "3"))):
        start = time.perf_counter()
        for html in pages:
            trafilatura.extract(html)
        took = time.perf_counter() - start
        best = took if best is None else min(best, took)
    mean = {half: sum(v) / max(len(v), 1) for half, v in scores.items()}
    print(json.dumps({"pages": len(pages), "seconds": best, "f1": mean}))


if __name__ == "__main__":
    main()
