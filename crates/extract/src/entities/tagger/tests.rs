use super::*;

const O: usize = 0;
const B_PER: usize = 1;
const I_PER: usize = 2;
const B_ORG: usize = 3;
const I_LOC: usize = 6;

fn one_hot(labels: &[usize], strength: f32) -> Vec<f32> {
    let mut out = vec![-strength; labels.len() * LABELS];
    for (t, &l) in labels.iter().enumerate() {
        out[t * LABELS + l] = 0.0;
    }
    out
}

#[test]
fn transitions_follow_bio() {
    assert!(allowed(None, B_PER));
    assert!(!allowed(None, I_PER));
    assert!(allowed(Some(B_PER), I_PER));
    assert!(allowed(Some(I_PER), I_PER));
    assert!(!allowed(Some(B_ORG), I_PER));
    assert!(!allowed(Some(O), I_LOC));
    assert!(allowed(Some(I_LOC), O));
}

#[test]
fn viterbi_repairs_an_inside_label_that_starts_nothing() {
    // O I-LOC I-LOC is not allowed: the best allowed path is chosen instead
    let mut scores = one_hot(&[O, I_LOC, I_LOC], 5.0);
    // B-LOC is the runner-up at the second token
    scores[LABELS + 5] = -1.0;
    assert_eq!(viterbi(&scores), vec![O, 5, I_LOC]);
    assert_eq!(
        spans_of(&viterbi(&scores)),
        vec![TaggedSpan {
            first: 1,
            last: 2,
            kind: EntityKind::Location
        }]
    );
}

#[test]
fn spans_split_on_a_new_begin() {
    let spans = spans_of(&[B_PER, I_PER, B_PER, O, B_ORG]);
    assert_eq!(
        spans,
        vec![
            TaggedSpan {
                first: 0,
                last: 1,
                kind: EntityKind::Person
            },
            TaggedSpan {
                first: 2,
                last: 2,
                kind: EntityKind::Person
            },
            TaggedSpan {
                first: 4,
                last: 4,
                kind: EntityKind::Organization
            },
        ]
    );
}

#[test]
fn rejects_damaged_weights() {
    assert!(EntityTagger::from_bytes(b"NER0").is_err());
    let mut bytes = b"NER1".to_vec();
    for v in [1u32, 6, CHEAP_FEATURES as u32, 0, 0, 9] {
        bytes.extend(v.to_le_bytes());
    }
    assert!(EntityTagger::from_bytes(&bytes).is_err());
    let floats = (STATE_DIM + CHEAP_FEATURES) * LABELS + LABELS;
    bytes.extend(std::iter::repeat_n(0u8, floats * 4));
    let tagger = EntityTagger::from_bytes(&bytes).unwrap();
    assert_eq!(tagger.layers(), &[6]);
    assert_eq!(tagger.state_width(), STATE_DIM);
}

#[test]
fn hyphenated_compounds_stay_one_token() {
    let text = "Saudi-born Ali ( AP ) - U.S. 1996-08-30";
    let got: Vec<&str> = conll_tokens(text)
        .iter()
        .map(|&(s, e)| &text[s..e])
        .collect();
    assert_eq!(
        got,
        [
            "Saudi-born",
            "Ali",
            "(",
            "AP",
            ")",
            "-",
            "U.S.",
            "1996-08-30"
        ]
    );
}

#[test]
fn the_builtin_head_loads() {
    let tagger = EntityTagger::builtin().expect("built-in weights parse");
    assert_eq!(tagger.layers(), &[3, 6]);
    assert_eq!(tagger.state_width(), 2 * STATE_DIM);
    assert_eq!(tagger.radius, 1);
    assert_eq!(tagger.b1.len(), tagger.hidden);
}

#[test]
fn the_head_scores_are_log_probabilities_and_decode_to_valid_bio() {
    let tagger = EntityTagger::builtin().expect("built-in weights parse");
    // no encoder here: zero states, so only the cheap features speak
    let text = "Officials in Paris met John Smith of Acme Corp on Monday .";
    let tokens = conll_tokens(text);
    let features = token_features(text, &tokens, &[], tagger.state_width());
    let scores = tagger.scores(&features, tokens.len());
    for row in scores.chunks_exact(LABELS) {
        let total: f32 = row.iter().map(|v| v.exp()).sum();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
    }
    let labels = viterbi(&scores);
    assert_eq!(labels.len(), tokens.len());
    let mut previous = None;
    for &label in &labels {
        assert!(allowed(previous, label), "{labels:?}");
        previous = Some(label);
    }
}

#[test]
fn the_product_adds_to_what_is_there() {
    let (m, k, n) = (3, 5, 2);
    let a: Vec<f32> = (0..m * k).map(|i| i as f32 * 0.5 - 3.0).collect();
    let b: Vec<f32> = (0..k * n).map(|i| 1.0 - i as f32 * 0.25).collect();
    let mut c = vec![10.0f32; m * n];
    super::product_add(&a, &b, &mut c, m, k, n);
    for i in 0..m {
        for j in 0..n {
            let want = 10.0 + (0..k).map(|x| a[i * k + x] * b[x * n + j]).sum::<f32>();
            assert!((c[i * n + j] - want).abs() < 1e-4, "{i} {j}");
        }
    }
}

