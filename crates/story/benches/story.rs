//! Grouping throughput on Multi-News documents (docs/s) and alignment of the seed story.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use corroborate_core::{shared_dir, Document, Sentence, SentenceEncoder};
use corroborate_embed::LexicalEncoder;
use corroborate_story::{align, group, load_multinews, AlignOptions, GroupOptions};

fn annotate(mut doc: Document) -> Document {
    let spans = corroborate_text::split_sentences(&doc.text);
    let texts: Vec<&str> = spans.iter().map(|&s| &doc.text[s]).collect();
    let vectors = LexicalEncoder::new().encode(&texts).unwrap_or_default();
    doc.layers.sentences = Some(spans.into_iter().map(|span| Sentence { span }).collect());
    doc.layers.vectors = Some(vectors);
    doc
}

fn grouping(c: &mut Criterion) {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let Ok(rows) = load_multinews(&shared.join("data/multi-news/validation.csv")) else {
        return;
    };
    let docs: Vec<Document> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.documents
                .iter()
                .enumerate()
                .map(move |(j, text)| Document::from_text(format!("r{r}-{j}"), text))
        })
        .map(annotate)
        .collect();
    let opts = GroupOptions::default();
    let mut bench = c.benchmark_group("group");
    bench.sample_size(10);
    bench.throughput(Throughput::Elements(docs.len() as u64));
    bench.bench_function("multinews_690_docs", |b| {
        b.iter(|| {
            let grouping = group(&docs, &opts);
            let placed: usize = grouping.stories.iter().map(|s| s.articles.len()).sum();
            assert_eq!(placed, docs.len());
            assert!((250..450).contains(&grouping.stories.len()));
        })
    });
    bench.finish();
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

criterion_group!(benches, grouping, alignment);
criterion_main!(benches);
