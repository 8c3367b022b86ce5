//! Reworded rewrites: a report retold sentence by sentence from another is marked with its
//! original and counts once; an independent report of the same facts in another order is not.
//! Invented articles, sentences from corroborate-text, lexical fallback vectors (so sentences
//! compare by content terms).

mod common;

use corroborate_core::{ClaimStatus, Document};
use corroborate_story::{align, group, AlignOptions, GroupOptions, Grouping};

const ORIGINAL: &str = "A fire broke out at the Harlow Mills textile factory in Brenton late on Tuesday night. \
Firefighters from four stations fought the blaze for nearly six hours before bringing it under control. \
Two night-shift workers were taken to Brenton General Hospital with smoke inhalation. \
Fire chief Marta Kessler said the flames spread quickly through stored cotton bales. \
\"We were lucky that the sprinklers in the east wing held the fire back,\" Kessler told reporters. \
The factory employs about 340 people and is the largest employer in the county. \
Owner Delford Group said production would be suspended for at least three weeks. \
Investigators from the state fire marshal's office will examine the factory wiring on Thursday. \
Residents near the plant were asked to keep their windows closed overnight.";

/// The same facts, the same order and the same quote; every sentence reworded.
const REWRITE: &str =
    "Late on Tuesday night, fire erupted at the Harlow Mills textile plant in Brenton. \
Crews from four fire stations battled the blaze for almost six hours until it was under control. \
Brenton General Hospital treated two workers from the night shift for smoke inhalation. \
According to fire chief Marta Kessler, the flames raced through bales of stored cotton. \
\"We were lucky that the sprinklers in the east wing held the fire back,\" Kessler said. \
With about 340 staff, the factory is the largest employer in the county. \
Delford Group, the owner, said factory production would be suspended for three weeks or more. \
On Thursday, investigators from the state fire marshal will inspect the factory wiring. \
People living near the plant were told to keep windows closed overnight.";

/// The same facts from another outlet: another order, other quotes, its own wording.
const INDEPENDENT: &str = "Delford Group will halt production at its Brenton textile factory for at least three weeks after a night fire. \
Some 340 people work at the Harlow Mills site, the biggest employer in the county. \
State fire marshal investigators are due on Thursday to look at the factory wiring. \
\"It is devastating for the whole town,\" said weaver Jonah Pike, who has worked at the mill for twenty years. \
Two employees on the night shift were treated for smoke inhalation at Brenton General Hospital. \
Neighbours were told to keep windows closed overnight. \
The blaze began late on Tuesday and burned quickly through stored cotton bales. \
Firefighters from four stations needed almost six hours to control it, chief Marta Kessler said. \
\"This could have been much worse for everyone here,\" Kessler said.";

fn doc(id: &str, outlet: &str, published: &str, text: &str) -> Document {
    let mut doc = Document::from_text(id, text);
    doc.meta.outlet = Some(outlet.to_string());
    doc.meta.published = Some(published.to_string());
    common::annotate(doc)
}

fn fire_reports() -> Vec<Document> {
    vec![
        doc(
            "courier",
            "Valley Courier",
            "2025-03-04T08:00:00Z",
            ORIGINAL,
        ),
        doc("daily", "Metro Daily", "2025-03-04T11:00:00Z", REWRITE),
        doc("channel9", "Channel 9", "2025-03-04T09:30:00Z", INDEPENDENT),
    ]
}

fn grouped(docs: &[Document]) -> Grouping {
    let grouping = group(docs, &GroupOptions::default());
    assert_eq!(grouping.stories.len(), 1, "{:#?}", grouping.stories);
    grouping
}

#[test]
fn reworded_rewrite_is_marked_with_its_original() {
    let docs = fire_reports();
    let grouping = grouped(&docs);
    let derived = &grouping.derived_from["daily"];
    assert_eq!(derived.article, "courier");
    assert!(derived.similarity >= 0.6, "{derived:?}");
    assert!(
        derived
            .evidence
            .starts_with("9 of 9 sentences reworded in the same order; 1 shared quote"),
        "{}",
        derived.evidence
    );
    assert!(
        derived.evidence.ends_with("; published 3h later"),
        "{}",
        derived.evidence
    );
}

#[test]
fn independent_report_in_another_order_is_not_a_rewrite() {
    let docs = fire_reports();
    let grouping = grouped(&docs);
    assert!(
        !grouping.derived_from.contains_key("channel9"),
        "{:?}",
        grouping.derived_from
    );
    // Without the rewrite, the two remaining reports are independent of each other.
    let pair = vec![docs[0].clone(), docs[2].clone()];
    assert!(grouped(&pair).derived_from.is_empty());
}

#[test]
fn rewrite_and_original_count_as_one_source() {
    let docs = fire_reports();
    let grouping = grouped(&docs);
    let mut story = grouping.stories[0].clone();
    let refs: Vec<&Document> = docs.iter().collect();
    align(
        &mut story,
        &refs,
        &grouping.derived_from,
        &AlignOptions::default(),
    );
    let claim_with = |phrase: &str| {
        story
            .claims
            .iter()
            .find(|c| c.support.iter().any(|s| s.text.contains(phrase)))
            .unwrap_or_else(|| panic!("no claim with {phrase:?}: {:#?}", story.claims))
    };
    // The shared quote: two articles, one source.
    let quote = claim_with("sprinklers in the east wing");
    assert_eq!(quote.support.len(), 2, "{quote:#?}");
    assert_eq!(quote.independent_sources, 1);
    assert_eq!(quote.status, ClaimStatus::SingleSource);
    // The hospital: all three articles, two sources.
    let hospital = claim_with("smoke inhalation");
    assert_eq!(hospital.support.len(), 3, "{hospital:#?}");
    assert_eq!(hospital.independent_sources, 2);
    assert_eq!(hospital.status, ClaimStatus::Corroborated);
}

#[test]
fn near_verbatim_copy_keeps_its_shingle_evidence() {
    let mut docs = fire_reports();
    docs[1] = doc(
        "daily",
        "Metro Daily",
        "2025-03-04T11:00:00Z",
        &ORIGINAL.replace("nearly six hours", "almost six hours"),
    );
    let grouping = grouped(&docs);
    let derived = &grouping.derived_from["daily"];
    assert_eq!(derived.article, "courier");
    assert!(
        derived.evidence.contains("Jaccard of 5-word shingles"),
        "{}",
        derived.evidence
    );
}
