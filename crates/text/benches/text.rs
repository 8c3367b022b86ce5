//! Throughput of cleaning, sentence splitting and language detection on the seeds and on
//! multi-news articles. Each timed loop checks a count computed beforehand, so a fast but
//! wrong change cannot pass unnoticed.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use corroborate_text::{detect_language, split_sentences, Cleaner};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn corpora() -> Vec<(&'static str, Vec<String>)> {
    let mut corpora = Vec::new();
    if let Some(dir) = corroborate_core::shared_dir() {
        let mut seeds: Vec<String> = std::fs::read_dir(dir.join("seeds"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
            .collect();
        seeds.sort();
        corpora.push(("seeds", seeds));
    }
    if let Some(articles) = common::multi_news() {
        corpora.push(("multi-news", articles));
    }
    if corpora.is_empty() {
        eprintln!("no shared data: benching a synthetic article");
        let line = "Mr. Witkoff met Vladimir V. Putin in St. Petersburg on Friday, the U.S. said.";
        corpora.push(("synthetic", vec![vec![line; 40].join("\n")]));
    }
    corpora
}

fn bench(c: &mut Criterion) {
    let cleaner = Cleaner::new();
    for (name, docs) in corpora() {
        let bytes: usize = docs.iter().map(String::len).sum();
        let cleaned: Vec<String> = docs.iter().map(|d| cleaner.clean(d).text).collect();
        let dropped: usize = docs.iter().map(|d| cleaner.clean(d).dropped.len()).sum();
        let sentences: usize = cleaned.iter().map(|t| split_sentences(t).len()).sum();
        let clean_bytes: usize = cleaned.iter().map(String::len).sum();
        eprintln!(
            "{name}: {} docs, {bytes} bytes, {dropped} lines dropped, {sentences} sentences",
            docs.len()
        );

        let mut group = c.benchmark_group(format!("text/{name}"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("clean", |b| {
            b.iter(|| {
                let got: usize = docs
                    .iter()
                    .map(|d| cleaner.clean(black_box(d)).dropped.len())
                    .sum();
                assert_eq!(got, dropped);
            })
        });
        group.throughput(Throughput::Bytes(clean_bytes as u64));
        group.bench_function("split", |b| {
            b.iter(|| {
                let got: usize = cleaned
                    .iter()
                    .map(|t| split_sentences(black_box(t)).len())
                    .sum();
                assert_eq!(got, sentences);
            })
        });
        group.throughput(Throughput::Elements(sentences as u64));
        group.bench_function("split_sentences_per_s", |b| {
            b.iter(|| {
                let got: usize = cleaned
                    .iter()
                    .map(|t| split_sentences(black_box(t)).len())
                    .sum();
                assert_eq!(got, sentences);
            })
        });
        group.throughput(Throughput::Bytes(clean_bytes as u64));
        group.bench_function("language", |b| {
            b.iter(|| {
                let got = cleaned
                    .iter()
                    .filter(|t| detect_language(black_box(t)).is_some())
                    .count();
                black_box(got);
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
