//! The installed model against reference vectors computed once with Python
//! sentence-transformers (see fixtures/README.md). Skips when the model is not installed,
//! unless `CORROBORATE_REQUIRE_MODEL=1`.
#![cfg(feature = "neural")]

use std::path::PathBuf;

use corroborate_core::{cosine, SentenceEncoder};
use corroborate_embed::{
    default_model_dir, load_encoder, CachedEncoder, CrossEncoder, EncoderOptions, MiniLmEncoder,
    Precision,
};

/// The fast encoder's name on this CPU: bf16 and 8-bit layers with AVX-512 BF16 and VNNI
/// (unless `CORROBORATE_SIMD=avx2`), else 7-bit layers.
fn fast_name() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    if std::env::var("CORROBORATE_SIMD").map_or(true, |v| v != "avx2")
        && is_x86_feature_detected!("avx2")
        && is_x86_feature_detected!("fma")
        && is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512bf16")
        && is_x86_feature_detected!("avx512vnni")
    {
        return "all-MiniLM-L6-v2-bf16-int8";
    }
    "all-MiniLM-L6-v2-int8"
}

fn model_dir() -> Option<PathBuf> {
    let dir = default_model_dir();
    if dir.join("model.safetensors").exists() {
        return Some(dir);
    }
    if std::env::var("CORROBORATE_REQUIRE_MODEL").is_ok_and(|v| v == "1") {
        panic!(
            "CORROBORATE_REQUIRE_MODEL=1 but no model in {}: run scripts/install-model.sh",
            dir.display()
        );
    }
    eprintln!(
        "skip: no model in {} (run scripts/install-model.sh)",
        dir.display()
    );
    None
}

#[derive(serde::Deserialize)]
struct Reference {
    source: String,
    sentences: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

fn reference() -> Reference {
    let text = include_str!("fixtures/minilm_reference.json");
    serde_json::from_str(text).unwrap()
}

#[test]
fn vectors_match_sentence_transformers_reference() {
    let Some(dir) = model_dir() else { return };
    let reference = reference();
    assert!(reference.source.contains("sentence-transformers"));
    let encoder = MiniLmEncoder::load_with(&dir, None, Precision::Exact).unwrap();
    assert_eq!(encoder.name(), "all-MiniLM-L6-v2");
    let sentences: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    let got = encoder.encode(&sentences).unwrap();
    for ((sentence, want), got) in sentences.iter().zip(&reference.vectors).zip(&got) {
        assert_eq!(got.len(), 384);
        let norm: f32 = got.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{sentence:?}: norm {norm}");
        let worst = want
            .iter()
            .zip(got)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 1e-4, "{sentence:?}: max abs difference {worst}");
    }
    // One at a time (no padding at all) gives the same vectors as the batch.
    for (sentence, batched) in sentences.iter().zip(&got) {
        let alone = encoder.encode(&[sentence]).unwrap();
        assert!(cosine(&alone[0], batched) > 0.99999, "{sentence:?}");
    }
}

#[test]
fn fast_vectors_stay_within_cosine_0999_of_the_reference() {
    let Some(dir) = model_dir() else { return };
    let reference = reference();
    let fast = MiniLmEncoder::load_with(&dir, None, Precision::Fast).unwrap();
    assert_eq!(fast.name(), fast_name());
    let sentences: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    let got = fast.encode(&sentences).unwrap();
    let mut worst_value = 0.0f32;
    for ((sentence, want), got) in sentences.iter().zip(&reference.vectors).zip(&got) {
        let c = cosine(want, got);
        assert!(c >= 0.999, "{sentence:?}: cosine {c}");
        worst_value = want
            .iter()
            .zip(got)
            .map(|(a, b)| (a - b).abs())
            .fold(worst_value, f32::max);
    }
    // Quantised, so not the reference to the last digits: the test can tell them apart.
    assert!(
        worst_value > 1e-5,
        "fast path gave exact vectors ({worst_value})"
    );
}

#[test]
fn paraphrase_scores_above_unrelated() {
    let Some(dir) = model_dir() else { return };
    let encoder = MiniLmEncoder::load(&dir, Some(1)).unwrap();
    let reference = reference();
    let v = encoder
        .encode(&[
            &reference.sentences[0],
            &reference.sentences[1],
            &reference.sentences[2],
        ])
        .unwrap();
    let near = cosine(&v[0], &v[1]);
    let far = cosine(&v[0], &v[2]);
    assert!(
        near > 0.6 && far < 0.2,
        "paraphrase {near}, unrelated {far}"
    );
}

