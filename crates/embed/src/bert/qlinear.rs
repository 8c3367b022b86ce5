//! Block-quantised 8-bit linear layer (`y = x·Wᵀ + b`) for CPU inference.
//!
//! Self-contained (only `std`), written for the all-MiniLM-L6-v2 shapes
//! (hidden 384, FFN 1536) but correct for any non-zero shape.
//!
//! # Scheme
//!
//! * The inner dimension `k` is split into blocks of `KB` = 32 values (the
//!   last block is zero padded).
//! * Weights: symmetric 7-bit (`-63..=63`), one f32 scale per
//!   (output channel, k-block); the per-block sum of the quantised weights
//!   is kept for the zero-point correction.
//! * Activations: quantised at call time to asymmetric 7-bit unsigned
//!   (`0..=127`) with one scale and zero point per (row, k-block), from the
//!   block's min/max (always including 0).
//! * `|q_x·q_w| <= 127·63`, so four such products (two `vpmaddubsw` results
//!   added with `vpaddw`) stay below 32767: nothing can saturate, and one
//!   `vpmaddwd` widens 64 multiply-adds instead of 32.
//! * Per block the exact i32 sum is corrected for the zero point (still
//!   exact) and accumulated in f32 with the product of the two scales:
//!   `y[r][o] = b[o] + Σ_blk s_x[r,blk]·s_w[o,blk]·(Σ q_x·q_w − z[r,blk]·Σ q_w)`.
//!
//! Per-block scales (rather than per row / per channel) keep the error low
//! for activations with a few large outlier channels (post-LayerNorm BERT
//! activations) and for heavy-tailed weights; together they more than make
//! up for the 7th activation bit given to the `vpaddw` trick.
//!
//! # Implementation
//!
//! On x86-64 with AVX2+FMA (detected at run time) an AVX2 micro-kernel
//! computes 4 rows × 16 output channels: an integer phase over 4 k-blocks
//! (`vpmaddubsw`, `vpaddw`, `vpmaddwd`, `vpaddd`) stores the i32 block sums,
//! then an f32 phase applies scales and zero points. Activation quantisation
//! is vectorised too. Everywhere else a portable scalar path is used. Both
//! give bit-identical results: the integer part is exact and the
//! floating-point part performs the same IEEE operations in the same order
//! (fused multiply-adds in both).

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// k-block size (values of the inner dimension sharing one scale).
const KB: usize = 32;
/// Groups of 4 consecutive k values in one block.
const GPB: usize = KB / 4;
/// 8-channel vectors per panel.
const NV: usize = 2;
/// Output channels per packed panel (micro-kernel width).
const NR: usize = NV * 8;
/// k-blocks whose integer sums the AVX2 kernel buffers before the f32 pass.
#[cfg(target_arch = "x86_64")]
const BCHUNK: usize = 4;
/// Rows per micro-kernel tile.
const MR: usize = 4;
/// Largest weight magnitude after quantisation (7-bit).
const QW_MAX: f32 = 63.0;
/// Largest quantised activation (7-bit unsigned). Four products
/// `127·63` sum to 32004 < 32767, so two `vpmaddubsw` results can be added
/// in i16 before widening with a single `vpmaddwd`.
const QX_MAX: f32 = 127.0;
/// Target size in bytes of the quantised activation chunk (kept in L2).
const X_CHUNK_BYTES: usize = 128 * 1024;
/// Target size in bytes of a group of packed weight panels (kept in L2).
const W_GROUP_BYTES: usize = 192 * 1024;
/// Target size in bytes of the output chunk (kept in L2 while all panels
/// write their column strips into it).
const Y_CHUNK_BYTES: usize = 192 * 1024;

/// 32 bytes of packed weights: 4 consecutive k values for each of 8
/// consecutive output channels, laid out for `vpmaddubsw`. 32-byte aligned so
/// every AVX2 load is aligned and never crosses a cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Group([i8; 32]);

/// A linear layer `y = x·Wᵀ + b` with weights quantised per output channel
/// and per block of 32 input features.
///
/// Immutable after construction, so it is `Send + Sync` and one instance can
/// be shared by many threads calling [`QuantLinear::forward`] concurrently.
#[derive(Clone)]
pub struct QuantLinear {
    out: usize,
    inp: usize,
    /// Number of k-blocks (`ceil(inp / KB)`).
    nb: usize,
    /// Number of panels of `NR` output channels (`ceil(out / NR)`).
    np: usize,
    /// Packed weights, `[panel][block][k-group][NV][32 bytes]`.
    w: Vec<Group>,
    /// Per panel and block: `NR` weight scales then `NR` sums of the
    /// quantised weights (as exact f32), `[panel][block][2][NR]`.
    meta: Vec<f32>,
    /// Bias padded with zeros to `np * NR`.
    bias: Vec<f32>,
}

impl std::fmt::Debug for QuantLinear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuantLinear")
            .field("out", &self.out)
            .field("inp", &self.inp)
            .finish_non_exhaustive()
    }
}

