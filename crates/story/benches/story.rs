//! Alignment of the seed story (grouping throughput on Multi-News is corroborate-eval's
//! `benches/grouping.rs`, beside the Multi-News reader).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use corroborate_core::{shared_dir, Document, Sentence, SentenceEncoder};
use corroborate_embed::LexicalEncoder;
use corroborate_story::{align, group, AlignOptions, GroupOptions};

fn annotate(mut doc: Document) -> Document {
    let spans = corroborate_text::split_sentences(&doc.text);
    let texts: Vec<&str> = spans.iter().map(|&s| &doc.text[s]).collect();
    let vectors = LexicalEncoder::new().encode(&texts).unwrap_or_default();
    doc.layers.sentences = Some(spans.into_iter().map(|span| Sentence { span }).collect());
    doc.layers.vectors = Some(vectors);
    doc
}

fn alignment(c: &mut Criterion) {
    let Some(shared) = shared_dir() else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(shared.join("seeds"))
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let docs: Vec<Document> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let id = p.file_stem()?.to_string_lossy().to_string();
            Some(annotate(Document::from_text(id, &text)))
        })
        .collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let grouping = group(&docs, &GroupOptions::default());
    let opts = AlignOptions::default();
    let sentences: usize = docs.iter().map(|d| d.sentences().len()).sum();
    let mut bench = c.benchmark_group("align");
    bench.throughput(Throughput::Elements(sentences as u64));
    bench.bench_function("seeds_5_reports", |b| {
        b.iter(|| {
            let mut story = grouping.stories[0].clone();
            align(&mut story, &refs, &grouping.derived_from, &opts);
            let corroborated = story
                .claims
                .iter()
                .filter(|c| c.independent_sources >= 2)
                .count();
            assert!(corroborated >= 20, "{corroborated}");
        })
    });
    bench.finish();
}

criterion_group!(benches, alignment);
criterion_main!(benches);
