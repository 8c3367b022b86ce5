//! The AVX-512 VNNI micro-kernel of [`super::QuantLinear`]: `R` rows × 16 output channels,
//! bit-identical to [`super::tile_scalar`] on either grid.

use std::arch::x86_64::*;

use super::avx2::KernelArgs;
use super::*;

/// One 16-channel panel against `R` rows over all k-blocks. Per block, `vpdpbusd` sums the
/// block's 32 u8·i8 products per (row, channel) into i32 (two accumulators a row, even and
/// odd k-groups, so consecutive multiply-adds do not wait on each other), then the f32 phase
/// applies the zero point and the two scales exactly as the scalar path does.
///
/// # Safety
/// AVX-512 F, BW and VNNI and FMA must be available. The pointers are as for
/// [`super::avx2::kernel_avx2`]: `xq` holds `R` rows of `kp = nb*KB` bytes, `xs`/`xz` `R`
/// rows of `nb` floats, `w` `nb*GPB*NV` groups of 32 bytes, `meta` `nb*2*NR` floats, `bias`
/// `NR` floats, and `y` is writable at `i*ldy .. i*ldy+NR` for `i < R`.
#[target_feature(enable = "avx512f,avx512bw,avx512vnni,avx2,fma")]
pub(super) unsafe fn kernel_vnni<const R: usize>(args: KernelArgs) {
    let (xq, kp, xs, xz, nb, w, meta, bias, y, ldy) = args;
    let mut f = [_mm512_setzero_ps(); R];
    for b in 0..nb {
        // SAFETY (all reads below): b < nb, g + 1 < GPB and i < R keep every offset inside
        // the extents the caller guarantees; a k-group of the panel is 2 × 32 = 64 bytes.
        let wb = w.add(b * GPB * NV * 32);
        let xb = xq.add(b * KB);
        let mut even = [_mm512_setzero_si512(); R];
        let mut odd = [_mm512_setzero_si512(); R];
        for g in (0..GPB).step_by(2) {
            let w0 = _mm512_loadu_si512(wb.add(g * NV * 32) as *const _);
            let w1 = _mm512_loadu_si512(wb.add((g + 1) * NV * 32) as *const _);
            for i in 0..R {
                let p = xb.add(i * kp + g * 4);
                let a0 = _mm512_set1_epi32(std::ptr::read_unaligned(p as *const i32));
                let a1 = _mm512_set1_epi32(std::ptr::read_unaligned(p.add(4) as *const i32));
                even[i] = _mm512_dpbusd_epi32(even[i], a0, w0);
                odd[i] = _mm512_dpbusd_epi32(odd[i], a1, w1);
            }
        }
        let sw = _mm512_loadu_ps(meta.add(b * 2 * NR));
        let ws = _mm512_loadu_ps(meta.add(b * 2 * NR + NR));
        for i in 0..R {
            let s = _mm512_set1_ps(*xs.add(i * nb + b));
            let z = _mm512_set1_ps(*xz.add(i * nb + b));
            let acc = _mm512_add_epi32(even[i], odd[i]);
            // Exact: |acc| and |z*wsum| are integers < 2^24 (32·255·127 at most).
            let t = _mm512_fnmadd_ps(z, ws, _mm512_cvtepi32_ps(acc));
            f[i] = _mm512_fmadd_ps(t, _mm512_mul_ps(s, sw), f[i]);
        }
    }
    let bv = _mm512_loadu_ps(bias);
    for (i, &fi) in f.iter().enumerate() {
        _mm512_storeu_ps(y.add(i * ldy), _mm512_add_ps(fi, bv));
    }
}