impl QuantLinear {
    /// Quantises and packs a linear layer.
    ///
    /// `weight` is row-major `[out][inp]` exactly as a PyTorch `nn.Linear`
    /// stores it, `bias` has `out` values. Returns `Err` if the lengths
    /// disagree, a dimension is zero, or a value is not finite.
    pub fn new(weight: &[f32], bias: &[f32], out: usize, inp: usize) -> Result<Self, String> {
        if out == 0 || inp == 0 {
            return Err(format!(
                "QuantLinear: dimensions must be non-zero (out={out}, inp={inp})"
            ));
        }
        let expected = out
            .checked_mul(inp)
            .ok_or_else(|| format!("QuantLinear: out*inp overflows ({out}*{inp})"))?;
        if weight.len() != expected {
            return Err(format!(
                "QuantLinear: weight has {} values, expected out*inp = {out}*{inp} = {expected}",
                weight.len()
            ));
        }
        if bias.len() != out {
            return Err(format!(
                "QuantLinear: bias has {} values, expected out = {out}",
                bias.len()
            ));
        }
        if !weight.iter().chain(bias.iter()).all(|v| v.is_finite()) {
            return Err("QuantLinear: weight or bias contains a non-finite value".to_string());
        }

        let nb = inp.div_ceil(KB);
        let np = out.div_ceil(NR);
        let mut w = vec![Group([0; 32]); np * nb * GPB * NV];
        let mut meta = vec![0.0f32; np * nb * 2 * NR];
        let mut padded_bias = vec![0.0f32; np * NR];
        padded_bias[..out].copy_from_slice(bias);

        let mut q = [0i8; KB];
        for o in 0..out {
            let p = o / NR;
            let c = o % NR;
            let row = &weight[o * inp..(o + 1) * inp];
            for b in 0..nb {
                let k0 = b * KB;
                let vals = &row[k0..(k0 + KB).min(inp)];
                let amax = vals.iter().fold(0.0f32, |m, v| m.max(v.abs()));
                let scale = amax / QW_MAX;
                let mut sum = 0i32;
                q.fill(0);
                if scale >= f32::MIN_POSITIVE {
                    for (qi, &v) in q.iter_mut().zip(vals) {
                        let r = (v / scale).round_ties_even().clamp(-QW_MAX, QW_MAX);
                        *qi = r as i8;
                        sum += i32::from(*qi);
                    }
                }
                let m = (p * nb + b) * 2 * NR;
                meta[m + c] = scale;
                // |sum| <= KB*63, exactly representable.
                meta[m + NR + c] = sum as f32;
                for (g, quad) in q.chunks_exact(4).enumerate() {
                    let dst = &mut w[((p * nb + b) * GPB + g) * NV + c / 8].0;
                    let off = (c % 8) * 4;
                    dst[off..off + 4].copy_from_slice(quad);
                }
            }
        }
        Ok(Self {
            out,
            inp,
            nb,
            np,
            w,
            meta,
            bias: padded_bias,
        })
    }

    /// Number of output features (`out`).
    pub fn out_features(&self) -> usize {
        self.out
    }

    /// Number of input features (`inp`).
    pub fn in_features(&self) -> usize {
        self.inp
    }

    /// Computes `y = x·Wᵀ + b`.
    ///
    /// `x`: `rows × inp` row-major f32; `y`: `rows × out` row-major f32
    /// (overwritten). Single-threaded; the caller parallelises over
    /// independent batches (`&self` may be shared between threads).
    ///
    /// Never panics in release builds: if `x` or `y` is shorter than `rows`
    /// rows, only the rows that fit in both are computed (a debug assertion
    /// flags this in debug builds). No alignment is required of `x` or `y`.
    /// Allocates one scratch buffer per call (about 130 KiB at most for the
    /// MiniLM shapes: the quantised activations of up to 256 rows).
    pub fn forward(&self, x: &[f32], rows: usize, y: &mut [f32]) {
        self.forward_impl(x, rows, y, simd_available());
    }

    fn forward_impl(&self, x: &[f32], rows: usize, y: &mut [f32], simd: bool) {
        debug_assert!(
            x.len() >= rows * self.inp && y.len() >= rows * self.out,
            "QuantLinear::forward: x or y too short for {rows} rows"
        );
        let rows = rows.min(x.len() / self.inp).min(y.len() / self.out);
        if rows == 0 {
            return;
        }
        let kp = self.nb * KB;
        let chunk = (X_CHUNK_BYTES / kp)
            .min(Y_CHUNK_BYTES / (4 * self.np * NR))
            .clamp(MR, 256)
            / MR
            * MR;
        let chunk = chunk.min(rows.next_multiple_of(MR));
        let mut buf = XBuf::new(chunk, kp, self.nb);
        let mut r0 = 0;
        while r0 < rows {
            let m = chunk.min(rows - r0);
            let xc = &x[r0 * self.inp..(r0 + m) * self.inp];
            let yc = &mut y[r0 * self.out..(r0 + m) * self.out];
            self.quantize_rows(xc, m, &mut buf, simd);
            // The next chunk's activations are prefetched into L2 while
            // this chunk is computed.
            let r1 = r0 + m;
            let next = &x[r1 * self.inp..(r1 + chunk.min(rows - r1)) * self.inp];
            self.compute_chunk(m, &buf, yc, next, simd);
            r0 += m;
        }
    }

    /// Quantises `m` rows of `x` into `buf`.
    fn quantize_rows(&self, x: &[f32], m: usize, buf: &mut XBuf, simd: bool) {
        let (xq, xs, xz) = (&mut buf.q, &mut buf.s, &mut buf.z);
        let kp = self.nb * KB;
        let nb = self.nb;
        // Full blocks take the AVX2 path; a trailing partial block (and
        // everything without AVX2) takes the scalar path, which performs the
        // same IEEE operations and so gives identical results.
        let nbf = if simd { self.inp / KB } else { 0 };
        for r in 0..m {
            let xr = &x[r * self.inp..(r + 1) * self.inp];
            let qr = &mut xq[r * kp..(r + 1) * kp];
            let sr = &mut xs[r * nb..(r + 1) * nb];
            let zr = &mut xz[r * nb..(r + 1) * nb];
            #[cfg(target_arch = "x86_64")]
            if nbf > 0 {
                // SAFETY: `simd` (hence nbf > 0) implies AVX2+FMA were
                // detected; xr holds >= nbf*KB floats, qr nb*KB >= nbf*KB
                // bytes, sr and zr nb >= nbf floats.
                unsafe {
                    quantize_blocks_avx2(
                        xr.as_ptr(),
                        nbf,
                        qr.as_mut_ptr(),
                        sr.as_mut_ptr(),
                        zr.as_mut_ptr(),
                    )
                };
            }
            for b in nbf..nb {
                let vals = &xr[b * KB..((b + 1) * KB).min(self.inp)];
                let (mn, mx) = vals
                    .iter()
                    .fold((0.0f32, 0.0f32), |(a, b), &v| (a.min(v), b.max(v)));
                let (s, inv, z) = block_params(mn, mx);
                sr[b] = s;
                zr[b] = z;
                let q = &mut qr[b * KB..(b + 1) * KB];
                q.fill(0);
                for (qi, &v) in q.iter_mut().zip(vals) {
                    *qi = quantize_one(v, inv, z);
                }
            }
        }
    }

