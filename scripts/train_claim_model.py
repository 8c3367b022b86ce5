#!/usr/bin/env python3
"""Fits the claim model: do two clauses of different articles share a fact? Logistic
regression (L2) over the clause-pair features of `corroborate eval claims --pairs-out FILE`,
whose labels come from the hand-made claim gold (crates/eval/data/claims-gold.json).

Only the gold's tuning stories (`"tuning": true`: the seeds and the tuning Multi-News rows) are
used: the weights are fitted on them, and the probability threshold is the lowest that keeps
the sentence-pair precision over them at PRECISION (a pair of sentences counts as predicted
when any of its clause pairs clears it, as claims take clauses in). The held-out stories' figures are printed for the
record and choose nothing. Deterministic: Newton's method from zeros.

Usage: train_claim_model.py PAIRS.jsonl OUT.json ENCODER_NAME
"""
import json
import sys
from collections import defaultdict

import numpy as np

import train_pair_model

L2 = train_pair_model.L2  # penalty on standardised weights
PRECISION = 0.9  # the sentence-pair precision the threshold keeps on the tuning stories

# The direction each feature may push: a feature fitted against it is dropped and the model
# refitted, so the judgement stays sensible outside the few stories it was fitted on.
SIGNS = {
    "cosine": 1, "lexical": 1, "containment": 1, "shared": 1, "names_shared": 1,
    "figures_agree": 1, "ordinals_agree": 1, "quote_shared": 1, "terms_min": 0,
    "terms_max": 0, "whole": 0, "relative_min": 1, "relative_max": 1,
}
NAMES = list(SIGNS)


def fit(z, y, active, weight):
    return train_pair_model.fit(z, y, active, weight, rounds=60)


def sentence_pairs(rows, prob):
    """Per sentence pair: the gold label and the highest clause-pair probability."""
    best = {}
    for r, p in zip(rows, prob):
        key = (r["story"], tuple(r["a"]), tuple(r["b"]))
        label, q = best.get(key, (r["label"], 0.0))
        best[key] = (label, max(q, p))
    return best


def prf(pairs, threshold):
    tp = sum(1 for label, p in pairs.values() if label and p >= threshold)
    fp = sum(1 for label, p in pairs.values() if not label and p >= threshold)
    fn = sum(1 for label, p in pairs.values() if label and p < threshold)
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def main():
    src, out, encoder = sys.argv[1:4]
    rows = [json.loads(line) for line in open(src)]
    x = np.array([r["features"] for r in rows], dtype=np.float64)
    if x.shape[1] != len(NAMES):
        sys.exit(f"{src}: {x.shape[1]} features, this script knows {len(NAMES)}")
    y = np.array([1.0 if r["label"] else 0.0 for r in rows])
    tune = np.array([r["tuning"] for r in rows])
    # Each story weighs the same, whatever its number of pairs.
    per_story = defaultdict(int)
    for r in rows:
        per_story[r["story"]] += 1
    weight = np.array([1000.0 / per_story[r["story"]] for r in rows])
    mean = x[tune].mean(0)
    scale = x[tune].std(0)
    scale[scale < 1e-6] = 1.0
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    active = [True] * (len(NAMES) + 1)
    while True:
        w = fit(z[tune], y[tune], active, weight[tune])
        wrong = [i for i, n in enumerate(NAMES) if active[i] and SIGNS[n] * w[i] < 0]
        if not wrong:
            break
        for i in wrong:
            active[i] = False
    prob = 1.0 / (1.0 + np.exp(-(z @ w)))
    tuning_pairs = sentence_pairs([r for r, t in zip(rows, tune) if t], prob[tune])
    # The threshold: the most recall at a precision of PRECISION on the tuning stories (a
    # false "corroborated" misleads as much as a false "single source", but a pair judged
    # together cannot be taken apart by the reader, so precision comes first).
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    precise = [t for t in grid if prf(tuning_pairs, t)[0] >= PRECISION]
    threshold = float(min(precise) if precise else grid[-1])
    for name, subset in (("tuning", tune), ("held-out", ~tune)):
        if subset.any():
            pairs = sentence_pairs([r for r, s in zip(rows, subset) if s], prob[subset])
            p, r, f = prf(pairs, threshold)
            print(f"{name}: {len(pairs)} sentence pairs, P {p:.3f} R {r:.3f} F1 {f:.3f} at {threshold}")
    for story in sorted({r["story"] for r in rows}):
        sel = np.array([r["story"] == story for r in rows])
        pairs = sentence_pairs([r for r, s in zip(rows, sel) if s], prob[sel])
        p, r, f = prf(pairs, threshold)
        print(f"  {story}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    model = {
        "features": NAMES,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w[:-1]],
        "bias": round(float(w[-1]), 6),
        "threshold": threshold,
        "trained_on": (
            f"claim gold tuning stories ({', '.join(sorted({r['story'] for r in rows if r['tuning']}))}), "
            f"{int(tune.sum())} clause pairs, {encoder} vectors; logistic regression, L2 {L2} on "
            f"standardised features, stories weighed alike; threshold: the lowest with sentence-pair "
            f"precision >= {PRECISION} on them"
        ),
    }
    with open(out, "w") as f:
        json.dump(model, f, indent=1)
        f.write("\n")
    print(dict(zip(NAMES, model["weights"])), "bias", model["bias"])


if __name__ == "__main__":
    main()
