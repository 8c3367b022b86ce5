//! Story grouping on Multi-News: all documents of all rows mixed, rows as gold clusters.

mod common;

use corroborate_core::{shared_dir, Document, Sentence, Span};
use corroborate_eval::{eval_clustering, load_multinews};
use corroborate_story::GroupOptions;

/// Naive sentence split: at ". ", "! ", "? " and line ends.
fn split(doc: &mut Document) {
    let text = &doc.text;
    let mut sentences = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        let end_here = bytes[i] == b'\n'
            || (matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_some_and(|b| *b == b' '));
        if end_here {
            let span = Span::from_offsets(start, i + 1).trim(text);
            if !span.is_empty() {
                sentences.push(Sentence { span });
            }
            start = i + 1;
        }
    }
    let span = Span::from_offsets(start, text.len()).trim(text);
    if !span.is_empty() {
        sentences.push(Sentence { span });
    }
    doc.layers.sentences = Some(sentences);
}

fn prepare(docs: Vec<Document>) -> Vec<Document> {
    docs.into_iter()
        .map(|mut doc| {
            split(&mut doc);
            doc
        })
        .collect()
}

#[test]
fn multinews_loads_all_rows() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let rows = load_multinews(&shared.join("data/multi-news/validation.csv")).unwrap();
    assert_eq!(rows.len(), 250);
    let docs: usize = rows.iter().map(|r| r.documents.len()).sum();
    assert_eq!(docs, 690);
    assert!(rows.iter().all(|r| r.summary.starts_with("–")));
}

#[test]
fn multinews_grouping_meets_the_bar() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let mut opts = GroupOptions::default();
    if let Ok(t) = std::env::var("STORY_THRESHOLD") {
        opts.threshold = t.parse().unwrap();
    }
    let eval = eval_clustering(
        &shared.join("data/multi-news/validation.csv"),
        &prepare,
        &opts,
    )
    .unwrap();
    println!("{eval}");
    assert!(eval.scores.bcubed.f1 >= 0.85, "{eval}");
}

#[test]
fn multinews_grouping_with_sentences_and_lexical_vectors() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let prepare = |docs: Vec<Document>| docs.into_iter().map(common::annotate).collect();
    let eval = eval_clustering(
        &shared.join("data/multi-news/validation.csv"),
        &prepare,
        &GroupOptions::default(),
    )
    .unwrap();
    println!("with lexical vectors: {eval}");
    assert!(eval.scores.bcubed.f1 >= 0.85, "{eval}");
}
