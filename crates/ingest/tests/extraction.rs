//! The alignment of what HTML extraction finds back into the benchmark pages (the extraction
//! scores against the gold text are corroborate-eval's `tests/extraction.rs`).

mod common;

use corroborate_core::shared_dir;
use corroborate_ingest::read_bytes;

fn extraction_dir() -> Option<std::path::PathBuf> {
    let dir = shared_dir()?.join("data/extraction");
    dir.is_dir().then_some(dir)
}

#[test]
fn extracted_paragraphs_map_back_into_the_pages() {
    let Some(dir) = extraction_dir() else {
        eprintln!("skipping: no extraction data");
        return;
    };
    let mut pages = 0;
    let mut covered = 0.0;
    let mut entries: Vec<_> = std::fs::read_dir(dir.join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries.iter().take(30) {
        let bytes = std::fs::read(path).unwrap();
        for doc in read_bytes(&path.display().to_string(), bytes)
            .into_iter()
            .flatten()
        {
            common::check_invariants(&doc);
            let aligned: usize = doc
                .source_to_raw
                .segments()
                .iter()
                .map(|s| s.from.len())
                .sum();
            covered += aligned as f64 / doc.source.len().max(1) as f64;
            pages += 1;
            let last = doc.source.lines().last().unwrap();
            let words: Vec<&str> = last.split_whitespace().take(3).collect();
            let needle = words.join(" ");
            if let Some(raw) = doc.source.rfind(&needle).and_then(|at| {
                doc.source_to_raw
                    .map_span(corroborate_core::Span::from_offsets(at, at + needle.len()))
            }) {
                let raw_text = String::from_utf8_lossy(&doc.raw[raw.range()]).into_owned();
                let first = words[0].trim_matches(|c: char| !c.is_alphanumeric());
                assert!(
                    raw_text.contains(first),
                    "{}: {needle:?} -> {raw_text:?}",
                    doc.id
                );
            }
        }
    }
    assert!(pages >= 29);
    let mean = covered / pages as f64;
    println!("mean aligned share of source bytes: {mean:.3}");
    assert!(mean >= 0.9, "{mean}");
}