    /// Computes `m` output rows from the quantised rows in `buf`, while
    /// prefetching `next` (the following chunk's activations).
    fn compute_chunk(&self, m: usize, buf: &XBuf, y: &mut [f32], next: &[f32], simd: bool) {
        let (xq, xs, xz) = (&buf.q, &buf.s, &buf.z);
        let kp = self.nb * KB;
        let nb = self.nb;
        let mut tile = [0.0f32; MR * NR];
        let mut pf = Prefetcher::new(next, m.div_ceil(MR) * self.np);
        // Panels are processed in groups whose packed weights fit in L2;
        // within a group the row tiles are the outer loop so that a tile's
        // activations stay in L1 and output rows are written contiguously.
        let panel_bytes = nb * GPB * NV * 32 + nb * 2 * NR * 4;
        let group = (W_GROUP_BYTES / panel_bytes).max(1);
        let mut p0 = 0;
        while p0 < self.np {
            let p1 = (p0 + group).min(self.np);
            let mut i0 = 0;
            while i0 < m {
                let mr = MR.min(m - i0);
                let xrows = &xq[i0 * kp..(i0 + mr) * kp];
                let srows = &xs[i0 * nb..(i0 + mr) * nb];
                let zrows = &xz[i0 * nb..(i0 + mr) * nb];
                for p in p0..p1 {
                    pf.step();
                    let wp = &self.w[p * nb * GPB * NV..(p + 1) * nb * GPB * NV];
                    let meta = &self.meta[p * nb * 2 * NR..(p + 1) * nb * 2 * NR];
                    let bias = &self.bias[p * NR..(p + 1) * NR];
                    let c0 = p * NR;
                    let ncols = NR.min(self.out - c0);
                    let run = |out: &mut [f32], ld: usize| {
                        if simd {
                            tile_simd(mr, xrows, kp, srows, zrows, nb, wp, meta, bias, out, ld);
                        } else {
                            tile_scalar(mr, xrows, kp, srows, zrows, nb, wp, meta, bias, out, ld);
                        }
                    };
                    if ncols == NR {
                        let start = i0 * self.out + c0;
                        let end = (i0 + mr - 1) * self.out + c0 + NR;
                        run(&mut y[start..end], self.out);
                    } else {
                        run(&mut tile[..(mr - 1) * NR + NR], NR);
                        for i in 0..mr {
                            let dst = (i0 + i) * self.out + c0;
                            y[dst..dst + ncols].copy_from_slice(&tile[i * NR..i * NR + ncols]);
                        }
                    }
                }
                i0 += mr;
            }
            p0 = p1;
        }
    }
}

/// Quantised activations of a chunk of rows.
struct XBuf {
    /// `rows × kp` bytes (`kp = nb*KB`), padding zero.
    q: Vec<u8>,
    /// Per (row, block) scale, `rows × nb`.
    s: Vec<f32>,
    /// Per (row, block) zero point (an exact integer), `rows × nb`.
    z: Vec<f32>,
}

impl XBuf {
    fn new(rows: usize, kp: usize, nb: usize) -> Self {
        Self {
            q: vec![0; rows * kp],
            s: vec![0.0; rows * nb],
            z: vec![0.0; rows * nb],
        }
    }
}

/// Spreads software prefetches of a slice over a number of steps.
struct Prefetcher<'a> {
    data: &'a [f32],
    pos: usize,
    per_step: usize,
}

impl<'a> Prefetcher<'a> {
    /// 16 f32 = one 64-byte cache line.
    const LINE: usize = 16;

    fn new(data: &'a [f32], steps: usize) -> Self {
        let lines = data.len().div_ceil(Self::LINE);
        Self {
            data,
            pos: 0,
            per_step: lines.div_ceil(steps.max(1)) * Self::LINE,
        }
    }

    #[inline]
    fn step(&mut self) {
        let end = (self.pos + self.per_step).min(self.data.len());
        #[cfg(target_arch = "x86_64")]
        for i in (self.pos..end).step_by(Self::LINE) {
            // SAFETY: `i < data.len()`, so the address is inside the slice;
            // a prefetch never faults and has no other effect on memory.
            unsafe { _mm_prefetch::<_MM_HINT_T1>(self.data.as_ptr().add(i) as *const i8) };
        }
        self.pos = end;
    }
}

/// Whether the AVX2+FMA path can be used on this machine.
fn simd_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Scale and zero point for a block with minimum `mn` and maximum `mx`
/// (shared by both paths so they agree bit for bit).
/// Returns `(scale, 1/scale, zero_point)`.
#[inline]
fn block_params(mn: f32, mx: f32) -> (f32, f32, f32) {
    let mn = mn.min(0.0);
    let mx = mx.max(0.0);
    let s = (mx - mn) / QX_MAX;
    if s >= f32::MIN_POSITIVE && s.is_finite() {
        let inv = 1.0 / s;
        let z = (-mn * inv).round_ties_even().clamp(0.0, QX_MAX);
        (s, inv, z)
    } else {
        // All zeros (or degenerate input): every value quantises to 0.
        (0.0, 0.0, 0.0)
    }
}

