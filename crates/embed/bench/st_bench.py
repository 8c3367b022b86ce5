"""sentence-transformers reference: `st_bench.py MODEL_DIR SENTENCES OUT.f32 [THREADS]`.

Prints `impl sentences/s peak_rss_mib encode_seconds` and writes float32 rows."""
import resource
import sys
import time

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

model_dir, sentences_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
if len(sys.argv) > 4:
    torch.set_num_threads(int(sys.argv[4]))
sentences = open(sentences_path, encoding="utf-8").read().split("\n")
if sentences and sentences[-1] == "":
    sentences.pop()
model = SentenceTransformer(model_dir, device="cpu")
model.encode(sentences[:64], batch_size=32)
start = time.perf_counter()
vectors = model.encode(sentences, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
seconds = time.perf_counter() - start
vectors.astype(np.float32).tofile(out)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"sentence-transformers(torch {torch.__version__}, {torch.get_num_threads()} thr) "
      f"{len(sentences) / seconds:.1f} {peak:.0f} {seconds:.2f}")
