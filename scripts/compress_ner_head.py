#!/usr/bin/env python3
"""Factors the entity tagger head's first layer into two thin matrices (NER1 -> NER2).

The first layer maps a window of 2r+1 tokens' features (d values each) to `hidden` units; the
same token's features meet every window slot, so the layer is one d x ((2r+1) * hidden)
matrix B applied to each token. Here B is replaced by U V with U d x k and V k x ((2r+1) *
hidden), chosen to keep the products X B over real inputs rather than B itself: with C the
second moment of the training tokens' features, U V = C^(-1/2) svd_k(C^(1/2) B). The cost per
token falls from d * (2r+1) * hidden to k * (d + (2r+1) * hidden) multiply-adds.

Reads the NER1 file written by train_ner_head.py and the training features dumped by the
`dump_ner_features` example (all hidden layers 0..6 plus the cheap features); writes NER2:
the NER1 header, then the rank k, then U, V, b1, W2, b2 as little-endian f32.
"""

import argparse
import struct
import sys

import numpy as np

from train_ner_head import STATE, DUMPED_LAYERS, load, score, select


def read_ner1(path):
    raw = open(path, "rb").read()
    assert raw[:4] == b"NER1", "not a NER1 file"
    at = 4
    (count,) = struct.unpack_from("<I", raw, at)
    at += 4
    layers = list(struct.unpack_from(f"<{count}I", raw, at))
    at += 4 * count
    cheap, radius, hidden, labels = struct.unpack_from("<4I", raw, at)
    at += 16
    d = count * STATE + cheap
    window = 2 * radius + 1
    values = np.frombuffer(raw[at:], dtype="<f4")
    sizes = [hidden * window * d, hidden, labels * hidden, labels]
    assert values.size == sum(sizes), "weights do not match the header"
    parts, o = [], 0
    for n in sizes:
        parts.append(values[o:o + n])
        o += n
    w1 = parts[0].reshape(hidden, window * d)
    return dict(layers=layers, cheap=cheap, radius=radius, hidden=hidden, labels=labels,
                d=d, window=window, w1=w1, b1=parts[1], w2=parts[2].reshape(labels, hidden),
                b2=parts[3])


def dev_f1(head, b, x, y, lens):
    """Exact-span typed F1 over PER/ORG/LOC of the head with first layer `b` on dev."""
    h, r = head["hidden"], head["radius"]
    p = x @ b
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    first, end = np.repeat(starts, lens), np.repeat(starts + lens, lens)
    idx = np.arange(len(x))
    pre = np.tile(head["b1"].astype(np.float64), (len(x), 1))
    for slot, off in enumerate(range(-r, r + 1)):
        src = idx + off
        ok = (src >= first) & (src < end)
        pre[ok] += p[src[ok], slot * h:(slot + 1) * h]
    logits = np.maximum(pre, 0) @ head["w2"].T.astype(np.float64) + head["b2"]
    logits -= logits.max(1, keepdims=True)
    logits -= np.log(np.exp(logits).sum(1, keepdims=True))
    return score(logits, y, lens)[0][2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--head", required=True, help="NER1 file from train_ner_head.py")
    ap.add_argument("--train", required=True, help="dumped training features (prefix)")
    ap.add_argument("--dev", help="dumped dev features (prefix), to print F1 before and after")
    ap.add_argument("--rank", type=int, required=True)
    ap.add_argument("--every", type=int, default=4, help="use every n-th training token")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    head = read_ner1(args.head)
    d, window, hidden = head["d"], head["window"], head["hidden"]
    w1 = head["w1"].astype(np.float64)
    # B: d x (window * hidden), slot-major columns, as the Rust head lays it out
    b = np.concatenate([w1[:, s * d:(s + 1) * d].T for s in range(window)], axis=1)

    dim = STATE * DUMPED_LAYERS + head["cheap"]
    train = np.memmap(args.train + ".f32", dtype="<f4", mode="r").reshape(-1, dim)
    x = select(np.asarray(train[::args.every]), head["layers"], head["cheap"]).astype(np.float64)
    second = (x.T @ x) / len(x)
    del x
    ev, evec = np.linalg.eigh(second)
    ev = np.maximum(ev, 1e-8)
    root, inv_root = evec * np.sqrt(ev), evec / np.sqrt(ev)
    u, s, vt = np.linalg.svd(root.T @ b, full_matrices=False)
    k = args.rank
    left = inv_root @ (u[:, :k] * s[:k])  # d x k
    right = vt[:k]  # k x (window * hidden)

    if args.dev:
        xd, yd, ld = load(args.dev, head["cheap"])
        xd = select(xd, head["layers"], head["cheap"]).astype(np.float64)
        full = dev_f1(head, b, xd, yd, ld)
        low = dev_f1(head, left.astype("<f4").astype(np.float64)
                     @ right.astype("<f4").astype(np.float64), xd, yd, ld)
        print(f"dev F1: full {full:.4f}, rank {k} {low:.4f}", file=sys.stderr)

    with open(args.out, "wb") as out:
        out.write(b"NER2")
        out.write(struct.pack("<I", len(head["layers"])))
        out.write(struct.pack(f"<{len(head['layers'])}I", *head["layers"]))
        out.write(struct.pack("<4I", head["cheap"], head["radius"], hidden, head["labels"]))
        out.write(struct.pack("<I", k))
        for a in (left, right, head["b1"], head["w2"], head["b2"]):
            out.write(np.ascontiguousarray(a, dtype="<f4").tobytes())
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
