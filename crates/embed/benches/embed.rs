//! Encoder throughput (bytes/s) on sentences of the shared multi-news data, or a built-in set.
//! The neural encoder is measured when built with `--features neural` and installed.

use corroborate_core::SentenceEncoder;
use corroborate_embed::LexicalEncoder;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sentences() -> Vec<String> {
    let fallback = || {
        (0..256)
            .map(|i| format!("Officials said {i} people were moved after the river rose overnight in the north."))
            .collect()
    };
    let Some(dir) = corroborate_core::shared_dir() else {
        return fallback();
    };
    let Ok(text) = std::fs::read_to_string(dir.join("data/multi-news/validation.csv")) else {
        return fallback();
    };
    text.split(". ")
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.len() > 20 && s.len() < 400)
        .take(256)
        .collect()
}

fn bench_encoder(c: &mut Criterion, name: &str, encoder: &dyn SentenceEncoder, texts: &[&str]) {
    let bytes: usize = texts.iter().map(|s| s.len()).sum();
    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(name, |b| {
        b.iter(|| {
            let vectors = encoder.encode(texts).unwrap();
            assert_eq!(vectors.len(), texts.len());
            vectors
        })
    });
    group.finish();
}

fn encoders(c: &mut Criterion) {
    let owned = sentences();
    let texts: Vec<&str> = owned.iter().map(String::as_str).collect();
    bench_encoder(c, "lexical", &LexicalEncoder::new(), &texts);
    #[cfg(feature = "neural")]
    {
        let dir = corroborate_embed::default_model_dir();
        match corroborate_embed::MiniLmEncoder::load(&dir, None) {
            Ok(model) => bench_encoder(c, "minilm", &model, &texts),
            Err(err) => eprintln!("skip minilm: {err}"),
        }
        let exact = corroborate_embed::Precision::Exact;
        if let Ok(model) = corroborate_embed::MiniLmEncoder::load_with(&dir, None, exact) {
            bench_encoder(c, "minilm-exact", &model, &texts);
        }
    }
}

criterion_group!(benches, encoders);
criterion_main!(benches);
