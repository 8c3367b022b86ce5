//! The fast encoder on the AVX2 kernels only (`CORROBORATE_SIMD=avx2`, set before anything
//! reads it: this file is its own test process), so an AVX-512 machine tests the arithmetic
//! that AVX2-only machines run. Skips when the model is not installed, unless
//! `CORROBORATE_REQUIRE_MODEL=1`.
#![cfg(feature = "neural")]

use corroborate_core::{cosine, SentenceEncoder};
use corroborate_embed::{default_model_dir, MiniLmEncoder, Precision};

#[derive(serde::Deserialize)]
struct Reference {
    sentences: Vec<String>,
    vectors: Vec<Vec<f32>>,
}

#[test]
fn avx2_fast_vectors_stay_within_cosine_0999_of_the_reference() {
    // SAFETY (edition 2021: safe to call): the only test in this process, run before any
    // thread reads the environment.
    std::env::set_var("CORROBORATE_SIMD", "avx2");
    let dir = default_model_dir();
    if !dir.join("model.safetensors").exists() {
        assert!(
            !std::env::var("CORROBORATE_REQUIRE_MODEL").is_ok_and(|v| v == "1"),
            "CORROBORATE_REQUIRE_MODEL=1 but no model in {}",
            dir.display()
        );
        eprintln!("skip: no model in {}", dir.display());
        return;
    }
    let reference: Reference =
        serde_json::from_str(include_str!("fixtures/minilm_reference.json")).unwrap();
    let fast = MiniLmEncoder::load_with(&dir, None, Precision::Fast).unwrap();
    assert_eq!(fast.name(), "all-MiniLM-L6-v2-int8");
    let sentences: Vec<&str> = reference.sentences.iter().map(String::as_str).collect();
    let got = fast.encode(&sentences).unwrap();
    for ((sentence, want), got) in sentences.iter().zip(&reference.vectors).zip(&got) {
        let c = cosine(want, got);
        assert!(c >= 0.999, "{sentence:?}: cosine {c}");
        assert!(
            c < 0.999_999_9,
            "{sentence:?}: exact vectors from the int8 path"
        );
    }
}
