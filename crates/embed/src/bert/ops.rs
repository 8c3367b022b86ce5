//! The numeric pieces of a BERT layer on row-major f32 buffers: linear layers, layer norm,
//! GELU, and attention over packed sequences.

use super::sgemm::{gemm_acc, PackedB};

/// Runs `$body` compiled for AVX2 + FMA when the CPU has them, else as plain code. The body
/// is the same either way; the wider instructions come from auto-vectorisation.
macro_rules! with_avx2 {
    ($name:ident, fn($($arg:ident: $ty:ty),*) $body:block) => {{
        #[inline(always)]
        fn body($($arg: $ty),*) $body
        #[cfg(target_arch = "x86_64")]
        {
            #[target_feature(enable = "avx2,fma")]
            unsafe fn $name($($arg: $ty),*) {
                body($($arg),*)
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: the CPU supports AVX2 and FMA (checked just above); the function
                // is otherwise ordinary safe code.
                return unsafe { $name($($arg),*) };
            }
        }
        body($($arg),*)
    }};
}

/// `x · Wᵀ + b`, with `Wᵀ` packed for [`gemm_acc`].
pub(crate) struct Linear {
    pub(crate) inp: usize,
    pub(crate) out: usize,
    w_t: PackedB,
    bias: Vec<f32>,
}

impl Linear {
    /// From PyTorch's layout: `weight` is `out × inp`, row-major.
    pub(crate) fn new(weight: &[f32], bias: Vec<f32>, out: usize, inp: usize) -> Self {
        let mut w_t = vec![0.0; inp * out];
        for (o, row) in weight.chunks_exact(inp).enumerate() {
            for (i, &w) in row.iter().enumerate() {
                w_t[i * out + o] = w;
            }
        }
        Linear {
            inp,
            out,
            w_t: PackedB::new(&w_t, inp, out),
            bias,
        }
    }

    /// `y = x · Wᵀ + b (+ y when accumulate)` for `rows` rows.
    pub(crate) fn forward(&self, x: &[f32], rows: usize, y: &mut [f32], accumulate: bool) {
        let out = self.out;
        for row in y[..rows * out].chunks_exact_mut(out) {
            if accumulate {
                row.iter_mut().zip(&self.bias).for_each(|(y, b)| *y += b);
            } else {
                row.copy_from_slice(&self.bias);
            }
        }
        gemm_acc(&x[..rows * self.inp], &self.w_t, &mut y[..rows * out], rows);
    }
}

/// Layer normalisation over each row of `x`, in place.
pub(crate) struct LayerNorm {
    pub(crate) gamma: Vec<f32>,
    pub(crate) beta: Vec<f32>,
    pub(crate) eps: f32,
}

impl LayerNorm {
    pub(crate) fn apply(&self, x: &mut [f32]) {
        let (gamma, beta, eps) = (&self.gamma[..], &self.beta[..], self.eps);
        with_avx2!(layer_norm_avx2, fn(x: &mut [f32], gamma: &[f32], beta: &[f32], eps: f32) {
            let n = gamma.len();
            for row in x.chunks_exact_mut(n) {
                let mean = row.iter().sum::<f32>() / n as f32;
                let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n as f32;
                let inv = 1.0 / (var + eps).sqrt();
                for ((v, g), b) in row.iter_mut().zip(gamma).zip(beta) {
                    *v = (*v - mean) * inv * g + b;
                }
            }
        })
    }
}

/// erf for f32: a rational approximation (Eigen's `generic_fast_erf_float`) clamped to
/// [-4, 4], where erf is ±1 in f32. Branch-free, so loops over it vectorise.
#[inline]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906_3e-4;
    p = x2 * p + -2.954_6e-3;
    p = x2 * p + -1.609_603_3e-2;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329e-3;
    q = x2 * q + -1.426_474e-2;
    x * p / q
}

