#!/usr/bin/env python3
"""Trains the entity tagger head on features dumped by the `dump_ner_features` example.

Reads PREFIX.f32 / .labels / .lens for train and dev (all hidden layers 0..6 of
all-MiniLM-L6-v2, then the cheap features), keeps the layers asked, standardises, builds a
window of 2r+1 tokens, trains scikit-learn's MLPClassifier (fixed seed, one epoch at a time)
and keeps the epoch with the best exact-span typed F1 over PER/ORG/LOC on dev (BIO-constrained
Viterbi, as the Rust decoder). Writes the NER1 weights file described in
crates/extract/src/entities/tagger/mod.rs, with the standardisation folded into W1.
"""

import argparse
import struct
import sys

import numpy as np
from sklearn.neural_network import MLPClassifier

STATE = 384
DUMPED_LAYERS = 7
LABELS = 9
NAMES = ["PER", "ORG", "LOC", "MISC"]


def load(prefix, cheap):
    labels = np.fromfile(prefix + ".labels", dtype=np.uint8).astype(np.int64)
    lens = np.fromfile(prefix + ".lens", dtype="<u4").astype(np.int64)
    dim = STATE * DUMPED_LAYERS + cheap
    x = np.fromfile(prefix + ".f32", dtype="<f4").reshape(-1, dim)
    assert x.shape[0] == labels.shape[0] == lens.sum()
    return x, labels, lens


def select(x, layers, cheap):
    cols = [np.arange(l * STATE, (l + 1) * STATE) for l in layers]
    cols.append(np.arange(STATE * DUMPED_LAYERS, STATE * DUMPED_LAYERS + cheap))
    return x[:, np.concatenate(cols)]


def window(xs, lens, radius, pad):
    """Rows of [x(t-r) .. x(t+r)] within each sentence; outside it, `pad`."""
    n, d = xs.shape
    out = np.empty((n, (2 * radius + 1) * d), dtype=np.float32)
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    sent_start = np.repeat(starts, lens)
    sent_end = np.repeat(starts + lens, lens)
    idx = np.arange(n)
    for k, off in enumerate(range(-radius, radius + 1)):
        src = idx + off
        ok = (src >= sent_start) & (src < sent_end)
        block = out[:, k * d:(k + 1) * d]
        block[ok] = xs[src[ok]]
        block[~ok] = pad
    return out


def allowed(frm, to):
    inside = to > 0 and to % 2 == 0
    if not inside:
        return True
    return frm is not None and frm != 0 and (frm + 1) // 2 == (to + 1) // 2


TRANS = np.array([[0.0 if allowed(f, t) else -np.inf for t in range(LABELS)] for f in range(LABELS)])
START = np.array([0.0 if allowed(None, t) else -np.inf for t in range(LABELS)])


def viterbi(logp):
    n = logp.shape[0]
    best = START + logp[0]
    back = np.zeros((n, LABELS), dtype=np.int64)
    for t in range(1, n):
        cand = best[:, None] + TRANS
        back[t] = cand.argmax(0)
        best = cand.max(0) + logp[t]
    out = [int(best.argmax())]
    for t in range(n - 1, 0, -1):
        out.append(int(back[t][out[-1]]))
    return out[::-1]


def spans(labels):
    out, cur = set(), None
    for t, l in enumerate(list(labels) + [0]):
        cls = (l + 1) // 2
        if cur is not None and not (l > 0 and l % 2 == 0 and cls == cur[2]):
            out.add((cur[0], t, cur[2]))
            cur = None
        if l > 0 and cur is None:
            cur = (t, None, cls)
    return out


def score(logp, gold, lens):
    counts = np.zeros((5, 3))  # per class 1..4: gold, predicted, correct
    at = 0
    for n in lens:
        p = spans(viterbi(logp[at:at + n]))
        g = spans(gold[at:at + n])
        for s in g:
            counts[s[2], 0] += 1
        for s in p:
            counts[s[2], 1] += 1
            counts[s[2], 2] += s in g
        at += n
    def f1(c):
        pr = c[2] / c[1] if c[1] else 0.0
        rc = c[2] / c[0] if c[0] else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    per_type = {NAMES[k - 1]: f1(counts[k]) for k in range(1, 5)}
    return f1(counts[1:4].sum(0)), per_type


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--layers", default="3,6")
    ap.add_argument("--cheap", type=int, default=16)
    ap.add_argument("--radius", type=int, default=1)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--alpha", type=float, default=1e-4)
    ap.add_argument("--out")
    args = ap.parse_args()
    layers = [int(v) for v in args.layers.split(",")]

    xtr, ytr, ltr = load(args.train, args.cheap)
    xdv, ydv, ldv = load(args.dev, args.cheap)
    xtr = select(xtr, layers, args.cheap)
    xdv = select(xdv, layers, args.cheap)
    mean = xtr.mean(0, dtype=np.float64).astype(np.float32)
    std = xtr.std(0, dtype=np.float64).astype(np.float32)
    std[std < 1e-6] = 1.0
    pad = (0.0 - mean) / std
    wtr = window((xtr - mean) / std, ltr, args.radius, pad)
    wdv = window((xdv - mean) / std, ldv, args.radius, pad)
    del xtr, xdv
    print(f"train {wtr.shape}, dev {wdv.shape}", file=sys.stderr)

    clf = MLPClassifier(
        hidden_layer_sizes=(args.hidden,),
        activation="relu",
        solver="adam",
        alpha=args.alpha,
        batch_size=256,
        learning_rate_init=1e-3,
        max_iter=1,
        warm_start=True,
        random_state=0,
    )
    best = (-1.0, None, None)
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    warnings.simplefilter("ignore", ConvergenceWarning)
    np.seterr(divide="ignore")
    for epoch in range(1, args.epochs + 1):
        clf.fit(wtr, ytr)
        logp = clf.predict_log_proba(wdv)
        (p, r, f), per_type = score(logp, ydv, ldv)
        print(f"epoch {epoch}: dev P {p:.4f} R {r:.4f} F1 {f:.4f} "
              + " ".join(f"{k} {v[2]:.3f}" for k, v in per_type.items()), file=sys.stderr)
        if f > best[0]:
            best = (f, [w.copy() for w in clf.coefs_], [b.copy() for b in clf.intercepts_])
    f, coefs, intercepts = best
    print(f"best dev F1 {f:.4f}", file=sys.stderr)
    if not args.out:
        return
    w1 = coefs[0].T.astype(np.float64)  # hidden x (window*d), on standardised input
    window_std = np.tile(std, 2 * args.radius + 1).astype(np.float64)
    window_mean = np.tile(mean, 2 * args.radius + 1).astype(np.float64)
    w1_raw = w1 / window_std
    b1_raw = intercepts[0].astype(np.float64) - w1_raw @ window_mean
    w2 = coefs[1].T
    b2 = intercepts[1]
    with open(args.out, "wb") as out:
        out.write(b"NER1")
        out.write(struct.pack("<I", len(layers)))
        out.write(struct.pack(f"<{len(layers)}I", *layers))
        out.write(struct.pack("<4I", args.cheap, args.radius, args.hidden, LABELS))
        for a in (w1_raw, b1_raw, w2, b2):
            out.write(np.ascontiguousarray(a, dtype="<f4").tobytes())
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
