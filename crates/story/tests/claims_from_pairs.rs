//! Claims are formed from the pairwise judgement: every pair of clauses of different articles
//! the claim model judges to share a fact ends in one claim (the partition alone leaves some
//! apart), and sentences no other article states stay alone.

mod common;

use std::collections::BTreeSet;

use corroborate_core::{Document, Span, Story};
use corroborate_story::{clause_pairs, share_threshold, AlignOptions, ClausePair};

const TEXTS: &[&str] = &[
    "Harbour authority chief Mirela Tosk opened the rebuilt Oskvik ferry terminal on Tuesday. \
     The terminal cost 42 million crowns to rebuild. Pensioners will cross for free from March. \
     Weather delayed two sailings in the afternoon.",
    "The rebuilt ferry terminal at Oskvik was opened by Mirela Tosk on Tuesday. Rebuilding the \
     terminal cost 42 million crowns, the harbour authority said. The fleet is twenty years old.",
    "Mirela Tosk, who heads the harbour authority, opened the Oskvik ferry terminal on Tuesday \
     after a two-year rebuild. From March, pensioners will get free crossings, Tosk announced. \
     A new cafe serves the waiting room.",
    "Free crossings for pensioners start in March, the harbour office said. The terminal's \
     rebuild cost 42 million crowns. Local fishermen protested outside the terminal gates.",
];

fn story() -> (Vec<Document>, Story, Vec<ClausePair>) {
    let docs = common::annotated(TEXTS);
    let story = common::aligned(&docs);
    let refs: Vec<&Document> = docs.iter().collect();
    let pairs = clause_pairs(&story, &refs, &AlignOptions::default());
    (docs, story, pairs)
}

type Clause = (String, Span);

fn key(a: &Clause, b: &Clause) -> (Clause, Clause) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

#[test]
fn every_pair_judged_to_share_a_fact_ends_in_one_claim() {
    let (_, story, pairs) = story();
    all_judged_pairs_together(&story, &pairs, 4);
}

#[test]
fn every_pair_judged_to_share_a_fact_ends_in_one_claim_on_the_seeds() {
    let Some(docs) = common::seeds() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let story = common::aligned(&docs);
    let refs: Vec<&Document> = docs.iter().collect();
    let pairs = clause_pairs(&story, &refs, &AlignOptions::default());
    all_judged_pairs_together(&story, &pairs, 30);
}

/// The pairs of clauses of different articles that share a claim.
fn together(story: &Story) -> BTreeSet<(Clause, Clause)> {
    story
        .claims
        .iter()
        .flat_map(|claim| {
            let support: Vec<Clause> = claim
                .support
                .iter()
                .map(|s| (s.article.clone(), s.span))
                .collect();
            let mut out = Vec::new();
            for (x, a) in support.iter().enumerate() {
                for b in &support[x + 1..] {
                    out.push(key(a, b));
                }
            }
            out
        })
        .collect()
}

fn pair_key(pair: &ClausePair) -> (Clause, Clause) {
    key(
        &(pair.a.article.clone(), pair.a.span),
        &(pair.b.article.clone(), pair.b.span),
    )
}

/// The pairs the claim model judges to share a fact.
fn judged(pairs: &[ClausePair]) -> impl Iterator<Item = &ClausePair> {
    let threshold = share_threshold(&AlignOptions::default());
    pairs.iter().filter(move |p| p.probability >= threshold)
}

fn all_judged_pairs_together(story: &Story, pairs: &[ClausePair], at_least: usize) {
    let together = together(story);
    let judged: Vec<&ClausePair> = judged(pairs).collect();
    // The story has shared facts: several pairs.
    assert!(judged.len() >= at_least, "{} pairs", judged.len());
    for pair in judged {
        assert!(
            together.contains(&pair_key(pair)),
            "{pair:#?} not in one claim: {:#?}",
            story.claims
        );
    }
}

#[test]
fn without_the_claim_model_judged_pairs_stay_apart_on_the_seeds() {
    let Some(docs) = common::seeds() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let opts = AlignOptions {
        share: false,
        ..AlignOptions::default()
    };
    let mut story = Story {
        id: "s1".into(),
        ..Story::default()
    };
    let refs: Vec<&Document> = docs.iter().collect();
    corroborate_story::align(&mut story, &refs, &Default::default(), &opts);
    let pairs = clause_pairs(&story, &refs, &opts);
    let apart = judged(&pairs)
        .filter(|pair| !together(&story).contains(&pair_key(pair)))
        .count();
    assert!(apart >= 5, "{apart} judged pairs apart");
}

#[test]
fn claims_hold_distinct_clauses_and_lone_sentences_stay_alone() {
    let (_, story, _) = story();
    let mut corroborated = 0;
    for claim in &story.claims {
        let clauses: BTreeSet<Clause> = claim
            .support
            .iter()
            .map(|s| (s.article.clone(), s.span))
            .collect();
        assert_eq!(clauses.len(), claim.support.len(), "{claim:#?}");
        corroborated += usize::from(claim.support.len() > 1);
    }
    assert!(corroborated >= 3, "{:#?}", story.claims);
    for lone in [
        "Weather delayed",
        "The fleet is",
        "A new cafe",
        "Local fishermen",
    ] {
        let claims: Vec<_> = story
            .claims
            .iter()
            .filter(|c| c.support.iter().any(|s| s.text.starts_with(lone)))
            .collect();
        assert_eq!(claims.len(), 1, "{lone}: {claims:#?}");
        assert_eq!(claims[0].support.len(), 1, "{:#?}", claims[0]);
    }
}

#[test]
fn an_article_that_states_a_fact_twice_supports_one_claim_with_both() {
    let texts = [
        "The Oskvik ferry terminal reopened on Tuesday after a two-year rebuild. The council \
         approved a new parking plan. Crowds watched as the rebuilt Oskvik ferry terminal \
         reopened on Tuesday.",
        "The rebuilt Oskvik ferry terminal reopened on Tuesday after two years of work. Fares \
         will stay the same.",
        "After a two-year rebuild, the Oskvik ferry terminal reopened on Tuesday. A cafe opens \
         next month.",
    ];
    let docs = common::annotated(&texts);
    let story = common::aligned(&docs);
    let reopened: Vec<_> = story
        .claims
        .iter()
        .filter(|c| c.support.iter().any(|s| s.text.contains("reopened")))
        .collect();
    assert_eq!(reopened.len(), 1, "{reopened:#?}");
    let from_d0 = reopened[0]
        .support
        .iter()
        .filter(|s| s.article == "d0")
        .count();
    assert_eq!(from_d0, 2, "{:#?}", reopened[0]);
    assert_eq!(reopened[0].independent_sources, 3);
}
