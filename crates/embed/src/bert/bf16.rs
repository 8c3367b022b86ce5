//! bf16 matrix products for linear layers on CPUs with AVX-512 BF16 (`vdpbf16ps`): twice the
//! multiply-adds of an f32 FMA per instruction, f32 accumulation.
//!
//! `C += A · B`: `B` (K × N) is rounded to bf16 once at load time and packed into panels of
//! [`NR`] = 32 columns, each step of a panel holding two consecutive K values of every column
//! side by side (one 32-bit lane = one column's pair, as `vdpbf16ps` multiplies them). `A` is
//! rounded to bf16 at call time and packed in blocks of [`MR`] rows, interleaved along K, so
//! the kernel's broadcasts read one running pointer. The kernel is 8 rows × 32 columns:
//! sixteen accumulators, two panel loads and eight broadcasts per pair of K values.
//!
//! Rounding is to nearest even, as the conversion instructions do. A bf16 keeps 8 significant
//! bits, so each product is exact in f32 and the relative error of an input is at most 2⁻⁸;
//! [`reference`] computes the same rounded product in plain Rust for the tests.

/// Columns per packed panel (two 16-lane vectors).
pub(crate) const NR: usize = 32;
/// Rows per micro-kernel call.
pub(crate) const MR: usize = 8;

/// Whether this CPU runs the bf16 kernel (AVX-512 F, BW and BF16, not turned off by
/// `CORROBORATE_SIMD=avx2`).
pub(crate) fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        super::avx512_allowed()
            && std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512bf16")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// f32 → bf16 bits, rounding to nearest even (NaN stays NaN).
#[inline]
pub(crate) fn to_bf16(v: f32) -> u16 {
    let bits = v.to_bits();
    if v.is_nan() {
        return ((bits >> 16) | 0x40) as u16;
    }
    let round = 0x7FFF + ((bits >> 16) & 1);
    (bits.wrapping_add(round) >> 16) as u16
}

/// bf16 bits → f32 (exact).
#[cfg(test)]
#[inline]
pub(crate) fn from_bf16(v: u16) -> f32 {
    f32::from_bits(u32::from(v) << 16)
}

/// `B` (K × N) in bf16, packed for the kernel: panel `p`, pair `j`, column `c` is the 32-bit
/// word `data[(p·pairs + j)·NR + c]` holding B[2j][p·NR + c] (low half) and B[2j+1][…] (high
/// half); zero past K and N.
pub(crate) struct Bf16Matrix {
    pub(crate) k: usize,
    pub(crate) n: usize,
    pairs: usize,
    data: Vec<u32>,
}

impl Bf16Matrix {
    /// Rounds and packs a row-major K × N matrix.
    pub(crate) fn new(b: &[f32], k: usize, n: usize) -> Self {
        assert!(
            b.len() >= k * n,
            "Bf16Matrix: {} values for {k}×{n}",
            b.len()
        );
        let pairs = k.div_ceil(2);
        let panels = n.div_ceil(NR);
        let mut data = vec![0u32; panels * pairs * NR];
        let at = |row: usize, col: usize| {
            if row < k {
                u32::from(to_bf16(b[row * n + col]))
            } else {
                0
            }
        };
        for p in 0..panels {
            for col in p * NR..n.min(p * NR + NR) {
                for j in 0..pairs {
                    data[(p * pairs + j) * NR + col - p * NR] =
                        at(2 * j, col) | at(2 * j + 1, col) << 16;
                }
            }
        }
        Bf16Matrix { k, n, pairs, data }
    }

    /// The rounded value at (row, col).
    #[cfg(test)]
    pub(crate) fn get(&self, row: usize, col: usize) -> f32 {
        let (p, c) = (col / NR, col % NR);
        let word = self.data[(p * self.pairs + row / 2) * NR + c];
        from_bf16(if row.is_multiple_of(2) {
            word as u16
        } else {
            (word >> 16) as u16
        })
    }
}

/// `c = bias + a · b` (every row of `c` overwritten) when `bias` is given, else `c += a · b`,
/// for `m` rows (`a`: m × K row-major f32, rounded to bf16 here; `c`: m × N row-major; `bias`:
/// N values padded with anything to a multiple of [`NR`]). Only call when [`available`] is
/// true.
pub(crate) fn gemm_acc(a: &[f32], b: &Bf16Matrix, c: &mut [f32], m: usize, bias: Option<&[f32]>) {
    assert!(
        a.len() >= m * b.k
            && c.len() >= m * b.n
            && bias.is_none_or(|bias| bias.len() >= b.n.next_multiple_of(NR)),
        "bf16::gemm_acc: buffers too short"
    );
    assert!(available(), "bf16::gemm_acc: the CPU lacks AVX-512 BF16");
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the CPU supports AVX-512 F/BW/BF16 (asserted above) and the lengths were
    // asserted above; `avx512::gemm_acc` indexes only within them.
    unsafe {
        avx512::gemm_acc(a, b, c, m, bias.map_or(std::ptr::null(), <[f32]>::as_ptr))
    };
}

