//! Any bytes under any name: no panic, and every document keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["a.txt", "a.md", "a.html", "a.jsonl", "a.xml", "a.warc", "a.txt.gz", "a"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    for doc in corroborate_ingest::read_bytes(name, bytes.to_vec()).into_iter().flatten() {
        for line in doc.source.split('\n') {
            assert!(!line.is_empty() && line == line.trim());
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
});