#[test]
fn load_encoder_prefers_the_installed_model_and_caches() {
    let Some(dir) = model_dir() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let opts = EncoderOptions {
        model_dir: Some(dir.clone()),
        cache_dir: Some(tmp.path().to_path_buf()),
        ..EncoderOptions::default()
    };
    let (encoder, warning) = load_encoder(&opts);
    assert!(warning.is_none(), "{warning:?}");
    assert!(encoder.is_neural());
    assert_eq!(encoder.name(), fast_name(), "fast by default");
    assert_eq!(encoder.dim(), 384);
    let first = encoder.encode(&["Rain hit Oslo.", "Prices rose."]).unwrap();

    let cached = CachedEncoder::new(MiniLmEncoder::load(&dir, None).unwrap(), tmp.path());
    let again = cached.encode(&["Prices rose.", "Rain hit Oslo."]).unwrap();
    assert_eq!(cached.stats().hits, 2);
    assert_eq!(again[0], first[1]);
}

#[test]
fn one_pass_gives_sentence_and_word_vectors() {
    let Some(dir) = model_dir() else { return };
    let encoder = MiniLmEncoder::load(&dir, Some(1)).unwrap();
    let sentences = [
        "The harbourmaster reopened the northern quay on Tuesday.",
        "Unbelievably, dockworkers voted.",
    ];
    let plain = encoder.encode(&sentences).unwrap();
    let encoded = encoder.encode_words(&sentences).unwrap();
    assert_eq!(encoded.len(), 2);
    for ((sentence, vector), got) in sentences.iter().zip(&plain).zip(&encoded) {
        // The sentence vector is the same whether or not the words are kept.
        assert!(cosine(vector, &got.vector) > 0.999_99);
        // One vector per word: word pieces ("harbourmaster" is several) are averaged.
        let words: Vec<&str> = got
            .words
            .iter()
            .map(|w| &sentence[w.start..w.end])
            .collect();
        let expected: Vec<&str> = sentence
            .split(|c: char| c.is_whitespace())
            .flat_map(|w| {
                let core = w.trim_end_matches(['.', ',']);
                let tail = &w[core.len()..];
                [core, tail].into_iter().filter(|p| !p.is_empty())
            })
            .collect();
        assert_eq!(words, expected);
        for word in &got.words {
            let norm: f32 = word.vector.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-4, "{norm}");
        }
    }
    // Contextual: the same word in two sentences gets close, not equal, vectors; an
    // unrelated word is further away.
    let quay = |e: &corroborate_core::Encoded, s: &str, w: &str| {
        let at = s.find(w).unwrap();
        e.words
            .iter()
            .find(|x| x.start == at)
            .unwrap()
            .vector
            .clone()
    };
    let more = ["Ships waited at the quay all week."];
    let other = encoder.encode_words(&more).unwrap();
    let a = quay(&encoded[0], sentences[0], "quay");
    let b = quay(&other[0], more[0], "quay");
    let c = quay(&other[0], more[0], "week");
    assert!(cosine(&a, &b) > cosine(&a, &c));
    assert!(cosine(&a, &b) < 0.9999);
}

/// The pair encoder (the installed model with the bundled adapter) gives the log-odds the
/// training script's own forward pass gives (fixtures/cross_reference.json): the adapter's
/// low-rank updates, norms, token types and head are applied as trained.
#[test]
fn pair_encoder_matches_the_training_forward_pass() {
    let Some(dir) = model_dir() else { return };
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/cross_reference.json")).unwrap();
    let pairs: Vec<(String, String)> = reference["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect();
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let expected: Vec<f32> = reference["logits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as f32)
        .collect();
    let exact = CrossEncoder::load_with(&dir, Some(2), Precision::Exact).unwrap();
    let got = exact.logits(&borrowed).unwrap();
    for (g, e) in got.iter().zip(&expected) {
        assert!((g - e).abs() < 0.02, "exact {got:?} vs {expected:?}");
    }
    // Reading order does not matter.
    let swapped: Vec<(&str, &str)> = borrowed.iter().map(|&(a, b)| (b, a)).collect();
    for (g, s) in got.iter().zip(exact.logits(&swapped).unwrap()) {
        assert!((g - s).abs() < 1e-3, "{g} vs {s}");
    }
    let fast = CrossEncoder::load(&dir, Some(2)).unwrap();
    for (g, e) in fast.logits(&borrowed).unwrap().iter().zip(&expected) {
        assert!(
            (g - e).abs() < 0.5 && g.signum() == e.signum(),
            "fast {g} vs {e}"
        );
    }
}
