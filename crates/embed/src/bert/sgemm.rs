//! f32 matrix products for the linear layers on AVX2 + FMA: `C += A · B` with `A` row-major
//! (tokens × K, read in place), `B` packed once at load time into panels of 16 columns, and a
//! 6 × 16 register-blocked micro-kernel. Other CPUs use the `gemm` crate.
//!
//! Loop order: for each 16-column panel of `B` (K × 16 values, in L1 for K = 384 and in L2 for
//! K = 1536), run down the rows of `A` six at a time, so the panel is read from cache while `A`
//! streams through with six sequential reads.

/// Columns per packed panel (two AVX registers).
pub(crate) const NR: usize = 16;
/// Rows per micro-kernel call.
const MR: usize = 6;

/// `B` (K × N, row-major) in panels of [`NR`] columns: panel `p` holds rows 0..K of columns
/// `p·NR .. p·NR+NR`, zero-padded past N.
pub(crate) struct PackedB {
    pub(crate) k: usize,
    pub(crate) n: usize,
    data: Vec<f32>,
}

impl PackedB {
    /// Packs a row-major K × N matrix.
    pub(crate) fn new(b: &[f32], k: usize, n: usize) -> Self {
        let mut packed = PackedB::empty();
        packed.pack(k, n, |row, col| b[row * n + col]);
        packed
    }

    /// No matrix yet; [`PackedB::pack`] fills it (reusing its buffer).
    pub(crate) fn empty() -> Self {
        PackedB {
            k: 0,
            n: 0,
            data: Vec::new(),
        }
    }

    /// Packs the K × N matrix stored row by row in `src`, `stride` values apart.
    pub(crate) fn pack_rows(&mut self, k: usize, n: usize, src: &[f32], stride: usize) {
        self.reset(k, n);
        for p in 0..n.div_ceil(NR) {
            let cols = NR.min(n - p * NR);
            let panel = &mut self.data[p * k * NR..(p + 1) * k * NR];
            for (row, dst) in panel.chunks_exact_mut(NR).enumerate() {
                let src = &src[row * stride + p * NR..];
                if cols == NR {
                    // A constant length: an inline 64-byte copy, not a call.
                    dst.copy_from_slice(&src[..NR]);
                } else {
                    dst[..cols].copy_from_slice(&src[..cols]);
                }
            }
        }
    }

    /// Packs the K × N matrix whose columns are stored one after another in `src`, `stride`
    /// values apart (the transpose of what [`PackedB::pack_rows`] reads).
    pub(crate) fn pack_columns(&mut self, k: usize, n: usize, src: &[f32], stride: usize) {
        self.reset(k, n);
        for col in 0..n {
            let (p, j) = (col / NR, col % NR);
            let column = &src[col * stride..][..k];
            let panel = &mut self.data[p * k * NR..(p + 1) * k * NR];
            for (dst, &v) in panel.chunks_exact_mut(NR).zip(column) {
                dst[j] = v;
            }
        }
    }

    fn reset(&mut self, k: usize, n: usize) {
        self.k = k;
        self.n = n;
        self.data.clear();
        self.data.resize(n.div_ceil(NR) * k * NR, 0.0);
    }

    /// Packs the K × N matrix whose value at (row, col) is `value(row, col)`.
    pub(crate) fn pack(&mut self, k: usize, n: usize, value: impl Fn(usize, usize) -> f32) {
        let panels = n.div_ceil(NR);
        self.k = k;
        self.n = n;
        self.data.clear();
        self.data.resize(panels * k * NR, 0.0);
        for p in 0..panels {
            let cols = NR.min(n - p * NR);
            for row in 0..k {
                let out = &mut self.data[(p * k + row) * NR..][..cols];
                for (col, o) in out.iter_mut().enumerate() {
                    *o = value(row, p * NR + col);
                }
            }
        }
    }

    /// The unpacked value at (row, col), for the portable path.
    fn get(&self, row: usize, col: usize) -> f32 {
        self.data[((col / NR) * self.k + row) * NR + col % NR]
    }
}

