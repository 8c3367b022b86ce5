//! Tests of [`super::QuantLinear`]: accuracy against an f64 product, AVX2 against the
//! portable path bit for bit, bad lengths, and (ignored) timings.

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
    let mut paths = Vec::new();
    if simd_available() {
        paths.push((Levels::Seven, Path::Avx2));
    }
    if vnni_available() {
        paths.push((Levels::Seven, Path::Vnni));
        paths.push((Levels::Eight, Path::Vnni));
    }
    if paths.is_empty() {
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
        let mut x = make_x(&mut rng, rows, inp, true);
        // Edge cases: an all-zero row, a constant row, an all-negative row.
        if rows >= 4 {
            x[..inp].fill(0.0);
            x[inp..2 * inp].fill(0.75);
            for v in &mut x[2 * inp..3 * inp] {
                *v = -v.abs() - 0.1;
            }
        }
        for &(levels, path) in &paths {
            let layer = QuantLinear::with_levels(&w, &b, out, inp, levels).expect("valid layer");
            let mut y1 = vec![0.0; rows * out];
            let mut y2 = vec![1.0; rows * out];
            layer.forward_impl(&x, rows, &mut y1, path);
            layer.forward_impl(&x, rows, &mut y2, Path::Scalar);
            let same = y1.iter().zip(&y2).all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(
                same,
                "{path:?} and scalar differ for {levels:?}, shape {rows}x{inp}->{out}"
            );
        }
    }
}

#[test]
fn eight_bits_halve_the_error_of_seven() {
    let mut rng = Rng(5);
    let (rows, inp, out) = (64, 384, 384);
    let w = rng.gauss_vec(out * inp, 0.05);
    let b = rng.gauss_vec(out, 0.1);
    let x = make_x(&mut rng, rows, inp, true);
    let want = reference(&w, &b, &x, rows, out, inp);
    let err = |levels| {
        let layer = QuantLinear::with_levels(&w, &b, out, inp, levels).expect("valid layer");
        assert_eq!(layer.levels(), levels);
        let mut y = vec![0.0; rows * out];
        layer.forward(&x, rows, &mut y);
        rel_err(&y, &want)
    };
    let (seven, eight) = (err(Levels::Seven), err(Levels::Eight));
    println!("rel err: 7 bits {seven:.5}, 8 bits {eight:.5}");
    assert!(eight < 0.6 * seven, "7 bits {seven}, 8 bits {eight}");
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
            l.quantize_rows(&x, rows, &mut buf, l.best_path() != Path::Scalar);
            tq = tq.min(t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            l.compute_chunk(rows, &buf, &mut y, &[], l.best_path());
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
                l.quantize_rows(&x[..m * inp], m, &mut buf, l.best_path() != Path::Scalar);
            }
            tq2 = tq2.min(t.elapsed().as_secs_f64() / reps as f64);
            let t = std::time::Instant::now();
            for _ in 0..reps {
                l.compute_chunk(m, &buf, &mut y[..m * out], &[], l.best_path());
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