/// GELU as BERT defines it: `x · Φ(x)` with the exact normal CDF (via erf), in place.
pub(crate) fn gelu(x: &mut [f32]) {
    with_avx2!(gelu_avx2, fn(x: &mut [f32]) {
        for v in x.iter_mut() {
            *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
        }
    })
}

/// e^x for f32 in [-87, 88]: Cephes' range reduction x = n·ln2 + r and a degree-6 polynomial
/// for e^r; relative error ~1e-7, branch-free.
#[inline]
pub(crate) fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let n = (x * std::f32::consts::LOG2_E).round_ties_even();
    let r = x - n * 0.693_359_4 + n * 2.121_944_4e-4;
    let mut p = 1.987_569_1e-4;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    // n is a whole number in [-126, 127]. Added to 1.5·2²³ it lands in the low mantissa
    // bits, from where it moves to the exponent field of 2^n: integer steps only, so loops
    // over exp vectorise (an f32 → i32 cast would not).
    let biased = (n + 12_582_912.0).to_bits().wrapping_sub(0x4B40_0000 - 127);
    let scale = f32::from_bits(biased << 23);
    e * scale
}

/// Multi-head self-attention over packed sequences. `qkv` holds, per token, the query, key
/// and value rows side by side (`3 × hidden` values); `ctx` receives `hidden` values per
/// token. `seqs` are (first token, length) pairs; tokens attend only within their sequence.
pub(crate) fn attention(
    qkv: &[f32],
    ctx: &mut [f32],
    seqs: &[(usize, usize)],
    hidden: usize,
    heads: usize,
) {
    with_avx2!(attention_avx2, fn(qkv: &[f32], ctx: &mut [f32], seqs: &[(usize, usize)], hidden: usize, heads: usize) {
        let d = hidden / heads;
        let scale = 1.0 / (d as f32).sqrt();
        let stride = 3 * hidden;
        let mut keys_t = Vec::new();
        let mut scores = Vec::new();
        let mut q = vec![0.0f32; d];
        for &(first, len) in seqs {
            // Rows of the transposed keys padded to a multiple of 8, so the score updates
            // run in whole vectors; the padding stays zero and is never read back.
            let width = len.div_ceil(8) * 8;
            scores.resize(width, 0.0);
            keys_t.clear();
            keys_t.resize(d * width, 0.0);
            for h in 0..heads {
                // This head's keys transposed (d × width), so each query's scores are d
                // vector updates over the sequence instead of len horizontal dot products.
                for j in 0..len {
                    let k = &qkv[(first + j) * stride + hidden + h * d..][..d];
                    for (t, &v) in k.iter().enumerate() {
                        keys_t[t * width + j] = v;
                    }
                }
                for i in first..first + len {
                    for (q, &v) in q.iter_mut().zip(&qkv[i * stride + h * d..][..d]) {
                        *q = v * scale;
                    }
                    scores.fill(0.0);
                    for (t, &qt) in q.iter().enumerate() {
                        let keys = &keys_t[t * width..(t + 1) * width];
                        for (s, &k) in scores.iter_mut().zip(keys) {
                            *s += qt * k;
                        }
                    }
                    let scores = &mut scores[..len];
                    let max = scores.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
                    for s in scores.iter_mut() {
                        *s = exp(*s - max);
                    }
                    let sum = sum8(scores);
                    let out = &mut ctx[i * hidden + h * d..][..d];
                    out.fill(0.0);
                    for (j, &p) in scores.iter().enumerate() {
                        let v = &qkv[(first + j) * stride + 2 * hidden + h * d..][..d];
                        out.iter_mut().zip(v).for_each(|(o, v)| *o += p * v);
                    }
                    let inv = 1.0 / sum;
                    out.iter_mut().for_each(|o| *o *= inv);
                }
            }
        }
    })
}

