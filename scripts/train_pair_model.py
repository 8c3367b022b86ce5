#!/usr/bin/env python3
"""Fits the pairwise claim judgement (logistic regression, L2) on MSRP train features.

Input: JSON lines from `corroborate compare --pairs train.tsv --features` (each with `id`
"ID1-ID2", `label` and `features`). Pairs whose (#1 ID + #2 ID) is divisible by 5 are the
held-out split: never used here. Output: the model JSON that crates/story bundles.
Deterministic: Newton's method from zeros, no random state.
"""
import json
import sys

import numpy as np

L2 = 1.0  # penalty on standardised weights

# The direction each feature may push: a feature whose fitted weight points the other way (an
# artefact of MSRP's pre-filtered pairs or of correlated features) is dropped and the model
# refitted, so the judgement stays sensible on the unrelated pairs a story also holds.
SIGNS = {
    "cosine": 1, "soft_min": 1, "soft_mean": 1, "unaligned": -1, "lexical_min": 1,
    "lexical_mean": 1, "bigrams": 1, "names_missing": -1, "names_shared": 1,
    "figures_agree": 1, "figures_conflict": -1, "figures_missing": -1,
    "negation_differs": -1, "length_ratio": 1, "cross": 1,
}


def fit(z, y, active, weight=None, rounds=50):
    """Newton's method from zeros on the active columns (the last column is the bias), each
    row weighing `weight` (1 when None)."""
    cols = [i for i in range(z.shape[1]) if active[i]]
    zs = z[:, cols]
    w = np.zeros(len(cols))
    penalty = np.full(len(cols), L2)
    penalty[-1] = 0.0
    weight = np.ones(len(y)) if weight is None else weight
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(zs @ w)))
        grad = zs.T @ ((p - y) * weight) + penalty * w
        hess = (zs * (p * (1 - p) * weight)[:, None]).T @ zs + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    full = np.zeros(z.shape[1])
    full[cols] = w
    return full


def held_out(pair_id):
    a, b = pair_id.split("-")
    return (int(a) + int(b)) % 5 == 0


def calibration(pair_id):
    a, b = pair_id.split("-")
    return (int(a) + int(b)) % 5 == 1


def main():
    features_path, out_path, note = sys.argv[1], sys.argv[2], sys.argv[3]
    # --cross: the features hold the cross-encoder's log-odds, and the cross-encoder was
    # trained on the pairs of splits 2-4: the combination is fitted on split 1 alone, which it
    # never saw (its log-odds on its own training pairs are overconfident).
    cross = "--cross" in sys.argv[4:]
    rows = [json.loads(line) for line in open(features_path, encoding="utf-8")]
    names = [n for n in SIGNS if n in rows[0]["features"] and (cross or n != "cross")]
    if cross:
        train = [r for r in rows if calibration(r["id"])]
        split = "calibration split only ((#1 ID + #2 ID) % 5 == 1; the pair encoder was trained on % 5 >= 2)"
    else:
        train = [r for r in rows if not held_out(r["id"])]
        split = "without the held-out split ((#1 ID + #2 ID) % 5 == 0)"
    x = np.array([[r["features"][n] for n in names] for r in train], dtype=np.float64)
    y = np.array([float(r["label"]) for r in train], dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    z = np.hstack([z, np.ones((len(z), 1))])
    active = [True] * z.shape[1]
    while True:
        w = fit(z, y, active)
        wrong = [i for i, n in enumerate(names) if active[i] and w[i] * SIGNS[n] < 0]
        if not wrong:
            break
        worst = max(wrong, key=lambda i: abs(w[i]))
        active[worst] = False
    p = 1.0 / (1.0 + np.exp(-(z @ w)))
    acc = float(((p >= 0.5) == (y == 1)).mean())
    model = {
        "features": names,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w[:-1]],
        "bias": round(float(w[-1]), 6),
        "threshold": 0.5,
        "trained_on": f"{note}: MSRP train.tsv {split}, "
        f"{len(train)} pairs, logistic regression, L2 {L2} on standardised features; "
        f"training accuracy {acc:.3f}",
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1)
        f.write("\n")
    print(f"{out_path}: {len(train)} training pairs, training accuracy {acc:.3f}")
    for n, v in zip(names, w[:-1]):
        print(f"  {n:18s} {v:+.3f}")


if __name__ == "__main__":
    main()
