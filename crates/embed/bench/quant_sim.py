"""Simulates the arithmetic of the encoder's kernels on all-MiniLM-L6-v2 in PyTorch and prints
the min / mean / 1st-percentile cosine of the resulting vectors to the f32 ones.

    quant_sim.py MODEL_DIR SENTENCES N SPEC [SPEC ...]

MODEL_DIR: a sentence-transformers model folder (compare.sh unpacks one); SENTENCES: one a line
(compare.sh writes them with sentences.py); N: how many to use. Each SPEC assigns a scheme to
layer kinds, e.g. "qkv=bf16,fi=bf16,ao=blk32_8bit,fo=blk32_8bit" (qkv = query/key/value,
ao = attention output, fi / fo = feed-forward input / output; unnamed kinds stay f32). Schemes
round a layer's input and weights the way a kernel would (see SCHEMES); the product itself is
f32, which the integer kernels match exactly and the bf16 kernel to f32 summation order.
A bench tool only, never a dependency of corroborate."""
import sys

import torch
from sentence_transformers import SentenceTransformer

torch.set_num_threads(1)
model_dir, sentences_path, N = sys.argv[1], sys.argv[2], int(sys.argv[3])
sents = open(sentences_path, encoding="utf-8").read().split("\n")[:N]
model = SentenceTransformer(model_dir, device="cpu")
ref = model.encode(sents, batch_size=64, normalize_embeddings=True, convert_to_tensor=True)

def bf16(t): return t.to(torch.bfloat16).to(torch.float32)

def q_w_chan(w, bits=8):  # per output channel symmetric
    m = (1 << (bits - 1)) - 1
    s = w.abs().amax(1, keepdim=True) / m
    return torch.round(w / s).clamp(-m, m) * s

def q_w_block(w, kb, bits=8):
    o, i = w.shape
    m = (1 << (bits - 1)) - 1
    wb = w.reshape(o, i // kb, kb)
    s = wb.abs().amax(2, keepdim=True) / m
    return (torch.round(wb / s).clamp(-m, m) * s).reshape(o, i)

def q_x_row_sym(x, bits=8):
    m = (1 << (bits - 1)) - 1
    s = x.abs().amax(-1, keepdim=True).clamp_min(1e-12) / m
    return torch.round(x / s).clamp(-m, m) * s

def q_x_row_asym(x, levels=255):
    mn = x.amin(-1, keepdim=True).clamp(max=0); mx = x.amax(-1, keepdim=True).clamp(min=0)
    s = ((mx - mn) / levels).clamp_min(1e-12); z = torch.round(-mn / s)
    return (torch.round(x / s + z).clamp(0, levels) - z) * s

def q_x_block_asym(x, kb, levels=255):
    sh = x.shape; xb = x.reshape(*sh[:-1], sh[-1] // kb, kb)
    return q_x_row_asym(xb, levels).reshape(sh)

def q_x_block_sym(x, kb, bits=8):
    sh = x.shape; xb = x.reshape(*sh[:-1], sh[-1] // kb, kb)
    return q_x_row_sym(xb, bits).reshape(sh)
SCHEMES = {
  "blk32s_8bit": (lambda x: q_x_block_sym(x, 32), lambda w: q_w_block(w, 32, 8)),
  "blk64s_8bit": (lambda x: q_x_block_sym(x, 64), lambda w: q_w_block(w, 64, 8)),
  "blk128s_8bit": (lambda x: q_x_block_sym(x, 128), lambda w: q_w_block(w, 128, 8)),
  "rowasym/blk32w": (q_x_row_asym, lambda w: q_w_block(w, 32, 8)),
  "bf16": (lambda x: bf16(x), lambda w: bf16(w)),
  "row8sym/chan8": (q_x_row_sym, q_w_chan),
  "row8asym/chan8": (q_x_row_asym, q_w_chan),
  "blk32_7bit": (lambda x: q_x_block_asym(x, 32, 127), lambda w: q_w_block(w, 32, 7)),
  "blk32_8bit": (lambda x: q_x_block_asym(x, 32, 255), lambda w: q_w_block(w, 32, 8)),
  "blk64_8bit": (lambda x: q_x_block_asym(x, 64, 255), lambda w: q_w_block(w, 64, 8)),
  "blk128_8bit": (lambda x: q_x_block_asym(x, 128, 255), lambda w: q_w_block(w, 128, 8)),
  "rowasym/blk64w": (q_x_row_asym, lambda w: q_w_block(w, 64, 8)),
}
bert = model[0].auto_model
def layers():
    for l in bert.encoder.layer:
        yield "qkv", l.attention.self.query; yield "qkv", l.attention.self.key; yield "qkv", l.attention.self.value
        yield "ao", l.attention.output.dense; yield "fi", l.intermediate.dense; yield "fo", l.output.dense
orig = {id(m): m.weight.data.clone() for _, m in layers()}
def apply(assign):
    hooks = []
    for kind, m in layers():
        m.weight.data = orig[id(m)].clone()
        sch = assign.get(kind)
        if sch is None: continue
        qx, qw = SCHEMES[sch]
        m.weight.data = qw(orig[id(m)])
        hooks.append(m.register_forward_pre_hook(lambda mod, inp, qx=qx: (qx(inp[0]),)))
    return hooks
def run(label, assign):
    hooks = apply(assign)
    v = model.encode(sents, batch_size=64, normalize_embeddings=True, convert_to_tensor=True)
    for h in hooks: h.remove()
    c = (v * ref).sum(1)
    print(f"{label:50s} min {c.min():.6f} mean {c.mean():.6f} p1 {c.kthvalue(max(1,len(c)//100)).values:.6f}", flush=True)
for spec in sys.argv[4:]:
    # spec like qkv=bf16,ao=row8asym/chan8,...
    assign = dict(p.split("=") for p in spec.split(","))
    run(spec, assign)
