#!/usr/bin/env python3
"""Trains the sentence-pair cross-encoder: all-MiniLM-L6-v2 reading "[CLS] a [SEP] b [SEP]",
with low-rank adapters (LoRA) on every linear layer, its layer norms and token-type table
trained, and a logistic head on the mean of the last layer's token states (L2-normalised, as
the encoder already pools sentences). Only the adapter is written: the base weights are the
installed model's, unchanged.

Data: MSRP train.tsv. Pairs whose (#1 ID + #2 ID) % 5 == 0 are the held-out split (never seen
here). Two runs:
- the fold adapter trains on splits 2-4 and reports each epoch on split 1 (the calibration
  split); its log-odds on split 1, which it never saw, fit the combination with the pair
  features (train_pair_model.py --cross), and its runs chose EPOCHS;
- `--final` trains the shipped adapter the same way on splits 1-4 and keeps the last epoch.

Usage: train_cross_encoder.py MODEL_DIR MSRP_TSV OUT.safetensors [--final] [--report]
(--report also prints the held-out split's accuracy each epoch: for the closing numbers only,
never for choices). Deterministic given the seed (JAX on CPU).
"""
import csv
import json
import math
import sys

import jax
import jax.numpy as jnp
import numpy as np
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

RANK = 8
ALPHA = 16.0
EPOCHS = 3
DROPOUT = 0.1
BATCH = 16
LR = 1e-3
HEAD_LR = 1e-3
WARMUP = 0.1
SEED = 7
MAX_LEN = 128
HEADS = 12
LINEARS = ["query", "key", "value", "attn_out", "ffn_in", "ffn_out"]


def split_of(a, b):
    return (int(a) + int(b)) % 5


def read_msrp(path):
    rows = []
    with open(path, encoding="utf-8-sig") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        q, i1, i2, s1, s2 = (header.index(c) for c in ("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"))
        for r in reader:
            if len(r) < 5:
                continue
            rows.append((int(r[q]), r[i1], r[i2], r[s1], r[s2]))
    return rows