#[cfg(test)]
/// The same product in plain Rust: both inputs rounded to bf16, products summed in f64.
pub(crate) fn reference(a: &[f32], b: &Bf16Matrix, c: &mut [f32], m: usize) {
    let (k, n) = (b.k, b.n);
    for i in 0..m {
        for col in 0..n {
            let mut s = f64::from(c[i * n + col]);
            for t in 0..k {
                let x = from_bf16(to_bf16(a[i * k + t]));
                s += f64::from(x) * f64::from(b.get(t, col));
            }
            c[i * n + col] = s as f32;
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use std::arch::x86_64::*;

    use super::super::sgemm::tiles;
    use super::{to_bf16, Bf16Matrix, MR, NR};

    thread_local! {
        static A_PACKED: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// # Safety
    /// The CPU must support AVX-512 F, BW and BF16; `a` must hold m × b.k and `c` m × b.n
    /// values, and `bias`, when not null, b.n values rounded up to a multiple of NR.
    #[target_feature(enable = "avx512f,avx512bw,avx512bf16")]
    pub(super) unsafe fn gemm_acc(
        a: &[f32],
        b: &Bf16Matrix,
        c: &mut [f32],
        m: usize,
        bias: *const f32,
    ) {
        let (k, n, pairs) = (b.k, b.n, b.pairs);
        let blocks = m.div_ceil(MR);
        // `a` in bf16 pairs, blocks of MR rows interleaved along K: pair j of row i of a
        // block at j·MR + i. Taken out of the thread-local for the call.
        let mut packed = A_PACKED.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        packed.clear();
        packed.resize(blocks * pairs * MR, 0);
        let mut row_pairs = vec![0u32; pairs];
        for (block, dst) in packed.chunks_exact_mut(pairs * MR).enumerate() {
            for i in 0..MR.min(m - block * MR) {
                let src = &a[(block * MR + i) * k..(block * MR + i + 1) * k];
                convert_row(src, &mut row_pairs);
                for (j, &w) in row_pairs.iter().enumerate() {
                    dst[j * MR + i] = w;
                }
            }
        }
        let (a_ptr, b_ptr) = (packed.as_ptr(), b.data.as_ptr());
        let (a_block, b_panel) = (pairs * MR, pairs * NR);
        tiles::<u32, u32, MR, NR>(
            m,
            n,
            (a_ptr, a_block),
            (b_ptr, b_panel),
            c.as_mut_ptr(),
            n,
            |a, panel, p, c, ldc| {
                let init = if bias.is_null() {
                    bias
                } else {
                    bias.add(p * NR)
                };
                kernel(pairs, a, panel, c, ldc, init)
            },
        );
        A_PACKED.with(|cell| *cell.borrow_mut() = packed);
    }

    /// One row of f32 to bf16 pairs (`out[j]` = row[2j] low, row[2j+1] high), 32 values at a
    /// time with `vcvtne2ps2bf16`, the tail in plain code (same rounding).
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512bf16")]
    fn convert_row(row: &[f32], out: &mut [u32]) {
        let full = row.len() / 32;
        for (chunk, dst) in row.chunks_exact(32).zip(out.chunks_exact_mut(16)) {
            // SAFETY: `chunk` holds 32 floats and `dst` 16 words.
            unsafe {
                let lo = _mm512_loadu_ps(chunk.as_ptr());
                let hi = _mm512_loadu_ps(chunk.as_ptr().add(16));
                let v: __m512i = std::mem::transmute(_mm512_cvtne2ps_pbh(hi, lo));
                _mm512_storeu_si512(dst.as_mut_ptr() as *mut _, v);
            }
        }
        let tail = &row[full * 32..];
        for (j, w) in out[full * 16..].iter_mut().enumerate() {
            let lo = tail.get(2 * j).map_or(0, |&v| to_bf16(v));
            let hi = tail.get(2 * j + 1).map_or(0, |&v| to_bf16(v));
            *w = u32::from(lo) | u32::from(hi) << 16;
        }
    }

    /// Eight rows × 32 columns over `pairs` pairs of K: sixteen accumulators, starting from
    /// `init` (32 values, the same for every row) or, when it is null, from C.
    #[inline]
    #[target_feature(enable = "avx512f,avx512bw,avx512bf16")]
    unsafe fn kernel(
        pairs: usize,
        a: *const u32,
        panel: *const u32,
        c: *mut f32,
        ldc: usize,
        init: *const f32,
    ) {
        let mut acc = [[_mm512_setzero_ps(); 2]; MR];
        for (i, row) in acc.iter_mut().enumerate() {
            let from = if init.is_null() { c.add(i * ldc) } else { init };
            row[0] = _mm512_loadu_ps(from);
            row[1] = _mm512_loadu_ps(from.add(16));
        }
        let mut a = a;
        let mut b = panel;
        for _ in 0..pairs {
            let b0: __m512bh = std::mem::transmute(_mm512_loadu_si512(b as *const _));
            let b1: __m512bh = std::mem::transmute(_mm512_loadu_si512(b.add(16) as *const _));
            for (i, row) in acc.iter_mut().enumerate() {
                let x: __m512bh = std::mem::transmute(_mm512_set1_epi32(*a.add(i) as i32));
                row[0] = _mm512_dpbf16_ps(row[0], x, b0);
                row[1] = _mm512_dpbf16_ps(row[1], x, b1);
            }
            a = a.add(MR);
            b = b.add(NR);
        }
        for (i, row) in acc.iter().enumerate() {
            _mm512_storeu_ps(c.add(i * ldc), row[0]);
            _mm512_storeu_ps(c.add(i * ldc + 16), row[1]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_to_nearest_even() {
        assert_eq!(from_bf16(to_bf16(1.0)), 1.0);
        // 1 + 2⁻⁸ is halfway between 1 and 1 + 2⁻⁷: ties to the even mantissa (1.0).
        assert_eq!(from_bf16(to_bf16(1.0 + 1.0 / 256.0)), 1.0);
        assert_eq!(from_bf16(to_bf16(1.0 + 3.0 / 256.0)), 1.0 + 4.0 / 256.0);
        assert_eq!(from_bf16(to_bf16(-2.5)), -2.5);
        assert!(from_bf16(to_bf16(f32::NAN)).is_nan());
        for v in [0.1f32, 3.7, -1234.5, 1e-3] {
            assert!(((from_bf16(to_bf16(v)) - v) / v).abs() <= 1.0 / 256.0);
        }
    }

    fn check(m: usize, k: usize, n: usize) {
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 7 % 13) as f32 - 6.1) / 5.3)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 5 % 11) as f32 - 5.2) / 7.9)
            .collect();
        let c0: Vec<f32> = (0..m * n).map(|i| (i % 3) as f32).collect();
        let packed = Bf16Matrix::new(&b, k, n);
        let mut want = c0.clone();
        reference(&a, &packed, &mut want, m);
        // The rounded product is close to the f32 one…
        for i in 0..m {
            for j in 0..n {
                let exact: f32 =
                    c0[i * n + j] + (0..k).map(|t| a[i * k + t] * b[t * n + j]).sum::<f32>();
                let scale: f32 = (0..k)
                    .map(|t| (a[i * k + t] * b[t * n + j]).abs())
                    .sum::<f32>()
                    + 1.0;
                assert!((want[i * n + j] - exact).abs() <= scale * 8e-3, "({i},{j})");
            }
        }
        if !available() {
            return;
        }
        // …and the kernel computes exactly that rounded product, up to f32 summation order.
        let mut got = c0.clone();
        gemm_acc(&a, &packed, &mut got, m, None);
        // With a bias the old values of c do not count.
        let bias: Vec<f32> = (0..n.next_multiple_of(NR))
            .map(|j| (j % 3) as f32)
            .collect();
        let mut fresh = vec![f32::NAN; m * n];
        gemm_acc(&a, &packed, &mut fresh, m, Some(&bias));
        let mut rows_of_bias: Vec<f32> = (0..m * n).map(|i| bias[i % n]).collect();
        gemm_acc(&a, &packed, &mut rows_of_bias, m, None);
        let same = fresh
            .iter()
            .zip(&rows_of_bias)
            .all(|(x, y)| x.to_bits() == y.to_bits());
        assert!(
            same,
            "{m}x{k}x{n}: starting from the bias differs from adding to it"
        );
        for i in 0..m {
            for j in 0..n {
                let (g, w) = (got[i * n + j], want[i * n + j]);
                assert!(
                    (g - w).abs() <= 1e-5 * (1.0 + w.abs()) * (k as f32).sqrt(),
                    "{m}x{k}x{n} at ({i},{j}): {g} vs {w}"
                );
            }
        }
    }

    #[test]
    fn kernel_matches_the_rounded_product_on_full_and_edge_tiles() {
        check(16, 384, 64);
        check(9, 384, 1152);
        check(7, 51, 13);
        check(1, 3, 1);
        check(13, 1536, 40);
    }
}
