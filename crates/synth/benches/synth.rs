//! Brief and HTML rendering on the example corpus (five reports), stand-in pipeline for the
//! annotations. Reports bytes of article text per second.

#[path = "../tests/common/standin.rs"]
mod standin;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use corroborate_core::{Analysis, Document};
use corroborate_synth::{brief, render, Format, RenderOptions};

fn seeds() -> Vec<Document> {
    let Some(dir) = corroborate_core::shared_dir() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir.join("seeds")) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let stem = path.file_stem()?.to_string_lossy().to_string();
            let mut doc = Document::from_text(stem, &text);
            standin::segment(&mut doc);
            Some(doc)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let documents = seeds();
    if documents.is_empty() {
        eprintln!("skipped: no shared seeds");
        return;
    }
    let bytes: usize = documents.iter().map(|doc| doc.text.len()).sum();
    let story = standin::story_of(&documents);
    let refs: Vec<&Document> = documents.iter().collect();
    let expected = brief(&story, &refs).0.len();
    assert!(expected > 0);

    let mut group = c.benchmark_group("synth");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("brief", |b| {
        b.iter(|| {
            let (summary, _) = brief(&story, &refs);
            assert_eq!(summary.len(), expected);
        })
    });
    let mut story = story.clone();
    story.summary = brief(&story, &refs).0;
    let analysis = Analysis {
        documents: documents.clone(),
        stories: vec![story],
        ..Analysis::default()
    };
    let sentences: usize = documents.iter().map(|doc| doc.sentences().len()).sum();
    let opts = RenderOptions::default();
    group.bench_function("render_html", |b| {
        b.iter(|| {
            let html = render(&analysis, Format::Html, &opts);
            assert_eq!(html.matches("class=\"sent\"").count(), sentences);
        })
    });
    group.bench_function("render_json", |b| {
        b.iter(|| {
            let json = render(&analysis, Format::Json, &opts);
            assert!(json.len() > bytes);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