/// The loop the blocked products share: for each panel of `NR` columns of B (`b = (start,
/// elements per panel)`), for each block of `MR` rows of packed A (`a = (start, elements per
/// block)`), `kernel(a block, panel, panel index, C tile, ldc)`, C being m × n with rows
/// `ldc` apart. Tiles at the bottom or right edge of C go
/// through a full-size scratch tile; the packed A block must be zero past the last row and the
/// panel past the last column, so the spare rows and columns stay harmless.
///
/// # Safety
/// `a` must hold `ceil(m / MR)` blocks, `b` `ceil(n / NR)` panels, `c` m rows, and
/// `kernel` may read and write only one block, one panel and an `MR` × `NR` tile of C.
#[inline(always)]
pub(crate) unsafe fn tiles<A, B, const MR: usize, const NR: usize>(
    m: usize,
    n: usize,
    (a, a_block): (*const A, usize),
    (b, b_panel): (*const B, usize),
    c: *mut f32,
    ldc: usize,
    mut kernel: impl FnMut(*const A, *const B, usize, *mut f32, usize),
) {
    for p in 0..n.div_ceil(NR) {
        let panel = b.add(p * b_panel);
        let cols = NR.min(n - p * NR);
        for block in 0..m.div_ceil(MR) {
            let rows = MR.min(m - block * MR);
            let a_at = a.add(block * a_block);
            let c_at = c.add(block * MR * ldc + p * NR);
            if rows == MR && cols == NR {
                kernel(a_at, panel, p, c_at, ldc);
                continue;
            }
            let mut tile = [[0.0f32; NR]; MR];
            for (i, row) in tile.iter_mut().enumerate().take(rows) {
                for (j, v) in row.iter_mut().enumerate().take(cols) {
                    *v = *c_at.add(i * ldc + j);
                }
            }
            kernel(a_at, panel, p, tile.as_mut_ptr() as *mut f32, NR);
            for (i, row) in tile.iter().enumerate().take(rows) {
                for (j, v) in row.iter().enumerate().take(cols) {
                    *c_at.add(i * ldc + j) = *v;
                }
            }
        }
    }
}

/// `c += a · b` for `m` rows: `a` is m × K row-major, `c` is m × N row-major.
pub(crate) fn gemm_acc(a: &[f32], b: &PackedB, c: &mut [f32], m: usize) {
    gemm_acc_strided(a, b.k, b, c, b.n, m);
}

/// [`gemm_acc`] on rows that lie apart: row i of `a` starts at `i·lda`, row i of `c` at
/// `i·ldc` (so a product can read and write columns of wider matrices in place).
pub(crate) fn gemm_acc_strided(
    a: &[f32],
    lda: usize,
    b: &PackedB,
    c: &mut [f32],
    ldc: usize,
    m: usize,
) {
    assert!(
        lda >= b.k
            && ldc >= b.n
            && (m == 0 || (a.len() >= (m - 1) * lda + b.k && c.len() >= (m - 1) * ldc + b.n)),
        "gemm_acc: buffers too short"
    );
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above); the lengths were
        // asserted above and `avx2::gemm_acc` indexes only within them.
        unsafe { avx2::gemm_acc(a, lda, b, c, ldc, m) };
        return;
    }
    portable(a, lda, b, c, ldc, m);
}

