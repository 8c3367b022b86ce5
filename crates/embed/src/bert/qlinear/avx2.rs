//! The AVX2 halves of [`super::QuantLinear`]: activation quantisation and the 4 × 16
//! micro-kernel. Each mirrors a portable function of the parent module bit for bit.

use std::arch::x86_64::*;

use super::*;

/// AVX2 activation quantisation of `nbf` full k-blocks of one row: writes
/// `nbf*KB` bytes to `q` and the per-block scale / zero point to `xs` / `xz`,
/// on the grid `0..=x_max` (127 or 255).
/// Eight blocks are reduced and parametrised at once; every operation is
/// the IEEE equivalent of [`block_params`] / [`quantize_one`].
///
/// # Safety
/// AVX2 must be available; `x` must be readable for `nbf*KB` floats, `q`
/// writable for `nbf*KB` bytes and `xs`, `xz` writable for `nbf` floats.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn quantize_blocks_avx2(
    x: *const f32,
    nbf: usize,
    q: *mut u8,
    xs: *mut f32,
    xz: *mut f32,
    x_max: f32,
) {
    const VPB: usize = KB / 8;
    let perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    let qmax = _mm256_set1_epi8(x_max as u8 as i8);
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
        let s = _mm256_div_ps(_mm256_sub_ps(mx, mn), _mm256_set1_ps(x_max));
        let ok = _mm256_and_ps(
            _mm256_cmp_ps::<_CMP_GE_OQ>(s, _mm256_set1_ps(f32::MIN_POSITIVE)),
            _mm256_cmp_ps::<_CMP_LT_OQ>(s, _mm256_set1_ps(f32::INFINITY)),
        );
        let inv = _mm256_div_ps(_mm256_set1_ps(1.0), s);
        let negmn = _mm256_xor_ps(mn, _mm256_set1_ps(-0.0));
        let z = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(
            _mm256_mul_ps(negmn, inv),
        );
        let z = _mm256_min_ps(_mm256_max_ps(z, zero), _mm256_set1_ps(x_max));
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

/// Checks that all slices are large enough for one tile of `mr` rows
/// (one branch per tile, not per element).
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) fn assert_tile_bounds(tile: &Tile<'_>, y: &mut [f32], ldy: usize) {
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
pub(super) type KernelArgs = (
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
pub(super) unsafe fn kernel_avx2<const R: usize>(args: KernelArgs) {
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