/// A random head in the weights format: one state layer, a window of `radius`, `hidden`
/// units, and its first layer as read (token-major windows, slot-major within a row).
fn random_head(radius: usize, hidden: usize) -> (EntityTagger, Vec<f32>, Vec<f32>) {
    let d = super::STATE_DIM + CHEAP_FEATURES;
    let input = (2 * radius + 1) * d;
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.2
    };
    let w1: Vec<f32> = (0..hidden * input).map(|_| next()).collect();
    let b1: Vec<f32> = (0..hidden).map(|_| next()).collect();
    let w2: Vec<f32> = (0..super::LABELS * hidden).map(|_| next()).collect();
    let b2: Vec<f32> = (0..super::LABELS).map(|_| next()).collect();
    let mut bytes = b"NER1".to_vec();
    for v in [1, 6, CHEAP_FEATURES, radius, hidden, super::LABELS] {
        bytes.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for v in w1.iter().chain(&b1).chain(&w2).chain(&b2) {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    let tagger = EntityTagger::from_bytes(&bytes).expect("weights");
    let features: Vec<f32> = (0..5 * d).map(|_| next() * 10.0).collect();
    (tagger, w1, features)
}

#[test]
fn the_window_products_equal_the_window_written_out() {
    for (radius, n) in [(1, 5), (2, 5), (2, 1), (1, 2)] {
        let hidden = 6;
        let (tagger, w1, features) = random_head(radius, hidden);
        let d = super::STATE_DIM + CHEAP_FEATURES;
        let got = tagger.scores(&features[..n * d], n);
        // the same scores from each token's window of features, zero beyond the sentence
        for t in 0..n {
            let mut window = vec![0.0f32; (2 * radius + 1) * d];
            for slot in 0..2 * radius + 1 {
                if let Some(src) = (t + slot).checked_sub(radius).filter(|&s| s < n) {
                    window[slot * d..(slot + 1) * d]
                        .copy_from_slice(&features[src * d..(src + 1) * d]);
                }
            }
            let h: Vec<f32> = w1
                .chunks_exact(window.len())
                .zip(&tagger.b1)
                .map(|(row, b)| (b + super::dot(row, &window)).max(0.0))
                .collect();
            let logits: Vec<f32> = tagger
                .w2
                .chunks_exact(hidden)
                .zip(&tagger.b2)
                .map(|(row, b)| b + super::dot(row, &h))
                .collect();
            let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let log_sum = max + logits.iter().map(|v| (v - max).exp()).sum::<f32>().ln();
            for (label, want) in logits.iter().enumerate() {
                let have = got[t * super::LABELS + label];
                assert!(
                    (have - (want - log_sum)).abs() < 1e-3,
                    "radius {radius}, token {t}, label {label}: {have} vs {}",
                    want - log_sum
                );
            }
        }
    }
}

#[test]
fn a_factored_first_layer_equals_the_full_layer_it_stands_for() {
    let (radius, hidden, rank) = (1, 5, 3);
    let d = super::STATE_DIM + CHEAP_FEATURES;
    let wide = (2 * radius + 1) * hidden;
    let value = |i: usize, salt: usize| (((i * 31 + salt * 17) % 23) as f32 - 11.0) * 0.013;
    let u: Vec<f32> = (0..d * rank).map(|i| value(i, 1)).collect();
    let v: Vec<f32> = (0..rank * wide).map(|i| value(i, 2)).collect();
    let b1: Vec<f32> = (0..hidden).map(|i| value(i, 3)).collect();
    let w2: Vec<f32> = (0..super::LABELS * hidden).map(|i| value(i, 4)).collect();
    let b2: Vec<f32> = (0..super::LABELS).map(|i| value(i, 5)).collect();
    // the full layer: unit r's weight for feature k at slot s is (U V)[k][s·hidden + r]
    let mut w1 = vec![0.0f32; hidden * (2 * radius + 1) * d];
    for r in 0..hidden {
        for s in 0..2 * radius + 1 {
            for k in 0..d {
                let col = s * hidden + r;
                w1[r * (2 * radius + 1) * d + s * d + k] =
                    (0..rank).map(|j| u[k * rank + j] * v[j * wide + col]).sum();
            }
        }
    }
    let file = |magic: &[u8], first: &[&[f32]], extra: Option<usize>| {
        let mut bytes = magic.to_vec();
        for x in [1, 6, CHEAP_FEATURES, radius, hidden, super::LABELS] {
            bytes.extend_from_slice(&(x as u32).to_le_bytes());
        }
        if let Some(k) = extra {
            bytes.extend_from_slice(&(k as u32).to_le_bytes());
        }
        for part in first.iter().copied().chain([&b1[..], &w2[..], &b2[..]]) {
            for x in part {
                bytes.extend_from_slice(&x.to_le_bytes());
            }
        }
        EntityTagger::from_bytes(&bytes).expect("weights")
    };
    let full = file(b"NER1", &[&w1], None);
    let factored = file(b"NER2", &[&u, &v], Some(rank));
    let n = 4;
    let features: Vec<f32> = (0..n * d).map(|i| value(i, 6) * 20.0).collect();
    let (a, b) = (full.scores(&features, n), factored.scores(&features, n));
    for (x, y) in a.iter().zip(&b) {
        assert!((x - y).abs() < 1e-4, "{x} vs {y}");
    }
    // a rank that does not fit the matrices is refused
    let mut bad = b"NER2".to_vec();
    for x in [1, 6, CHEAP_FEATURES, radius, hidden, super::LABELS, 0] {
        bad.extend_from_slice(&(x as u32).to_le_bytes());
    }
    assert!(EntityTagger::from_bytes(&bad).is_err());
}