/// Quantises one value; must match the AVX2 sequence exactly
/// (`mul`, `add`, round-to-nearest-even, saturating pack to `0..=255`).
#[inline]
fn quantize_one(v: f32, inv: f32, z: f32) -> u8 {
    let t = (v * inv + z).round_ties_even();
    // `as i32` saturates (NaN -> 0), then clamp like packs/packus/min.
    (t as i32).clamp(0, QX_MAX as i32) as u8
}

/// AVX2 activation quantisation of `nbf` full k-blocks of one row: writes
/// `nbf*KB` bytes to `q` and the per-block scale / zero point to `xs` / `xz`.
/// Eight blocks are reduced and parametrised at once; every operation is
/// the IEEE equivalent of [`block_params`] / [`quantize_one`].
///
/// # Safety
/// AVX2 must be available; `x` must be readable for `nbf*KB` floats, `q`
/// writable for `nbf*KB` bytes and `xs`, `xz` writable for `nbf` floats.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn quantize_blocks_avx2(x: *const f32, nbf: usize, q: *mut u8, xs: *mut f32, xz: *mut f32) {
    const VPB: usize = KB / 8;
    let perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    let qmax = _mm256_set1_epi8(QX_MAX as i8);
    let zero = _mm256_setzero_ps();
    let mut b0 = 0;
    while b0 < nbf {
        let nbg = 8.min(nbf - b0);
        // Pass 1: per-block min / max vectors (blocks past nbg stay 0).
        let mut lo = [zero; 8];
        let mut hi = [zero; 8];
        for (j, (l, h)) in lo.iter_mut().zip(hi.iter_mut()).enumerate().take(nbg) {
            for t in 0..VPB {
                // SAFETY: (b0 + j) < nbf blocks, t < KB/8 vectors per block.
                let v = unsafe { _mm256_loadu_ps(x.add((b0 + j) * KB + t * 8)) };
                *l = _mm256_min_ps(*l, v);
                *h = _mm256_max_ps(*h, v);
            }
        }
        // Transpose-reduce 8 vectors to one vector of 8 block minima/maxima.
        let mn = reduce8(lo, perm, |a, b| _mm256_min_ps(a, b));
        let mx = reduce8(hi, perm, |a, b| _mm256_max_ps(a, b));
        // Pass 2: parameters, exactly as `block_params`.
        let mn = _mm256_min_ps(mn, zero);
        let mx = _mm256_max_ps(mx, zero);
        let s = _mm256_div_ps(_mm256_sub_ps(mx, mn), _mm256_set1_ps(QX_MAX));
        let ok = _mm256_and_ps(
            _mm256_cmp_ps::<_CMP_GE_OQ>(s, _mm256_set1_ps(f32::MIN_POSITIVE)),
            _mm256_cmp_ps::<_CMP_LT_OQ>(s, _mm256_set1_ps(f32::INFINITY)),
        );
        let inv = _mm256_div_ps(_mm256_set1_ps(1.0), s);
        let negmn = _mm256_xor_ps(mn, _mm256_set1_ps(-0.0));
        let z = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(
            _mm256_mul_ps(negmn, inv),
        );
        let z = _mm256_min_ps(_mm256_max_ps(z, zero), _mm256_set1_ps(QX_MAX));
        let s = _mm256_and_ps(s, ok);
        let inv = _mm256_and_ps(inv, ok);
        let z = _mm256_and_ps(z, ok);
        let mut sa = [0.0f32; 8];
        let mut ia = [0.0f32; 8];
        let mut za = [0.0f32; 8];
        // SAFETY: the arrays hold 8 floats each.
        unsafe {
            _mm256_storeu_ps(sa.as_mut_ptr(), s);
            _mm256_storeu_ps(ia.as_mut_ptr(), inv);
            _mm256_storeu_ps(za.as_mut_ptr(), z);
        }
        // Pass 3: quantise.
        for j in 0..nbg {
            let b = b0 + j;
            // SAFETY: b < nbf, inside the caller's nbf-float arrays.
            unsafe {
                *xs.add(b) = sa[j];
                *xz.add(b) = za[j];
            }
            let vinv = _mm256_set1_ps(ia[j]);
            let vz = _mm256_set1_ps(za[j]);
            for quarter in 0..KB / 32 {
                let mut iv = [_mm256_setzero_si256(); 4];
                for (t, it) in iv.iter_mut().enumerate() {
                    // SAFETY: within block b's KB readable floats.
                    let v = unsafe { _mm256_loadu_ps(x.add(b * KB + quarter * 32 + t * 8)) };
                    let u = _mm256_add_ps(_mm256_mul_ps(v, vinv), vz);
                    // Round to nearest even (Rust runs with the default
                    // MXCSR rounding mode), like `round_ties_even`.
                    *it = _mm256_cvtps_epi32(u);
                }
                let p01 = _mm256_packs_epi32(iv[0], iv[1]);
                let p23 = _mm256_packs_epi32(iv[2], iv[3]);
                let bytes = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(p01, p23), perm);
                let bytes = _mm256_min_epu8(bytes, qmax);
                // SAFETY: within block b's KB writable bytes.
                unsafe { _mm256_storeu_si256(q.add(b * KB + quarter * 32) as *mut __m256i, bytes) };
            }
        }
        b0 += nbg;
    }
}

