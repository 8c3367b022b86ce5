"""`cosine.py REF.f32 OTHER.f32 DIM`: prints `min mean` cosine between matching rows."""
import sys

import numpy as np

ref = np.fromfile(sys.argv[1], dtype=np.float32)
other = np.fromfile(sys.argv[2], dtype=np.float32)
dim = int(sys.argv[3])
ref, other = ref.reshape(-1, dim), other.reshape(-1, dim)
if ref.shape != other.shape:
    print("n/a n/a")
    sys.exit(0)
num = (ref * other).sum(1)
den = np.linalg.norm(ref, axis=1) * np.linalg.norm(other, axis=1)
cos = num / np.maximum(den, 1e-12)
print(f"{cos.min():.6f} {cos.mean():.6f}")
