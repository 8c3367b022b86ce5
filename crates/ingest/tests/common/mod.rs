//! Helpers shared by the integration tests.
#![allow(dead_code)]

use corroborate_core::{Document, Span};

/// The only article of an input, which must read.
pub fn one(name: &str, bytes: &[u8]) -> Document {
    let mut results = corroborate_ingest::read_bytes(name, bytes.to_vec());
    assert_eq!(results.len(), 1, "{name}: {results:?}");
    match results.remove(0) {
        Ok(doc) => doc,
        Err(error) => panic!("{name}: {error}"),
    }
}

/// The raw bytes behind `needle`'s first occurrence in the source, as text.
pub fn raw_of(doc: &Document, needle: &str) -> String {
    let at = doc
        .source
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in source {:?}", doc.source));
    let span = Span::from_offsets(at, at + needle.len());
    let raw = doc
        .source_to_raw
        .map_span(span)
        .unwrap_or_else(|| panic!("{needle:?} unaligned"));
    String::from_utf8_lossy(&doc.raw[raw.range()]).into_owned()
}

/// Every line trimmed and non-empty; every aligned offset inside raw.
pub fn check_invariants(doc: &Document) {
    for line in doc.source.split('\n') {
        assert!(!line.is_empty(), "blank line in {:?}", doc.source);
        assert_eq!(line, line.trim(), "untrimmed line {line:?}");
    }
    let mut last_end = 0;
    for segment in doc.source_to_raw.segments() {
        assert!(segment.from.start() >= last_end);
        last_end = segment.from.end();
        assert!(segment.from.end() <= doc.source.len());
        assert!(
            segment.to.end() <= doc.raw.len(),
            "{segment:?} past raw {}",
            doc.raw.len()
        );
        if segment.exact {
            assert_eq!(
                doc.source.as_bytes()[segment.from.range()],
                doc.raw[segment.to.range()]
            );
        }
    }
}
