//! The example corpus: five plain-text reports of one event.

mod common;

use common::{check_invariants, raw_of};
use corroborate_core::shared_dir;
use corroborate_ingest::{discover, read_input};

#[test]
fn seeds_read_with_titles_and_datelines() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipping: no shared data");
        return;
    };
    let inputs = discover(&[shared.join("seeds")]);
    assert_eq!(inputs.len(), 5);
    let mut docs = Vec::new();
    for input in inputs {
        let mut results = read_input(&input.unwrap());
        assert_eq!(results.len(), 1);
        docs.push(results.remove(0).unwrap());
    }
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids[0], "000_841b67029f013a2a");
    for doc in &docs {
        check_invariants(doc);
        assert_eq!(doc.meta.format.as_deref(), Some("txt"));
        let raw = String::from_utf8(doc.raw.clone()).unwrap();
        let lines = raw.lines().filter(|l| !l.trim().is_empty()).count();
        let expected = lines - usize::from(doc.meta.title.is_some());
        assert_eq!(doc.source.lines().count(), expected, "{}", doc.id);
        let last = doc.source.lines().last().unwrap();
        assert_eq!(raw_of(doc, last), last);
    }
    assert_eq!(docs[0].meta.dateline.as_deref(), Some("Moscow:"));
    assert!(docs[0].source.starts_with("A senior figure"));
    assert_eq!(docs[0].meta.title, None);
    assert_eq!(
        docs[4].meta.title.as_deref(),
        Some("Witkoff engages with Putin while Trump calls on Russia to expedite efforts for a ceasefire in Ukraine")
    );
    assert!(docs[4].source.starts_with("As an Israeli hostage"));
    for doc in &docs[1..4] {
        assert_eq!(doc.meta.title, None, "{}", doc.id);
        assert_eq!(doc.meta.dateline, None, "{}", doc.id);
    }
    assert_eq!(docs[4].meta.dateline, None);
}
