//! Block-quantised 8-bit linear layer (`y = x·Wᵀ + b`) for CPU inference.
//!
//! Self-contained (only `std`), written for the all-MiniLM-L6-v2 shapes
//! (hidden 384, FFN 1536) but correct for any non-zero shape.
//!
//! # Scheme
//!
//! * The inner dimension `k` is split into blocks of `KB` = 32 values (the
//!   last block is zero padded).
//! * Weights: symmetric, one f32 scale per (output channel, k-block); the
//!   per-block sum of the quantised weights is kept for the zero-point
//!   correction.
//! * Activations: quantised at call time to asymmetric unsigned values with
//!   one scale and zero point per (row, k-block), from the block's min/max
//!   (always including 0).
//! * Two widths ([`Levels`]): 8 bits (weights `-127..=127`, activations
//!   `0..=255`) where the CPU has AVX-512 VNNI, whose `vpdpbusd` sums four
//!   u8·i8 products straight into i32; else 7 bits (`-63..=63`, `0..=127`)
//!   for AVX2, where `|q_x·q_w| <= 127·63`, so four such products (two
//!   `vpmaddubsw` results added with `vpaddw`) stay below 32767: nothing can
//!   saturate, and one `vpmaddwd` widens 64 multiply-adds instead of 32.
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
//! then an f32 phase applies scales and zero points. With AVX-512 VNNI the
//! same tile is one 16-lane `vpdpbusd` accumulator pair per row. Activation
//! quantisation is vectorised too. Everywhere else a portable scalar path is
//! used. All give bit-identical results: the integer part is exact and the
//! floating-point part performs the same IEEE operations in the same order
//! (fused multiply-adds in both).

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(test)]
mod tests;
#[cfg(target_arch = "x86_64")]
mod vnni;

#[cfg(target_arch = "x86_64")]
use self::avx2::{assert_tile_bounds, kernel_avx2, quantize_blocks_avx2};
#[cfg(target_arch = "x86_64")]
use self::vnni::kernel_vnni;

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
/// The quantisation grid: largest weight magnitude and largest activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Levels {
    /// Weights `-63..=63`, activations `0..=127`. Four products `127·63`
    /// sum to 32004 < 32767, so two `vpmaddubsw` results can be added in
    /// i16 before widening with a single `vpmaddwd` (the AVX2 kernel).
    Seven,
    /// Weights `-127..=127`, activations `0..=255`: for `vpdpbusd` (AVX-512
    /// VNNI), which widens to i32 itself. Half the rounding error of
    /// [`Levels::Seven`] on each side.
    Eight,
}

impl Levels {
    /// The widest grid this CPU has a fast kernel for.
    pub fn for_cpu() -> Self {
        if vnni_available() {
            Levels::Eight
        } else {
            Levels::Seven
        }
    }

    fn w_max(self) -> f32 {
        match self {
            Levels::Seven => 63.0,
            Levels::Eight => 127.0,
        }
    }

    fn x_max(self) -> f32 {
        match self {
            Levels::Seven => 127.0,
            Levels::Eight => 255.0,
        }
    }
}

/// Which kernel runs a layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Path {
    Scalar,
    Avx2,
    Vnni,
}
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
    levels: Levels,
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
    /// Quantises and packs a linear layer on the grid this CPU runs fastest
    /// ([`Levels::for_cpu`]).
    ///
    /// `weight` is row-major `[out][inp]` exactly as a PyTorch `nn.Linear`
    /// stores it, `bias` has `out` values. Returns `Err` if the lengths
    /// disagree, a dimension is zero, or a value is not finite.
    #[cfg(test)]
    pub fn new(weight: &[f32], bias: &[f32], out: usize, inp: usize) -> Result<Self, String> {
        Self::with_levels(weight, bias, out, inp, Levels::for_cpu())
    }

    /// [`QuantLinear::new`] on a chosen grid.
    pub fn with_levels(
        weight: &[f32],
        bias: &[f32],
        out: usize,
        inp: usize,
        levels: Levels,
    ) -> Result<Self, String> {
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
                let w_max = levels.w_max();
                let scale = amax / w_max;
                let mut sum = 0i32;
                q.fill(0);
                if scale >= f32::MIN_POSITIVE {
                    for (qi, &v) in q.iter_mut().zip(vals) {
                        let r = (v / scale).round_ties_even().clamp(-w_max, w_max);
                        *qi = r as i8;
                        sum += i32::from(*qi);
                    }
                }
                let m = (p * nb + b) * 2 * NR;
                meta[m + c] = scale;
                // |sum| <= KB*127, exactly representable.
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
            levels,
        })
    }

    /// The grid the layer was quantised on.
    #[cfg(test)]
    pub fn levels(&self) -> Levels {
        self.levels
    }

    /// The fastest kernel for this layer on this CPU.
    fn best_path(&self) -> Path {
        if vnni_available() {
            Path::Vnni
        } else if simd_available() && self.levels == Levels::Seven {
            Path::Avx2
        } else {
            Path::Scalar
        }
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
        self.forward_impl(x, rows, y, self.best_path());
    }

    fn forward_impl(&self, x: &[f32], rows: usize, y: &mut [f32], path: Path) {
        // The AVX2 kernel's i16 sums hold only on the 7-bit grid.
        let path = if path == Path::Avx2 && self.levels != Levels::Seven {
            Path::Scalar
        } else {
            path
        };
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
            self.quantize_rows(xc, m, &mut buf, path != Path::Scalar);
            // The next chunk's activations are prefetched into L2 while
            // this chunk is computed.
            let r1 = r0 + m;
            let next = &x[r1 * self.inp..(r1 + chunk.min(rows - r1)) * self.inp];
            self.compute_chunk(m, &buf, yc, next, path);
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
                        self.levels.x_max(),
                    )
                };
            }
            for b in nbf..nb {
                let vals = &xr[b * KB..((b + 1) * KB).min(self.inp)];
                let (mn, mx) = vals
                    .iter()
                    .fold((0.0f32, 0.0f32), |(a, b), &v| (a.min(v), b.max(v)));
                let x_max = self.levels.x_max();
                let (s, inv, z) = block_params(mn, mx, x_max);
                sr[b] = s;
                zr[b] = z;
                let q = &mut qr[b * KB..(b + 1) * KB];
                q.fill(0);
                for (qi, &v) in q.iter_mut().zip(vals) {
                    *qi = quantize_one(v, inv, z, x_max);
                }
            }
        }
    }

    /// Computes `m` output rows from the quantised rows in `buf`, while
    /// prefetching `next` (the following chunk's activations).
    fn compute_chunk(&self, m: usize, buf: &XBuf, y: &mut [f32], next: &[f32], path: Path) {
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
                    let inputs = Tile {
                        mr,
                        xq: xrows,
                        kp,
                        xs: srows,
                        xz: zrows,
                        nb,
                        w: wp,
                        meta,
                        bias,
                    };
                    let run = |out: &mut [f32], ld: usize| match path {
                        Path::Scalar => tile_scalar(&inputs, out, ld),
                        Path::Avx2 | Path::Vnni => tile_simd(&inputs, out, ld, path),
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
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T1 }>(
                    self.data.as_ptr().add(i) as *const i8,
                )
            };
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

