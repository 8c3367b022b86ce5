//! Grouping throughput on Multi-News documents (docs/s): the 690 documents of the validation
//! set, mixed. Lives here because it reads the evaluation set; the bench was corroborate-story's.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use corroborate_core::{shared_dir, Document, Sentence, SentenceEncoder};
use corroborate_embed::LexicalEncoder;
use corroborate_eval::load_multinews;
use corroborate_story::{group, GroupOptions};

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

criterion_group!(benches, grouping);
criterion_main!(benches);
