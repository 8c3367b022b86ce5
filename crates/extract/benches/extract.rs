//! Annotation throughput of the four extractors (articles/s and bytes/s) on the seeds and on
//! Multi-News articles, plus the story-level merges on the seeds. Each timed loop checks a
//! known count so a fast-but-wrong change cannot pass.

use std::hint::black_box;

use corroborate_core::{Document, Sentence};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn with_sentences(id: String, text: &str) -> Document {
    let mut doc = Document::from_text(id, text);
    doc.layers.sentences = Some(
        corroborate_extract::split_sentences(text)
            .into_iter()
            .map(|span| Sentence { span })
            .collect(),
    );
    doc
}

fn seeds() -> Vec<Document> {
    let Some(dir) = corroborate_core::shared_dir().map(|d| d.join("seeds")) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(with_sentences(p.display().to_string(), text.trim_end()))
        })
        .collect()
}

/// The articles of the first rows of Multi-News (a CSV whose first field is a Python list
/// literal of article strings), split crudely: enough for a throughput measure.
fn multinews(rows: usize) -> Vec<Document> {
    let Some(path) =
        corroborate_core::shared_dir().map(|d| d.join("data/multi-news/validation.csv"))
    else {
        return Vec::new();
    };
    let Ok(csv) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut docs = Vec::new();
    let mut chars = csv.char_indices().peekable();
    // skip the header line
    for (_, c) in chars.by_ref() {
        if c == '\n' {
            break;
        }
    }
    let mut field = String::new();
    let mut row_fields = 0;
    let mut in_quotes = false;
    while let Some((_, c)) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek().map(|p| p.1) == Some('"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => in_quotes = !in_quotes,
            (',', false) | ('\n', false) => {
                if row_fields == 0 {
                    for article in field.trim_matches(['[', ']']).split("', '") {
                        let text = article
                            .trim_matches(['\'', '"'])
                            .replace(" \\n \\n ", "\n")
                            .replace("\\n", "\n");
                        if text.len() > 200 {
                            docs.push(with_sentences(format!("mn{}", docs.len()), &text));
                        }
                    }
                }
                field.clear();
                row_fields += 1;
                if c == '\n' {
                    row_fields = 0;
                    if docs.len() >= rows {
                        break;
                    }
                }
            }
            _ => field.push(c),
        }
    }
    docs
}

fn annotate(docs: &[Document]) -> usize {
    let stages = corroborate_extract::default_stages();
    let mut found = 0;
    for doc in docs {
        let mut doc = doc.clone();
        for stage in &stages {
            stage.process(&mut doc).ok();
        }
        found += doc.layers.entities.as_ref().map_or(0, Vec::len)
            + doc.layers.quotes.as_ref().map_or(0, Vec::len)
            + doc.layers.figures.as_ref().map_or(0, Vec::len);
    }
    found
}

fn bench(c: &mut Criterion) {
    let sets = [("seeds", seeds()), ("multi-news", multinews(60))];
    let mut group = c.benchmark_group("annotate");
    for (name, docs) in &sets {
        if docs.is_empty() {
            eprintln!("{name}: shared data not found, skipped");
            continue;
        }
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let expected = annotate(docs);
        assert!(expected > 0);
        eprintln!(
            "{name}: {} articles, {bytes} bytes, {expected} items",
            docs.len()
        );
        group.throughput(Throughput::Elements(docs.len() as u64));
        group.bench_function(format!("{name}/articles"), |b| {
            b.iter(|| assert_eq!(annotate(black_box(docs)), expected))
        });
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("{name}/bytes"), |b| {
            b.iter(|| assert_eq!(annotate(black_box(docs)), expected))
        });
    }
    group.finish();

    let mut docs = seeds();
    if docs.is_empty() {
        return;
    }
    for doc in docs.iter_mut() {
        for stage in corroborate_extract::default_stages() {
            stage.process(doc).ok();
        }
    }
    let refs: Vec<&Document> = docs.iter().collect();
    let entities = corroborate_extract::merge_entities(&refs);
    let quotes = corroborate_extract::merge_quotes(&refs, &entities).len();
    c.bench_function("merge/seeds", |b| {
        b.iter(|| {
            let entities = corroborate_extract::merge_entities(black_box(&refs));
            assert_eq!(
                corroborate_extract::merge_quotes(&refs, &entities).len(),
                quotes
            );
            corroborate_extract::merge_figures(&refs).len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
