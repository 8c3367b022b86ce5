//! The numeric pieces of a BERT layer on row-major f32 buffers: linear layers, layer norm,
//! GELU, and attention over packed sequences.

use super::bf16::{self, Bf16Matrix};
use super::qlinear::{Levels, QuantLinear};
use super::sgemm::{gemm_acc, gemm_acc_strided, PackedB};

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

/// How a linear layer multiplies.
enum Weights {
    /// f32 throughout: the reference arithmetic.
    Exact(PackedB),
    /// Weights and activations rounded to bf16, f32 sums (see [`bf16`]).
    Bf16(Bf16Matrix),
    /// 8-bit weights and activations with a scale per block of 32 inputs (see [`QuantLinear`]).
    Int8(QuantLinear),
}

/// `x · Wᵀ + b`.
pub(crate) struct Linear {
    pub(crate) inp: usize,
    pub(crate) out: usize,
    weights: Weights,
    bias: Vec<f32>,
}

impl Linear {
    /// From PyTorch's layout: `weight` is `out × inp`, row-major.
    pub(crate) fn new(weight: &[f32], bias: Vec<f32>, out: usize, inp: usize) -> Self {
        Linear {
            inp,
            out,
            weights: Weights::Exact(PackedB::new(&transpose(weight, out, inp), inp, out)),
            bias,
        }
    }

    /// The same layer in bf16; only for CPUs where [`bf16::available`] is true.
    pub(crate) fn bf16(weight: &[f32], mut bias: Vec<f32>, out: usize, inp: usize) -> Self {
        // The kernel reads the bias a whole panel at a time.
        bias.resize(out.next_multiple_of(bf16::NR), 0.0);
        Linear {
            inp,
            out,
            weights: Weights::Bf16(Bf16Matrix::new(&transpose(weight, out, inp), inp, out)),
            bias,
        }
    }

    /// The same layer with quantised weights.
    pub(crate) fn quantised(
        weight: &[f32],
        bias: Vec<f32>,
        out: usize,
        inp: usize,
        levels: Levels,
    ) -> Result<Self, String> {
        let q = QuantLinear::with_levels(weight, &vec![0.0; out], out, inp, levels)?;
        Ok(Linear {
            inp: q.in_features(),
            out: q.out_features(),
            weights: Weights::Int8(q),
            bias,
        })
    }

    /// `y = x · Wᵀ + b (+ y when accumulate)` for `rows` rows. `scratch` is reused between
    /// calls by the quantised path.
    pub(crate) fn forward(
        &self,
        x: &[f32],
        rows: usize,
        y: &mut [f32],
        accumulate: bool,
        scratch: &mut Vec<f32>,
    ) {
        let out = self.out;
        let y = &mut y[..rows * out];
        let add_bias = |y: &mut [f32]| {
            for row in y.chunks_exact_mut(out) {
                if accumulate {
                    row.iter_mut().zip(&self.bias).for_each(|(y, b)| *y += b);
                } else {
                    row.copy_from_slice(&self.bias);
                }
            }
        };
        match &self.weights {
            Weights::Exact(w_t) => {
                add_bias(y);
                gemm_acc(&x[..rows * self.inp], w_t, y, rows);
            }
            Weights::Bf16(w_t) if accumulate => {
                add_bias(y);
                bf16::gemm_acc(&x[..rows * self.inp], w_t, y, rows, None);
            }
            // The kernel starts from the bias: no pass over y to fill it first.
            Weights::Bf16(w_t) => {
                bf16::gemm_acc(&x[..rows * self.inp], w_t, y, rows, Some(&self.bias))
            }
            Weights::Int8(q) => {
                scratch.resize(rows * out, 0.0);
                let product = if accumulate {
                    &mut scratch[..]
                } else {
                    &mut *y
                };
                q.forward(&x[..rows * self.inp], rows, product);
                if accumulate {
                    for (y_row, p_row) in y.chunks_exact_mut(out).zip(scratch.chunks_exact(out)) {
                        for ((y, p), b) in y_row.iter_mut().zip(p_row).zip(&self.bias) {
                            *y += p + b;
                        }
                    }
                } else {
                    for row in y.chunks_exact_mut(out) {
                        row.iter_mut().zip(&self.bias).for_each(|(y, b)| *y += b);
                    }
                }
            }
        }
    }
}

