//! The fuzz targets' bodies, shared by `fuzz_targets/*.rs` (cargo-fuzz, nightly) and the stable
//! smoke test `crates/ingest/tests/fuzz_smoke.rs`, so both check the same invariants.
// Each fuzz target uses one of these; the smoke test uses all.
#![allow(dead_code)]

use corroborate_core::{Alignment, Document, Meta, Pipeline};

/// File names the first input byte picks from, so every reader is reached.
pub const NAMES: &[&str] = &[
    "a.txt", "a.md", "a.html", "a.jsonl", "a.xml", "a.warc", "a.txt.gz", "a",
];

/// Any bytes under any name (the first byte picks it): no panic, and every document keeps
/// its invariants.
pub fn ingest_read_bytes(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    for doc in corroborate_ingest::read_bytes(name, bytes.to_vec())
        .into_iter()
        .flatten()
    {
        for line in doc.source.split('\n') {
            assert!(!line.is_empty() && line == line.trim(), "bad line {line:?}");
        }
        for segment in doc.source_to_raw.segments() {
            assert!(segment.from.end() <= doc.source.len());
            assert!(segment.to.end() <= doc.raw.len());
            if segment.exact {
                assert_eq!(
                    doc.source.as_bytes()[segment.from.range()],
                    doc.raw[segment.to.range()]
                );
            }
        }
    }
}

/// Any text through cleaning, sentences and every extractor: no panic, spans valid.
/// Non-UTF-8 input is skipped.
pub fn annotate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut stages = corroborate_text::default_stages();
    stages.extend(corroborate_extract::default_stages());
    let Ok(pipeline) = Pipeline::new(stages) else {
        return;
    };
    let mut doc = Document::new(
        "fuzz",
        Meta::default(),
        text.as_bytes().to_vec(),
        text.to_string(),
        Alignment::identity(text.len()),
    );
    if pipeline.process(&mut doc).is_err() {
        return;
    }
    for sentence in doc.sentences() {
        assert!(sentence.span.is_valid_for(&doc.text));
    }
    for mention in doc.layers.entities.iter().flatten() {
        assert!(mention.span.is_valid_for(&doc.text));
    }
    for figure in doc.layers.figures.iter().flatten() {
        assert!(figure.span.is_valid_for(&doc.text));
    }
    for quote in doc.layers.quotes.iter().flatten() {
        assert!(quote.span.is_valid_for(&doc.text));
    }
}
