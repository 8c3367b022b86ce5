//! A sentence that states two facts supports both claims: other outlets state one fact each, and both end up corroborated with that sentence among their support.

mod common;

use std::collections::BTreeMap;

use corroborate_core::{ClaimStatus, Document, Story};
use corroborate_story::{align, AlignOptions};

fn story_of(texts: &[&str], opts: &AlignOptions) -> Story {
    let docs = common::annotated(texts);
    let refs: Vec<&Document> = docs.iter().collect();
    let mut story = Story {
        id: "s1".into(),
        ..Story::default()
    };
    align(&mut story, &refs, &BTreeMap::new(), opts);
    story
}

const TEXTS: &[&str] = &[
    "Harbour authority chief Mirela Tosk opened the rebuilt Oskvik ferry terminal on Tuesday \
     and announced free crossings for pensioners from March.",
    "Mirela Tosk, who heads the harbour authority, opened the rebuilt Oskvik ferry terminal on \
     Tuesday. Weather delayed two sailings.",
    "From March, pensioners will get free crossings, Tosk announced. The fleet is twenty years \
     old.",
    "The rebuilt ferry terminal at Oskvik was opened by Mirela Tosk on Tuesday.",
    "Free crossings for pensioners start in March, the harbour office said.",
];

/// The claims `d0`'s sentence supports, with the other articles beside it.
fn claims_with_d0(story: &Story) -> Vec<Vec<String>> {
    story
        .claims
        .iter()
        .filter(|c| c.support.iter().any(|s| s.article == "d0"))
        .map(|c| c.support.iter().map(|s| s.article.clone()).collect())
        .collect()
}

#[test]
fn a_sentence_with_two_facts_supports_two_claims() {
    let story = story_of(TEXTS, &AlignOptions::default());
    let with_d0 = claims_with_d0(&story);
    assert!(
        with_d0.iter().any(|a| a.contains(&"d1".to_string())),
        "{:#?}",
        story.claims
    );
    assert!(
        with_d0.iter().any(|a| a.contains(&"d2".to_string())),
        "{:#?}",
        story.claims
    );
    // The two facts stay two claims.
    assert!(
        !with_d0
            .iter()
            .any(|a| a.contains(&"d1".to_string()) && a.contains(&"d2".to_string())),
        "{:#?}",
        story.claims
    );
    let corroborated = story
        .claims
        .iter()
        .filter(|c| c.status == ClaimStatus::Corroborated)
        .count();
    assert_eq!(corroborated, 2, "{:#?}", story.claims);
    // The unrelated sentences stay single-source.
    for lone in ["Weather delayed", "The fleet is"] {
        let claim = story
            .claims
            .iter()
            .find(|c| c.text.starts_with(lone))
            .unwrap_or_else(|| panic!("no claim for {lone}: {:#?}", story.claims));
        assert_eq!(claim.status, ClaimStatus::SingleSource);
    }
}

#[test]
fn without_attachment_the_sentence_supports_one_claim() {
    let opts = AlignOptions {
        attach: f32::INFINITY,
        share: false,
        ..AlignOptions::default()
    };
    let story = story_of(TEXTS, &opts);
    let with_d0 = claims_with_d0(&story);
    assert_eq!(with_d0.len(), 1, "{:#?}", story.claims);
}