def base_params(model_dir):
    t = load_file(f"{model_dir}/model.safetensors")
    g = lambda k: jnp.asarray(t[k] if k in t else t["bert." + k], dtype=jnp.float32)
    frozen = {
        "word": g("embeddings.word_embeddings.weight"),
        "pos": g("embeddings.position_embeddings.weight"),
        "layers": [],
    }
    train = {
        "type": g("embeddings.token_type_embeddings.weight"),
        "emb_ln": (g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias")),
        "layers": [],
    }
    for i in range(6):
        p = f"encoder.layer.{i}"
        names = {
            "query": f"{p}.attention.self.query",
            "key": f"{p}.attention.self.key",
            "value": f"{p}.attention.self.value",
            "attn_out": f"{p}.attention.output.dense",
            "ffn_in": f"{p}.intermediate.dense",
            "ffn_out": f"{p}.output.dense",
        }
        frozen["layers"].append({k: (g(v + ".weight"), g(v + ".bias")) for k, v in names.items()})
        train["layers"].append({
            "attn_ln": (g(f"{p}.attention.output.LayerNorm.weight"), g(f"{p}.attention.output.LayerNorm.bias")),
            "ffn_ln": (g(f"{p}.output.LayerNorm.weight"), g(f"{p}.output.LayerNorm.bias")),
        })
    return frozen, train


def init_adapter(frozen, train, key):
    for i, layer in enumerate(frozen["layers"]):
        for name in LINEARS:
            w = layer[name][0]
            out, inp = w.shape
            key, sub = jax.random.split(key)
            # A: small random (fan-in scaled), B: zeros, so training starts at the base model.
            train["layers"][i][name] = (
                jax.random.normal(sub, (RANK, inp)) / math.sqrt(inp),
                jnp.zeros((out, RANK)),
            )
    train["head"] = (jnp.zeros((384,)), jnp.zeros(()))
    train["head_scale"] = jnp.asarray(10.0)
    return train


def layer_norm(x, gb, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / jnp.sqrt(var + eps) * gb[0] + gb[1]


def linear(x, wb, ab):
    w, b = wb
    a, bb = ab
    return x @ w.T + b + (x @ a.T) @ bb.T * (ALPHA / RANK)


def drop(x, key):
    if key is None:
        return x
    keep = jax.random.bernoulli(key, 1.0 - DROPOUT, x.shape)
    return jnp.where(keep, x / (1.0 - DROPOUT), 0.0)


def forward(frozen, train, ids, types, mask, key=None):
    keys = [None] * 13 if key is None else list(jax.random.split(key, 13))
    n, length = ids.shape
    x = frozen["word"][ids] + frozen["pos"][:length][None] + train["type"][types]
    x = layer_norm(x, train["emb_ln"])
    bias = (1.0 - mask[:, None, None, :]) * -1e9
    x = drop(x, keys[12])
    for li, (fl, tl) in enumerate(zip(frozen["layers"], train["layers"])):
        q = linear(x, fl["query"], tl["query"]).reshape(n, length, HEADS, -1)
        k = linear(x, fl["key"], tl["key"]).reshape(n, length, HEADS, -1)
        v = linear(x, fl["value"], tl["value"]).reshape(n, length, HEADS, -1)
        s = jnp.einsum("nqhd,nkhd->nhqk", q, k) / math.sqrt(q.shape[-1]) + bias
        ctx = jnp.einsum("nhqk,nkhd->nqhd", jax.nn.softmax(s, -1), v).reshape(n, length, -1)
        x = layer_norm(x + drop(linear(ctx, fl["attn_out"], tl["attn_out"]), keys[2 * li]), tl["attn_ln"])
        inner = jax.nn.gelu(linear(x, fl["ffn_in"], tl["ffn_in"]), approximate=False)
        x = layer_norm(x + drop(linear(inner, fl["ffn_out"], tl["ffn_out"]), keys[2 * li + 1]), tl["ffn_ln"])
    pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    pooled = pooled / jnp.maximum(jnp.linalg.norm(pooled, axis=-1, keepdims=True), 1e-12)
    w, b = train["head"]
    return pooled @ w * train["head_scale"] + b


def loss_fn(train, frozen, ids, types, mask, y, key):
    z = forward(frozen, train, ids, types, mask, key)
    return jnp.mean(jnp.logaddexp(0.0, z) - y * z)


grad_fn = jax.jit(jax.value_and_grad(loss_fn))
predict = jax.jit(forward)


def encode(tok, rows, swap=False):
    out = []
    for r in rows:
        e = tok.encode(r[4], r[3]) if swap else tok.encode(r[3], r[4])
        ids, types = e.ids[:MAX_LEN], e.type_ids[:MAX_LEN]
        out.append((ids, types, float(r[0])))
    return out


def both_orders(frozen, train, forward_enc, swapped_enc):
    return (scores(frozen, train, forward_enc) + scores(frozen, train, swapped_enc)) / 2


def batches(encoded, order, size):
    for s in range(0, len(order), size):
        chunk = [encoded[i] for i in order[s:s + size]]
        length = max(len(c[0]) for c in chunk)
        length = min(MAX_LEN, (length + 15) // 16 * 16)
        n = size
        ids = np.zeros((n, length), np.int32)
        types = np.zeros((n, length), np.int32)
        mask = np.zeros((n, length), np.float32)
        y = np.zeros((n,), np.float32)
        for j, (a, t, label) in enumerate(chunk):
            ids[j, :len(a)] = a
            types[j, :len(t)] = t
            mask[j, :len(a)] = 1.0
            y[j] = label
        # padding rows (a last short batch) get a one-token mask and weigh nothing below
        mask[len(chunk):, 0] = 1.0
        yield ids, types, mask, y, len(chunk)


def scores(frozen, train, encoded):
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    out = np.zeros(len(encoded))
    for s, (ids, types, mask, _, k) in zip(range(0, len(order), 64), batches(encoded, order, 64)):
        z = np.asarray(predict(frozen, train, ids, types, mask))
        for j in range(k):
            out[order[s + j]] = z[j]
    return out


def accuracy(z, y):
    pred = z > 0
    tp = float(((pred == 1) & (y == 1)).sum())
    p = tp / max(pred.sum(), 1)
    r = tp / max(y.sum(), 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    return float((pred == y).mean()), f1


def main():
    model_dir, tsv, out_path = sys.argv[1:4]
    report = "--report" in sys.argv
    final = "--final" in sys.argv
    tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    tok.no_truncation()
    tok.no_padding()
    rows = read_msrp(tsv)
    train_rows = [r for r in rows if split_of(r[1], r[2]) >= (1 if final else 2)]
    calib_rows = [r for r in rows if split_of(r[1], r[2]) == 1]
    test_rows = [r for r in rows if split_of(r[1], r[2]) == 0]
    # both orders of every training pair: the judgement is symmetric, the input is not
    enc_train = encode(tok, train_rows) + encode(tok, train_rows, swap=True)
    enc_calib, enc_calib_sw = encode(tok, calib_rows), encode(tok, calib_rows, swap=True)
    enc_test, enc_test_sw = encode(tok, test_rows), encode(tok, test_rows, swap=True)
    frozen, train = base_params(model_dir)
    key = jax.random.PRNGKey(SEED)
    train = init_adapter(frozen, train, key)
    m = jax.tree_util.tree_map(jnp.zeros_like, train)
    v = jax.tree_util.tree_map(jnp.zeros_like, train)
    steps = EPOCHS * math.ceil(len(enc_train) / BATCH)
    rng = np.random.default_rng(SEED)
    step = 0
    best, best_acc = train, -1.0
    for epoch in range(EPOCHS):
        order = list(rng.permutation(len(enc_train)))
        total = 0.0
        for ids, types, mask, y, k in batches(enc_train, order, BATCH):
            if k < BATCH:
                continue
            key, sub = jax.random.split(key)
            loss, g = grad_fn(train, frozen, ids, types, mask, y, sub)
            step += 1
            lr = LR * min(step / (WARMUP * steps), (steps - step) / ((1 - WARMUP) * steps))
            m = jax.tree_util.tree_map(lambda a, b: 0.9 * a + 0.1 * b, m, g)
            v = jax.tree_util.tree_map(lambda a, b: 0.999 * a + 0.001 * b * b, v, g)
            c1, c2 = 1 - 0.9 ** step, 1 - 0.999 ** step
            train = jax.tree_util.tree_map(
                lambda p, a, b: p - lr * (a / c1) / (jnp.sqrt(b / c2) + 1e-8), train, m, v)
            total += float(loss)
        zc = both_orders(frozen, train, enc_calib, enc_calib_sw)
        yc = np.array([e[2] for e in enc_calib])
        line = f"epoch {epoch + 1}: train loss {total / max(1, len(order) // BATCH):.4f}, calibration acc/F1 {accuracy(zc, yc)}"
        if report:
            zt = both_orders(frozen, train, enc_test, enc_test_sw)
            yt = np.array([e[2] for e in enc_test])
            line += f", held-out acc/F1 {accuracy(zt, yt)}"
        print(line, flush=True)
        if final or accuracy(zc, yc)[0] > best_acc:
            best, best_acc = train, accuracy(zc, yc)[0]
    # the fold run keeps the epoch that did best on the calibration split; the final run (which
    # trains on it) the last
    train = best
    tensors = {
        "embeddings.token_type_embeddings.weight": train["type"],
        "embeddings.LayerNorm.weight": train["emb_ln"][0],
        "embeddings.LayerNorm.bias": train["emb_ln"][1],
        "head.weight": train["head"][0] * train["head_scale"],
        "head.bias": jnp.reshape(train["head"][1], (1,)),
    }
    for i, tl in enumerate(train["layers"]):
        p = f"encoder.layer.{i}"
        tensors[f"{p}.attention.output.LayerNorm.weight"] = tl["attn_ln"][0]
        tensors[f"{p}.attention.output.LayerNorm.bias"] = tl["attn_ln"][1]
        tensors[f"{p}.output.LayerNorm.weight"] = tl["ffn_ln"][0]
        tensors[f"{p}.output.LayerNorm.bias"] = tl["ffn_ln"][1]
        for name in LINEARS:
            a, b = tl[name]
            tensors[f"{p}.{name}.lora_a"] = a
            tensors[f"{p}.{name}.lora_b"] = b * (ALPHA / RANK)
    # f16 halves the file; the values are small updates and norms, well inside its range
    save_file({k: np.asarray(v, dtype=np.float16) for k, v in tensors.items()}, out_path,
              metadata={"rank": str(RANK), "trained_on": f"MSRP train.tsv, (#1 ID + #2 ID) % 5 >= {1 if final else 2}",
                        "epochs": str(EPOCHS) if final else f"best of {EPOCHS} on the calibration split", "seed": str(SEED)})


if __name__ == "__main__":
    main()