/// PyTorch's `out × inp` weight as the `inp × out` matrix the products read.
fn transpose(weight: &[f32], out: usize, inp: usize) -> Vec<f32> {
    let mut w_t = vec![0.0; inp * out];
    for (o, row) in weight.chunks_exact(inp).enumerate().take(out) {
        for (i, &w) in row.iter().enumerate() {
            w_t[i * out + o] = w;
        }
    }
    w_t
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
                // Eight partial sums each, so both reductions vectorise.
                let mean = sum8(row) / n as f32;
                let mut sq = [0.0f32; 8];
                let mut chunks = row.chunks_exact(8);
                for c in chunks.by_ref() {
                    for l in 0..8 {
                        sq[l] += (c[l] - mean) * (c[l] - mean);
                    }
                }
                let tail: f32 = chunks.remainder().iter().map(|v| (v - mean) * (v - mean)).sum();
                let var = (sq.iter().sum::<f32>() + tail) / n as f32;
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
    let d = hidden / heads;
    let scale = 1.0 / (d as f32).sqrt();
    let stride = 3 * hidden;
    let mut keys_t = PackedB::empty();
    let mut values = PackedB::empty();
    let mut scores = Vec::new();
    for &(first, len) in seqs {
        let base = first * stride;
        // The products below add to the context rows.
        ctx[first * hidden..(first + len) * hidden].fill(0.0);
        for h in 0..heads {
            // S = Q · Kᵀ with Q read in place; the 1/√d scale is applied in the softmax.
            keys_t.pack_columns(d, len, &qkv[base + hidden + h * d..], stride);
            scores.clear();
            scores.resize(len * len, 0.0);
            gemm_acc_strided(&qkv[base + h * d..], stride, &keys_t, &mut scores, len, len);
            softmax_rows(&mut scores, len, scale);
            // C = softmax(S) · V, written straight into this head's columns of ctx.
            values.pack_rows(len, d, &qkv[base + 2 * hidden + h * d..], stride);
            let out = &mut ctx[first * hidden + h * d..];
            gemm_acc_strided(&scores, len, &values, out, hidden, len);
        }
    }
}

/// Softmax of `scale` times each row (`width` values) of `x`, in place (`scale` > 0).
fn softmax_rows(x: &mut [f32], width: usize, scale: f32) {
    with_avx2!(softmax_avx2, fn(x: &mut [f32], width: usize, scale: f32) {
        for row in x.chunks_exact_mut(width) {
            let max = max8(row);
            for s in row.iter_mut() {
                *s = exp((*s - max) * scale);
            }
            let inv = 1.0 / sum8(row);
            row.iter_mut().for_each(|s| *s *= inv);
        }
    })
}

/// The largest value, with eight partial maxima so the loop vectorises (NaN-free input).
#[inline(always)]
fn max8(x: &[f32]) -> f32 {
    let mut acc = [f32::NEG_INFINITY; 8];
    let mut chunks = x.chunks_exact(8);
    for c in chunks.by_ref() {
        for l in 0..8 {
            acc[l] = if c[l] > acc[l] { c[l] } else { acc[l] };
        }
    }
    let tail = chunks
        .remainder()
        .iter()
        .fold(f32::NEG_INFINITY, |m, &s| m.max(s));
    acc.iter().fold(tail, |m, &s| m.max(s))
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
        let mut scratch = Vec::new();
        lin.forward(&x, rows, &mut y, false, &mut scratch);
        let mut z = vec![1.0; rows * out];
        lin.forward(&x, rows, &mut z, true, &mut scratch);
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
