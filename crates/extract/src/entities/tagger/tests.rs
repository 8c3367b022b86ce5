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
fn four_products_at_once_equal_four_single_ones_exactly() {
    // 35 values: two full blocks of sixteen and a tail of three.
    let b: Vec<f32> = (0..35)
        .map(|i| ((i * 7 % 11) as f32 - 5.0) * 0.37)
        .collect();
    let rows: Vec<Vec<f32>> = (0..4)
        .map(|r| {
            (0..35)
                .map(|i| ((i * (r + 3) % 13) as f32 - 6.0) * 0.11)
                .collect()
        })
        .collect();
    let four = super::dot4([&rows[0], &rows[1], &rows[2], &rows[3]], &b);
    for (row, got) in rows.iter().zip(four) {
        assert_eq!(got.to_bits(), super::dot(row, &b).to_bits());
    }
}