/// Reduces each of 8 vectors to one value with `op` (min or max) and returns
/// the 8 results in order.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn reduce8(v: [__m256; 8], perm: __m256i, op: impl Fn(__m256, __m256) -> __m256) -> __m256 {
    // Halves: low 128 of each result = vector 2i, high 128 = vector 2i+1.
    let mut u = [_mm256_setzero_ps(); 4];
    for (i, ui) in u.iter_mut().enumerate() {
        let (a, b) = (v[2 * i], v[2 * i + 1]);
        *ui = op(
            _mm256_permute2f128_ps::<0x20>(a, b),
            _mm256_permute2f128_ps::<0x31>(a, b),
        );
    }
    let pair = |a: __m256, b: __m256| {
        op(
            _mm256_shuffle_ps::<0b10_00_10_00>(a, b),
            _mm256_shuffle_ps::<0b11_01_11_01>(a, b),
        )
    };
    let w01 = pair(u[0], u[1]);
    let w23 = pair(u[2], u[3]);
    // Lanes now: [v0, v2, v4, v6 | v1, v3, v5, v7].
    let r = pair(w01, w23);
    _mm256_castsi256_ps(_mm256_permutevar8x32_epi32(_mm256_castps_si256(r), perm))
}

/// Dispatches one tile to the AVX2 micro-kernel (only called when
/// [`simd_available`] returned true).
#[allow(clippy::too_many_arguments)]
#[inline]
fn tile_simd(
    mr: usize,
    xq: &[u8],
    kp: usize,
    xs: &[f32],
    xz: &[f32],
    nb: usize,
    w: &[Group],
    meta: &[f32],
    bias: &[f32],
    y: &mut [f32],
    ldy: usize,
) {
    #[cfg(target_arch = "x86_64")]
    {
        assert_tile_bounds(mr, xq, kp, xs, xz, nb, w, meta, bias, y, ldy);
        let args = (
            xq.as_ptr(),
            kp,
            xs.as_ptr(),
            xz.as_ptr(),
            nb,
            w.as_ptr() as *const u8,
            meta.as_ptr(),
            bias.as_ptr(),
            y.as_mut_ptr(),
            ldy,
        );
        // SAFETY: callers only pass `simd == true` when AVX2 and FMA were
        // detected; the slice lengths were checked by `assert_tile_bounds`,
        // which is exactly what the kernel reads and writes.
        unsafe {
            match mr {
                4 => kernel_avx2::<4>(args),
                3 => kernel_avx2::<3>(args),
                2 => kernel_avx2::<2>(args),
                _ => kernel_avx2::<1>(args),
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    tile_scalar(mr, xq, kp, xs, xz, nb, w, meta, bias, y, ldy);
}

/// Checks that all slices are large enough for one tile of `mr` rows
/// (one branch per tile, not per element).
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[inline]
fn assert_tile_bounds(
    mr: usize,
    xq: &[u8],
    kp: usize,
    xs: &[f32],
    xz: &[f32],
    nb: usize,
    w: &[Group],
    meta: &[f32],
    bias: &[f32],
    y: &mut [f32],
    ldy: usize,
) {
    let ok = (1..=MR).contains(&mr)
        && kp == nb * KB
        && xq.len() >= mr * kp
        && xs.len() >= mr * nb
        && xz.len() >= mr * nb
        && w.len() >= nb * GPB * NV
        && meta.len() >= nb * 2 * NR
        && bias.len() >= NR
        && ldy >= NR
        && y.len() >= (mr - 1) * ldy + NR;
    // Internal invariant guaranteed by `compute_chunk`; never fails.
    assert!(ok, "QuantLinear: internal tile bounds violated");
}

#[cfg(target_arch = "x86_64")]
type KernelArgs = (
    *const u8,
    usize,
    *const f32,
    *const f32,
    usize,
    *const u8,
    *const f32,
    *const f32,
    *mut f32,
    usize,
);

/// AVX2 micro-kernel: `R` rows × `NR` output channels over all k-blocks.
///
/// # Safety
/// AVX2 and FMA must be available. `xq` must hold `R` rows of `kp = nb*KB`
/// bytes, `xs`/`xz` `R` rows of `nb` floats, `w` `nb*GPB*NV` 32-byte aligned
/// groups, `meta` `nb*2*NR` floats, `bias` `NR` floats and `y` must be
/// writable at `i*ldy .. i*ldy+NR` for `i < R`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn kernel_avx2<const R: usize>(args: KernelArgs) {
    let (xq, kp, xs, xz, nb, w, meta, bias, y, ldy) = args;
    let ones = _mm256_set1_epi16(1);
    let mut f = [[_mm256_setzero_ps(); NV]; R];
    // Integer sums of up to `BCHUNK` blocks, converted to f32 in a second
    // pass so that the float work does not interleave with the integer
    // multiplies (measured to be much faster on Zen 3).
    let mut buf = [[[_mm256_undefined_si256(); NV]; R]; BCHUNK];
    let mut b0 = 0;
    while b0 < nb {
        let nbc = BCHUNK.min(nb - b0);
        for (bi, acc) in buf.iter_mut().enumerate().take(nbc) {
            let b = b0 + bi;
            *acc = [[_mm256_setzero_si256(); NV]; R];
            // SAFETY: b < nb, so the block's groups and bytes are in bounds.
            let (wb, xb) = unsafe { (w.add(b * GPB * NV * 32), xq.add(b * KB)) };
            for g in (0..GPB).step_by(2) {
                let mut wv = [[_mm256_setzero_si256(); NV]; 2];
                for (h, wh) in wv.iter_mut().enumerate() {
                    for (v, wvv) in wh.iter_mut().enumerate() {
                        // SAFETY: group g+h (< GPB), vector v of block b lies
                        // inside `w` and is 32-byte aligned (`Group` is align(32)).
                        *wvv = unsafe {
                            _mm256_load_si256(wb.add(((g + h) * NV + v) * 32) as *const __m256i)
                        };
                    }
                }
                for (i, acc_i) in acc.iter_mut().enumerate() {
                    // SAFETY: row i < R, byte offset b*KB + g*4 + 7 < kp.
                    let (a0, a1) = unsafe {
                        let p = xb.add(i * kp + g * 4);
                        (
                            std::ptr::read_unaligned(p as *const i32),
                            std::ptr::read_unaligned(p.add(4) as *const i32),
                        )
                    };
                    let a0 = _mm256_set1_epi32(a0);
                    let a1 = _mm256_set1_epi32(a1);
                    for (v, acc_iv) in acc_i.iter_mut().enumerate() {
                        // No i16 overflow: |4 products| <= 4*127*63 = 32004.
                        let p = _mm256_add_epi16(
                            _mm256_maddubs_epi16(a0, wv[0][v]),
                            _mm256_maddubs_epi16(a1, wv[1][v]),
                        );
                        *acc_iv = _mm256_add_epi32(*acc_iv, _mm256_madd_epi16(p, ones));
                    }
                }
            }
        }
        for (bi, acc) in buf.iter().enumerate().take(nbc) {
            let b = b0 + bi;
            let mut sw = [_mm256_setzero_ps(); NV];
            let mut ws = [_mm256_setzero_ps(); NV];
            for v in 0..NV {
                // SAFETY: meta holds nb*2*NR floats; block b's 2*NR are in bounds.
                unsafe {
                    let m = meta.add(b * 2 * NR + v * 8);
                    sw[v] = _mm256_loadu_ps(m);
                    ws[v] = _mm256_loadu_ps(m.add(NR));
                }
            }
            for (i, (f_i, acc_i)) in f.iter_mut().zip(acc.iter()).enumerate() {
                // SAFETY: i < R and b < nb, inside the R*nb parameter arrays.
                let (s, z) = unsafe { (*xs.add(i * nb + b), *xz.add(i * nb + b)) };
                let vs = _mm256_set1_ps(s);
                let vz = _mm256_set1_ps(z);
                for v in 0..NV {
                    // Exact: |acc| and |z*wsum| are integers < 2^24.
                    let t = _mm256_fnmadd_ps(vz, ws[v], _mm256_cvtepi32_ps(acc_i[v]));
                    f_i[v] = _mm256_fmadd_ps(t, _mm256_mul_ps(vs, sw[v]), f_i[v]);
                }
            }
        }
        b0 += nbc;
    }
    for (i, f_i) in f.iter().enumerate() {
        for (v, &fv) in f_i.iter().enumerate() {
            // SAFETY: bias holds NR floats and the caller guarantees
            // y[i*ldy .. i*ldy+NR] is writable.
            unsafe {
                let bv = _mm256_loadu_ps(bias.add(v * 8));
                _mm256_storeu_ps(y.add(i * ldy + v * 8), _mm256_add_ps(fv, bv));
            }
        }
    }
}

/// Portable micro-kernel, bit-identical to [`kernel_avx2`].
#[allow(clippy::too_many_arguments)]
fn tile_scalar(
    mr: usize,
    xq: &[u8],
    kp: usize,
    xs: &[f32],
    xz: &[f32],
    nb: usize,
    w: &[Group],
    meta: &[f32],
    bias: &[f32],
    y: &mut [f32],
    ldy: usize,
) {
    for i in 0..mr {
        let mut f = [0.0f32; NR];
        for b in 0..nb {
            let mut acc = [0i32; NR];
            let xb = &xq[i * kp + b * KB..i * kp + (b + 1) * KB];
            for g in 0..GPB {
                let xa = &xb[g * 4..g * 4 + 4];
                for (c, a) in acc.iter_mut().enumerate() {
                    let grp = &w[(b * GPB + g) * NV + c / 8].0;
                    let wq = &grp[(c % 8) * 4..(c % 8) * 4 + 4];
                    *a += xa
                        .iter()
                        .zip(wq)
                        .map(|(&u, &s)| i32::from(u) * i32::from(s))
                        .sum::<i32>();
                }
            }
            let m = &meta[b * 2 * NR..(b + 1) * 2 * NR];
            let s = xs[i * nb + b];
            let z = xz[i * nb + b];
            for c in 0..NR {
                // Same exact integer value as the AVX2 fnmadd.
                let t = (acc[c] - (z as i32) * (m[NR + c] as i32)) as f32;
                f[c] = t.mul_add(s * m[c], f[c]);
            }
        }
        for c in 0..NR {
            y[i * ldy + c] = f[c] + bias[c];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SplitMix64 + Box-Muller: deterministic test data without dependencies.
    struct Rng(u64);
    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn uniform(&mut self) -> f64 {
            ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        fn gauss(&mut self) -> f64 {
            let (u, v) = (self.uniform(), self.uniform());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        }
        fn gauss_vec(&mut self, n: usize, sd: f64) -> Vec<f32> {
            (0..n).map(|_| (self.gauss() * sd) as f32).collect()
        }
    }

    fn reference(w: &[f32], b: &[f32], x: &[f32], rows: usize, out: usize, inp: usize) -> Vec<f64> {
        let mut y = vec![0.0f64; rows * out];
        for r in 0..rows {
            for o in 0..out {
                let mut s = f64::from(b[o]);
                for k in 0..inp {
                    s += f64::from(x[r * inp + k]) * f64::from(w[o * inp + k]);
                }
                y[r * out + o] = s;
            }
        }
        y
    }

    fn rel_err(y: &[f32], yr: &[f64]) -> f64 {
        let (mut num, mut den) = (0.0f64, 0.0f64);
        for (&a, &b) in y.iter().zip(yr) {
            num += (f64::from(a) - b).powi(2);
            den += b * b;
        }
        (num / den).sqrt()
    }

    /// Activations with a few large outlier channels, like post-LayerNorm BERT.
    fn make_x(rng: &mut Rng, rows: usize, inp: usize, outliers: bool) -> Vec<f32> {
        let mut x = rng.gauss_vec(rows * inp, 1.0);
        if outliers {
            for r in 0..rows {
                for &c in &[3usize, 41, 300] {
                    if c < inp {
                        x[r * inp + c] *= 20.0;
                    }
                }
            }
        }
        x
    }

    const SHAPES: &[(usize, usize, usize)] = &[
        (1, 384, 384),
        (3, 384, 1536),
        (37, 1536, 384),
        (300, 384, 384),
        (300, 384, 1536),
        (300, 1536, 384),
        (37, 50, 13),
    ];

    #[test]
    fn accuracy_vs_f64_reference() {
        let mut rng = Rng(42);
        for &(rows, inp, out) in SHAPES {
            let w = rng.gauss_vec(out * inp, 0.05);
            let b = rng.gauss_vec(out, 0.1);
            let layer = QuantLinear::new(&w, &b, out, inp).expect("valid layer");
            for kind in ["gaussian", "outliers", "gelu"] {
                let mut x = make_x(&mut rng, rows, inp, kind == "outliers");
                if kind == "gelu" {
                    // Asymmetric, like the FFN down-projection input.
                    for v in &mut x {
                        let t = f64::from(*v);
                        *v = (0.5 * t * (1.0 + (0.797_884_6 * (t + 0.044_715 * t.powi(3))).tanh()))
                            as f32;
                    }
                }
                let mut y = vec![f32::NAN; rows * out];
                layer.forward(&x, rows, &mut y);
                let e = rel_err(&y, &reference(&w, &b, &x, rows, out, inp));
                println!(
                    "rows {rows:4} inp {inp:5} out {out:5} {kind:9}: rel err {:.4}%",
                    e * 100.0
                );
                assert!(e < 0.02, "relative error {e} too large");
            }
        }
    }

    #[test]
    fn accuracy_heavy_tailed_weights() {
        // Student-t(4)-like weights (ratio of gaussians) stress per-block scales.
        let mut rng = Rng(7);
        let (rows, inp, out) = (64, 1536, 384);
        let w: Vec<f32> = (0..out * inp)
            .map(|_| {
                let g = rng.gauss();
                let chi: f64 = (0..4).map(|_| rng.gauss().powi(2)).sum::<f64>() / 4.0;
                (0.05 * g / chi.sqrt()) as f32
            })
            .collect();
        let b = rng.gauss_vec(out, 0.1);
        let layer = QuantLinear::new(&w, &b, out, inp).expect("valid layer");
        let x = make_x(&mut rng, rows, inp, true);
        let mut y = vec![0.0; rows * out];
        layer.forward(&x, rows, &mut y);
        let e = rel_err(&y, &reference(&w, &b, &x, rows, out, inp));
        println!("heavy-tailed weights, outlier x: rel err {:.4}%", e * 100.0);
        assert!(e < 0.03);
    }

    #[test]
    fn simd_and_scalar_bit_identical() {
        if !simd_available() {
            eprintln!("AVX2/FMA not available: only the scalar path exists here");
            return;
        }
        let mut rng = Rng(1);
        let mut shapes = SHAPES.to_vec();
        shapes.extend_from_slice(&[
            (5, 50, 13),
            (2, 64, 16),
            (7, 65, 17),
            (9, 130, 33),
            (4, 1, 1),
        ]);
        for &(rows, inp, out) in &shapes {
            let w = rng.gauss_vec(out * inp, 0.05);
            let b = rng.gauss_vec(out, 0.1);
            let layer = QuantLinear::new(&w, &b, out, inp).expect("valid layer");
            let mut x = make_x(&mut rng, rows, inp, true);
            // Edge cases: an all-zero row, a constant row, an all-negative row.
            if rows >= 4 {
                x[..inp].fill(0.0);
                x[inp..2 * inp].fill(0.75);
                for v in &mut x[2 * inp..3 * inp] {
                    *v = -v.abs() - 0.1;
                }
            }
            let mut y1 = vec![0.0; rows * out];
            let mut y2 = vec![1.0; rows * out];
            layer.forward_impl(&x, rows, &mut y1, true);
            layer.forward_impl(&x, rows, &mut y2, false);
            let same = y1.iter().zip(&y2).all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(same, "simd and scalar differ for shape {rows}x{inp}->{out}");
        }
    }

    #[test]
    fn bad_lengths_are_errors() {
        let w = vec![0.5f32; 6];
        let b = vec![0.0f32; 2];
        assert!(QuantLinear::new(&w, &b, 2, 3).is_ok());
        assert!(QuantLinear::new(&w, &b, 3, 3).is_err());
        assert!(QuantLinear::new(&w, &b, 2, 4).is_err());
        assert!(QuantLinear::new(&w, &b[..1], 2, 3).is_err());
        assert!(QuantLinear::new(&w[..5], &b, 2, 3).is_err());
        assert!(QuantLinear::new(&[], &[], 0, 0).is_err());
        assert!(QuantLinear::new(&w, &b, usize::MAX, 2).is_err());
        let mut bad = w.clone();
        bad[1] = f32::NAN;
        assert!(QuantLinear::new(&bad, &b, 2, 3).is_err());
        let l = QuantLinear::new(&w, &b, 2, 3).expect("valid layer");
        assert_eq!((l.out_features(), l.in_features()), (2, 3));
    }

    #[test]
    fn zero_weights_and_inputs_give_bias() {
        let layer = QuantLinear::new(&[0.0; 20], &[1.0, 2.0, 3.0, 4.0], 4, 5).expect("valid");
        let mut y = vec![9.0; 8];
        layer.forward(&[0.0; 10], 2, &mut y);
        assert_eq!(y, vec![1.0, 2.0, 3.0, 4.0, 1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<QuantLinear>();
    }

    fn gemm_f32(x: &[f32], w: &[f32], y: &mut [f32], rows: usize, inp: usize, out: usize) {
        // SAFETY: all pointers come from slices of exactly the sizes the
        // strides describe (x: rows×inp, W: out×inp read as Wᵀ, y: rows×out).
        unsafe {
            gemm::gemm(
                rows,
                out,
                inp,
                y.as_mut_ptr(),
                1,
                out as isize,
                false,
                x.as_ptr(),
                1,
                inp as isize,
                w.as_ptr(),
                inp as isize,
                1,
                0.0f32,
                1.0f32,
                false,
                false,
                false,
                gemm::Parallelism::None,
            );
        }
    }

    #[test]
    #[ignore]
    fn profile_parts() {
        let rows = 2048;
        let mut rng = Rng(3);
        for &(inp, out) in &[(384usize, 384usize), (384, 1536), (1536, 384)] {
            let w = rng.gauss_vec(out * inp, 0.05);
            let b = vec![0.0f32; out];
            let x = make_x(&mut rng, rows, inp, true);
            let l = QuantLinear::new(&w, &b, out, inp).expect("valid layer");
            let kp = l.nb * KB;
            let mut buf = XBuf::new(rows, kp, l.nb);
            let mut y = vec![0.0f32; rows * out];
            let mut tq = f64::MAX;
            let mut tc = f64::MAX;
            for _ in 0..7 {
                let t = std::time::Instant::now();
                l.quantize_rows(&x, rows, &mut buf, true);
                tq = tq.min(t.elapsed().as_secs_f64());
                let t = std::time::Instant::now();
                l.compute_chunk(rows, &buf, &mut y, &[], true);
                tc = tc.min(t.elapsed().as_secs_f64());
            }
            // In-cache: a 64-row chunk, repeated.
            let m = 64;
            let reps = 50;
            let mut tq2 = f64::MAX;
            let mut tc2 = f64::MAX;
            for _ in 0..5 {
                let t = std::time::Instant::now();
                for _ in 0..reps {
                    l.quantize_rows(&x[..m * inp], m, &mut buf, true);
                }
                tq2 = tq2.min(t.elapsed().as_secs_f64() / reps as f64);
                let t = std::time::Instant::now();
                for _ in 0..reps {
                    l.compute_chunk(m, &buf, &mut y[..m * out], &[], true);
                }
                tc2 = tc2.min(t.elapsed().as_secs_f64() / reps as f64);
            }
            let mut tf = f64::MAX;
            for _ in 0..5 {
                let t = std::time::Instant::now();
                for _ in 0..reps {
                    l.forward(&x[..m * inp], m, &mut y[..m * out]);
                }
                tf = tf.min(t.elapsed().as_secs_f64() / reps as f64);
            }
            println!(
                "{inp}->{out}: in-cache 64 rows: quantize {:.2} Gelem/s, kernel {:.1} GMAC/s, forward {:.1} GMAC/s",
                (m * inp) as f64 / tq2 / 1e9,
                (m * inp * out) as f64 / tc2 / 1e9,
                (m * inp * out) as f64 / tf / 1e9
            );
            let macs = (rows * inp * out) as f64;
            println!(
                "{inp}->{out}: quantize {:.3} ms, compute {:.3} ms = {:.1} GMAC/s (one chunk of all rows)",
                tq * 1e3,
                tc * 1e3,
                macs / tc / 1e9
            );
        }
    }

    /// `cargo test --release -- --ignored --nocapture bench` prints a table.
    #[test]
    #[ignore]
    fn bench_table() {
        let rows = 2048;
        let mut rng = Rng(3);
        const SAMPLES: usize = 15;
        println!("rows={rows}, single thread, best of {SAMPLES} calls each");
        println!("shape        | int8 GMAC/s | gemm f32 GMAC/s | ratio");
        // Spin briefly so that the core is at full clock before the first shape.
        let t = std::time::Instant::now();
        let mut spin = 0u64;
        while t.elapsed().as_millis() < 300 {
            spin = spin.wrapping_add(std::hint::black_box(1));
        }
        std::hint::black_box(spin);
        for &(inp, out) in &[(384usize, 384usize), (384, 1536), (1536, 384)] {
            let w = rng.gauss_vec(out * inp, 0.05);
            let b = vec![0.0f32; out];
            let x = make_x(&mut rng, rows, inp, true);
            let layer = QuantLinear::new(&w, &b, out, inp).expect("valid layer");
            let mut y = vec![0.0f32; rows * out];
            let macs = (rows * inp * out) as f64;
            let mut y2 = vec![0.0f32; rows * out];
            // Warm up both, then interleave the samples so that both see
            // the same background load; keep the best of each.
            layer.forward(&x, rows, &mut y);
            gemm_f32(&x, &w, &mut y2, rows, inp, out);
            let (mut tq, mut tf) = (f64::MAX, f64::MAX);
            for _ in 0..SAMPLES {
                let t = std::time::Instant::now();
                layer.forward(&x, rows, &mut y);
                tq = tq.min(t.elapsed().as_secs_f64());
                let t = std::time::Instant::now();
                gemm_f32(&x, &w, &mut y2, rows, inp, out);
                tf = tf.min(t.elapsed().as_secs_f64());
            }
            let (gq, gf) = (macs / tq / 1e9, macs / tf / 1e9);
            println!(
                "{inp:4} -> {out:4} | {gq:11.1} | {gf:15.1} | {:.2}x",
                gq / gf
            );
        }
    }
}