/// The same product through the `gemm` crate (any CPU).
fn portable(a: &[f32], lda: usize, b: &PackedB, c: &mut [f32], ldc: usize, m: usize) {
    let (k, n) = (b.k, b.n);
    let mut plain = vec![0.0f32; k * n];
    for row in 0..k {
        for col in 0..n {
            plain[row * n + col] = b.get(row, col);
        }
    }
    // SAFETY: `a` holds m rows of k values `lda` apart, `plain` k × n values and `c` m rows
    // of n values `ldc` apart (asserted by the caller), and `c` aliases neither input.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            ldc as isize,
            true,
            a.as_ptr(),
            1,
            lda as isize,
            plain.as_ptr(),
            1,
            n as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{PackedB, MR, NR};

    thread_local! {
        static A_PACKED: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// # Safety
    /// The CPU must support AVX2 and FMA; `a` must hold m rows of b.k values `lda` apart and
    /// `c` m rows of b.n values `ldc` apart.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn gemm_acc(
        a: &[f32],
        lda: usize,
        b: &PackedB,
        c: &mut [f32],
        ldc: usize,
        m: usize,
    ) {
        let (k, n) = (b.k, b.n);
        // `a` packed in blocks of six rows, interleaved along K (value (i, kk) of a block at
        // kk·6 + i), so the kernel's six broadcasts per step read one running pointer. The
        // buffer is taken out of the thread-local for the call (a closure would not inherit
        // this function's target features).
        let mut packed = A_PACKED.with(|cell| std::mem::take(&mut *cell.borrow_mut()));
        let blocks = m.div_ceil(MR);
        packed.clear();
        packed.resize(blocks * k * MR, 0.0);
        for (block, dst) in packed.chunks_exact_mut(k * MR).enumerate() {
            for i in 0..MR.min(m - block * MR) {
                let src = &a[(block * MR + i) * lda..][..k];
                for (kk, &v) in src.iter().enumerate() {
                    dst[kk * MR + i] = v;
                }
            }
        }
        let (a_ptr, b_ptr) = (packed.as_ptr(), b.data.as_ptr());
        super::tiles::<f32, f32, MR, NR>(
            m,
            n,
            (a_ptr, k * MR),
            (b_ptr, k * NR),
            c.as_mut_ptr(),
            ldc,
            |a, panel, _, c, ldc| kernel6(k, a, panel, c, ldc),
        );
        A_PACKED.with(|cell| *cell.borrow_mut() = packed);
    }

    /// Six rows × 16 columns: twelve accumulators in registers, two panel loads and six
    /// broadcasts per step of K.
    #[inline(always)]
    unsafe fn kernel6(k: usize, a: *const f32, panel: *const f32, c: *mut f32, ldc: usize) {
        let row = |i: usize| c.add(i * ldc);
        let (mut c00, mut c01) = (_mm256_loadu_ps(row(0)), _mm256_loadu_ps(row(0).add(8)));
        let (mut c10, mut c11) = (_mm256_loadu_ps(row(1)), _mm256_loadu_ps(row(1).add(8)));
        let (mut c20, mut c21) = (_mm256_loadu_ps(row(2)), _mm256_loadu_ps(row(2).add(8)));
        let (mut c30, mut c31) = (_mm256_loadu_ps(row(3)), _mm256_loadu_ps(row(3).add(8)));
        let (mut c40, mut c41) = (_mm256_loadu_ps(row(4)), _mm256_loadu_ps(row(4).add(8)));
        let (mut c50, mut c51) = (_mm256_loadu_ps(row(5)), _mm256_loadu_ps(row(5).add(8)));
        let mut a = a;
        let mut b = panel;
        for _ in 0..k {
            let b0 = _mm256_loadu_ps(b);
            let b1 = _mm256_loadu_ps(b.add(8));
            let x = _mm256_broadcast_ss(&*a);
            c00 = _mm256_fmadd_ps(x, b0, c00);
            c01 = _mm256_fmadd_ps(x, b1, c01);
            let x = _mm256_broadcast_ss(&*a.add(1));
            c10 = _mm256_fmadd_ps(x, b0, c10);
            c11 = _mm256_fmadd_ps(x, b1, c11);
            let x = _mm256_broadcast_ss(&*a.add(2));
            c20 = _mm256_fmadd_ps(x, b0, c20);
            c21 = _mm256_fmadd_ps(x, b1, c21);
            let x = _mm256_broadcast_ss(&*a.add(3));
            c30 = _mm256_fmadd_ps(x, b0, c30);
            c31 = _mm256_fmadd_ps(x, b1, c31);
            let x = _mm256_broadcast_ss(&*a.add(4));
            c40 = _mm256_fmadd_ps(x, b0, c40);
            c41 = _mm256_fmadd_ps(x, b1, c41);
            let x = _mm256_broadcast_ss(&*a.add(5));
            c50 = _mm256_fmadd_ps(x, b0, c50);
            c51 = _mm256_fmadd_ps(x, b1, c51);
            a = a.add(MR);
            b = b.add(NR);
        }
        for (i, (lo, hi)) in [
            (c00, c01),
            (c10, c11),
            (c20, c21),
            (c30, c31),
            (c40, c41),
            (c50, c51),
        ]
        .into_iter()
        .enumerate()
        {
            _mm256_storeu_ps(row(i), lo);
            _mm256_storeu_ps(row(i).add(8), hi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(m: usize, k: usize, n: usize) {
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 7 % 13) as f32 - 6.0) / 5.0)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 5 % 11) as f32 - 5.0) / 7.0)
            .collect();
        let c0: Vec<f32> = (0..m * n).map(|i| (i % 3) as f32).collect();
        let packed = PackedB::new(&b, k, n);
        let mut fast = c0.clone();
        gemm_acc(&a, &packed, &mut fast, m);
        let mut slow = c0.clone();
        portable(&a, k, &packed, &mut slow, n, m);
        for i in 0..m {
            for j in 0..n {
                let want: f64 = c0[i * n + j] as f64
                    + (0..k)
                        .map(|t| a[i * k + t] as f64 * b[t * n + j] as f64)
                        .sum::<f64>();
                for (what, got) in [("fast", fast[i * n + j]), ("portable", slow[i * n + j])] {
                    assert!(
                        (got as f64 - want).abs() < 1e-3,
                        "{what} {m}x{k}x{n} at ({i},{j}): {got} vs {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn strided_product_reads_and_writes_columns_in_place() {
        // A is columns 3..8 of a 9 × 11 matrix, C columns 2..6 of a 9 × 10 matrix.
        let (m, k, n, lda, ldc) = (9, 5, 4, 11, 10);
        let wide_a: Vec<f32> = (0..m * lda).map(|i| (i % 7) as f32 - 3.0).collect();
        let b: Vec<f32> = (0..k * n).map(|i| (i % 5) as f32 * 0.5).collect();
        let packed = PackedB::new(&b, k, n);
        let mut wide_c = vec![1.0f32; m * ldc];
        gemm_acc_strided(&wide_a[3..], lda, &packed, &mut wide_c[2..], ldc, m);
        for i in 0..m {
            for j in 0..ldc {
                let want = if (2..2 + n).contains(&j) {
                    1.0 + (0..k)
                        .map(|t| wide_a[i * lda + 3 + t] * b[t * n + j - 2])
                        .sum::<f32>()
                } else {
                    1.0
                };
                assert!((wide_c[i * ldc + j] - want).abs() < 1e-4, "({i},{j})");
            }
        }
    }

    #[test]
    fn matches_a_plain_product_on_full_and_edge_tiles() {
        check(12, 384, 32);
        check(7, 50, 13);
        check(1, 3, 1);
        check(6, 1536, 16);
        check(13, 20, 40);
    }
}