/// A sum with eight partial sums, so the loop vectorises.
#[inline(always)]
fn sum8(x: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let mut chunks = x.chunks_exact(8);
    for c in chunks.by_ref() {
        for l in 0..8 {
            acc[l] += c[l];
        }
    }
    acc.iter().sum::<f32>() + chunks.remainder().iter().sum::<f32>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erf64(x: f64) -> f64 {
        // Abramowitz–Stegun 7.1.26 is too coarse for a reference; integrate instead.
        let n = 20_000;
        let h = x / n as f64;
        let f = |t: f64| (-t * t).exp();
        let mut s = f(0.0) + f(x);
        for i in 1..n {
            s += f(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
        }
        s * h / 3.0 * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn erf_matches_the_integral_to_a_few_ulp() {
        let mut worst = 0.0f64;
        for i in -600..=600 {
            let x = i as f64 / 100.0;
            worst = worst.max((erf(x as f32) as f64 - erf64(x)).abs());
        }
        assert!(worst < 5e-7, "max abs error {worst}");
        assert!((erf(9.0) - 1.0).abs() < 1e-6, "{}", erf(9.0));
        assert_eq!(erf(-9.0), -erf(9.0));
    }

    #[test]
    fn exp_matches_std_to_a_few_ulp() {
        let mut worst = 0.0f32;
        for i in -8700..=8800 {
            let x = i as f32 / 100.0;
            let want = x.exp();
            worst = worst.max(((exp(x) - want) / want).abs());
        }
        assert!(worst < 5e-7, "max relative error {worst}");
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(-1000.0) >= 0.0 && exp(-1000.0) < 1e-37);
    }

    #[test]
    fn linear_matches_a_plain_product_and_accumulates() {
        let (rows, inp, out) = (3, 5, 4);
        let w: Vec<f32> = (0..out * inp).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..out).map(|i| i as f32 * 0.1).collect();
        let x: Vec<f32> = (0..rows * inp).map(|i| (i as f32 * 0.91).cos()).collect();
        let lin = Linear::new(&w, b.clone(), out, inp);
        let mut y = vec![0.0; rows * out];
        lin.forward(&x, rows, &mut y, false);
        let mut z = vec![1.0; rows * out];
        lin.forward(&x, rows, &mut z, true);
        for r in 0..rows {
            for o in 0..out {
                let want: f32 = b[o]
                    + (0..inp)
                        .map(|i| x[r * inp + i] * w[o * inp + i])
                        .sum::<f32>();
                assert!((y[r * out + o] - want).abs() < 1e-5);
                assert!((z[r * out + o] - want - 1.0).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn layer_norm_gives_zero_mean_unit_variance() {
        let ln = LayerNorm {
            gamma: vec![1.0; 4],
            beta: vec![0.0; 4],
            eps: 1e-12,
        };
        let mut x = vec![1.0, 2.0, 3.0, 6.0, 5.0, 5.0, 5.0, 5.0];
        ln.apply(&mut x);
        let mean: f32 = x[..4].iter().sum::<f32>() / 4.0;
        let var: f32 = x[..4].iter().map(|v| v * v).sum::<f32>() / 4.0;
        assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5);
        assert!(x[4..].iter().all(|v| v.abs() < 1e-6));
    }

    #[test]
    fn attention_stays_within_each_sequence() {
        // hidden 2, one head; sequence A = tokens 0..2, sequence B = token 2.
        let qkv = [
            1.0, 0.0, 1.0, 0.0, 10.0, 20.0, // token 0: q, k, v
            1.0, 0.0, 1.0, 0.0, 30.0, 40.0, // token 1
            1.0, 0.0, 1.0, 0.0, 99.0, 99.0, // token 2 (another sequence)
        ];
        let mut ctx = [0.0f32; 6];
        attention(&qkv, &mut ctx, &[(0, 2), (2, 1)], 2, 1);
        // Equal scores within A: the mean of its values.
        assert!((ctx[0] - 20.0).abs() < 1e-4 && (ctx[1] - 30.0).abs() < 1e-4);
        assert_eq!(&ctx[2..4], &ctx[0..2]);
        assert!((ctx[4] - 99.0).abs() < 1e-4 && (ctx[5] - 99.0).abs() < 1e-4);
    }
}
