//! False positives of reworded-rewrite detection on Multi-News: the documents of one row are
//! different outlets' reports of one story, so few of their pairs should be flagged (some rows
//! hold genuine syndicated copies). Ignored: it prints figures for a person to read.
//!
//! `cargo test -p corroborate-eval --test rewrites -- --ignored --nocapture`
//!
//! On the validation set (775 same-row pairs), content terms: 9 flagged (1.2%); neural vectors
//! (`corroborate analyze` over all rows mixed): 9 (1.2%). About two thirds are genuine
//! derivatives (an AP story and a paper's retelling of it, an aggregator retelling a TV
//! station's report, a trade paper retelling a studio press release); the rest are separate
//! reports of one press conference, release or transcript.

mod common;

use corroborate_core::{shared_dir, Document};
use corroborate_eval::load_multinews;
use corroborate_story::{group, GroupOptions};

#[test]
#[ignore]
fn multinews_rewrite_rate() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let rows = load_multinews(&shared.join("data/multi-news/validation.csv")).unwrap();
    let (mut pairs, mut flagged, mut near) = (0usize, Vec::new(), 0usize);
    for (r, row) in rows.iter().enumerate() {
        let docs: Vec<Document> = row
            .documents
            .iter()
            .enumerate()
            .map(|(i, text)| common::annotate(Document::from_text(format!("r{r}-{i}"), text)))
            .collect();
        pairs += docs.len() * docs.len().saturating_sub(1) / 2;
        for (copy, derived) in group(&docs, &GroupOptions::default()).derived_from {
            if derived.evidence.contains("sentences reworded") {
                flagged.push(format!(
                    "{copy} <- {}: {}",
                    derived.article, derived.evidence
                ));
            } else {
                near += 1;
            }
        }
    }
    println!(
        "{} rows, {pairs} same-story pairs: {} flagged as reworded rewrites ({:.1}%), {near} as near-verbatim copies",
        rows.len(),
        flagged.len(),
        100.0 * flagged.len() as f64 / pairs.max(1) as f64
    );
    for line in &flagged {
        println!("  {line}");
    }
}