/// Whether the AVX-512 VNNI kernel can be used on this machine.
fn vnni_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        simd_available()
            && crate::bert::avx512_allowed()
            && is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Scale and zero point for a block with minimum `mn` and maximum `mx` on a
/// grid of `0..=x_max` (shared by all paths so they agree bit for bit).
/// Returns `(scale, 1/scale, zero_point)`.
#[inline]
fn block_params(mn: f32, mx: f32, x_max: f32) -> (f32, f32, f32) {
    let mn = mn.min(0.0);
    let mx = mx.max(0.0);
    let s = (mx - mn) / x_max;
    if s >= f32::MIN_POSITIVE && s.is_finite() {
        let inv = 1.0 / s;
        let z = (-mn * inv).round_ties_even().clamp(0.0, x_max);
        (s, inv, z)
    } else {
        // All zeros (or degenerate input): every value quantises to 0.
        (0.0, 0.0, 0.0)
    }
}

/// Quantises one value; must match the AVX2 sequence exactly
/// (`mul`, `add`, round-to-nearest-even, saturating pack to `0..=255`,
/// then `min` with `x_max`).
#[inline]
fn quantize_one(v: f32, inv: f32, z: f32, x_max: f32) -> u8 {
    let t = (v * inv + z).round_ties_even();
    // `as i32` saturates (NaN -> 0), then clamp like packs/packus/min.
    (t as i32).clamp(0, x_max as i32) as u8
}

/// The inputs of one tile: `mr` rows of quantised activations (`xq`, `kp` bytes a row, with
/// `nb` block scales `xs` and zero points `xz` a row) against one group of 16 output channels
/// (`w`, their block scales and weight sums `meta`, and `bias`).
#[derive(Clone, Copy)]
struct Tile<'a> {
    mr: usize,
    xq: &'a [u8],
    kp: usize,
    xs: &'a [f32],
    xz: &'a [f32],
    nb: usize,
    w: &'a [Group],
    meta: &'a [f32],
    bias: &'a [f32],
}

/// Dispatches one tile to the AVX2 or VNNI micro-kernel (only called when
/// [`simd_available`], respectively [`vnni_available`], returned true).
#[inline]
fn tile_simd(tile: &Tile<'_>, y: &mut [f32], ldy: usize, path: Path) {
    let Tile {
        mr,
        xq,
        kp,
        xs,
        xz,
        nb,
        w,
        meta,
        bias,
    } = *tile;
    #[cfg(target_arch = "x86_64")]
    {
        assert_tile_bounds(tile, y, ldy);
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
        // SAFETY: callers only pass `Path::Avx2` when AVX2 and FMA were
        // detected and `Path::Vnni` when AVX-512 F/BW/VNNI were too; the
        // slice lengths were checked by `assert_tile_bounds`, which is
        // exactly what the kernels read and write.
        unsafe {
            match (path, mr) {
                (Path::Vnni, 4) => kernel_vnni::<4>(args),
                (Path::Vnni, 3) => kernel_vnni::<3>(args),
                (Path::Vnni, 2) => kernel_vnni::<2>(args),
                (Path::Vnni, _) => kernel_vnni::<1>(args),
                (_, 4) => kernel_avx2::<4>(args),
                (_, 3) => kernel_avx2::<3>(args),
                (_, 2) => kernel_avx2::<2>(args),
                _ => kernel_avx2::<1>(args),
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = path;
        tile_scalar(tile, y, ldy);
    }
}

/// Portable micro-kernel, bit-identical to [`kernel_avx2`].
fn tile_scalar(tile: &Tile<'_>, y: &mut [f32], ldy: usize) {
    let Tile {
        mr,
        xq,
        kp,
        xs,
        xz,
        nb,
        w,
        meta,
        bias,
    } = *tile;
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
