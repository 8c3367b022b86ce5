//! Reading throughput: plain text (the seeds) and HTML (the extraction benchmark's pages).

use std::io::Read;

use corroborate_core::shared_dir;
use corroborate_ingest::read_bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn load(dir: &std::path::Path, gunzip: bool) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            let bytes = if gunzip {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut out)
                    .ok()?;
                out
            } else {
                bytes
            };
            let name = path
                .display()
                .to_string()
                .trim_end_matches(".gz")
                .to_string();
            Some((name, bytes))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let Some(shared) = shared_dir() else {
        eprintln!("no shared data; nothing to bench");
        return;
    };
    let seeds = load(&shared.join("seeds"), false);
    let pages = load(&shared.join("data/extraction/html"), true);
    for (label, inputs, expected) in [
        ("txt_seeds", &seeds, 5usize),
        ("html_extraction_pages", &pages, 91),
    ] {
        if inputs.len() != expected {
            eprintln!(
                "{label}: expected {expected} inputs, found {}",
                inputs.len()
            );
            continue;
        }
        let bytes: usize = inputs.iter().map(|(_, b)| b.len()).sum();
        let mut group = c.benchmark_group(label);
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("read_bytes", |b| {
            b.iter(|| {
                let articles = inputs
                    .iter()
                    .flat_map(|(name, raw)| read_bytes(name, raw.clone()))
                    .filter(Result::is_ok)
                    .count();
                assert_eq!(articles, expected);
                articles
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
