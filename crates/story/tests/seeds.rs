//! The five seed reports of one event: grouping puts them in one story and finds that 001 is a
//! reworded rewrite of 002, and alignment finds the facts several reports carry (corroborated,
//! with the right sources: 001 and 002 count once) and those only one carries (single-source).
//! Sentences from corroborate-text, lexical fallback vectors.

mod common;

use std::collections::BTreeSet;

use corroborate_core::{Claim, ClaimStatus, Document, Story};
use corroborate_story::{align, group, AlignOptions, GroupOptions};

const A0: &str = "000_841b67029f013a2a";
const A1: &str = "001_c4dd9b04b4fbc875";
const A2: &str = "002_f30967fe853bc2f1";
const A3: &str = "003_93ee6f5d1f5ef7d1";
const A4: &str = "004_9aea78012a7bd7ff";

fn aligned() -> Option<(Vec<Document>, Story)> {
    let docs = common::seeds()?;
    let grouping = group(&docs, &GroupOptions::default());
    let mut story = grouping.stories[0].clone();
    let refs: Vec<&Document> = docs.iter().collect();
    align(
        &mut story,
        &refs,
        &grouping.derived_from,
        &AlignOptions::default(),
    );
    Some((docs, story))
}

/// The claims whose support includes a clause of `article` containing `phrase` (a clause
/// that states two facts supports two claims).
fn claims_with<'a>(story: &'a Story, article: &str, phrase: &str) -> Vec<&'a Claim> {
    let found: Vec<&Claim> = story
        .claims
        .iter()
        .filter(|c| {
            c.support
                .iter()
                .any(|s| s.article == article && s.text.contains(phrase))
        })
        .collect();
    assert!(!found.is_empty(), "no claim with {phrase:?} from {article}");
    found
}

/// The first claim with that clause.
fn claim_with<'a>(story: &'a Story, article: &str, phrase: &str) -> &'a Claim {
    claims_with(story, article, phrase)[0]
}

fn articles(claim: &Claim) -> BTreeSet<&str> {
    claim.support.iter().map(|s| s.article.as_str()).collect()
}

/// Independent sources among the articles: 001 retells 002.
fn independent(articles: &BTreeSet<&str>) -> usize {
    articles.len() - usize::from(articles.contains(A1) && articles.contains(A2))
}

/// A fact carried by several reports: corroborated, supported by every listed article.
fn corroborated(story: &Story, article: &str, phrase: &str, sources: &[&str]) {
    let claims = claims_with(story, article, phrase);
    let claim = claims
        .iter()
        .find(|c| sources.iter().all(|s| articles(c).contains(s)))
        .unwrap_or_else(|| {
            let got: Vec<_> = claims.iter().map(|c| articles(c)).collect();
            panic!("{phrase}: no claim with all of {sources:?}: {got:?}")
        });
    assert_eq!(
        claim.status,
        ClaimStatus::Corroborated,
        "{phrase}: {claim:#?}"
    );
    assert_eq!(
        claim.independent_sources,
        independent(&articles(claim)),
        "{phrase}"
    );
}

/// A fact only 002 and its rewrite 001 carry: one source.
fn rewritten(story: &Story, phrase: &str) {
    for claim in claims_with(story, A1, phrase) {
        assert_eq!(
            claim.status,
            ClaimStatus::SingleSource,
            "{phrase}: {claim:#?}"
        );
        assert_eq!(articles(claim), BTreeSet::from([A1, A2]), "{phrase}");
        assert_eq!(claim.independent_sources, 1, "{phrase}");
    }
}

/// A fact only one report carries.
fn single(story: &Story, article: &str, phrase: &str) {
    let coverage = story
        .coverage
        .iter()
        .find(|c| c.article == article)
        .unwrap();
    for claim in claims_with(story, article, phrase) {
        assert_eq!(
            claim.status,
            ClaimStatus::SingleSource,
            "{phrase}: {claim:#?}"
        );
        assert_eq!(articles(claim), BTreeSet::from([article]), "{phrase}");
        assert!(coverage.alone.contains(&claim.id), "{phrase}");
    }
}

#[test]
fn seeds_form_one_story() {
    let Some(docs) = common::seeds() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    let grouping = group(&docs, &GroupOptions::default());
    assert_eq!(grouping.stories.len(), 1, "{:#?}", grouping.stories);
    let story = &grouping.stories[0];
    assert_eq!(story.id, "s1");
    assert_eq!(story.articles, vec![A0, A1, A2, A3, A4]);
    assert_eq!(story.membership.len(), 5);
    for member in &story.membership {
        assert!(member.similarity > 0.1, "{member:?}");
        assert!(!member.shared_terms.is_empty());
        assert!(
            member.shared_entities.iter().any(|e| e.contains("putin")),
            "{member:?}"
        );
    }
    // 001 retells 002 sentence by sentence, in its order, with its quotes.
    assert_eq!(
        grouping.derived_from.keys().collect::<Vec<_>>(),
        vec![A1],
        "{:?}",
        grouping.derived_from
    );
    let derived = &grouping.derived_from[A1];
    assert_eq!(derived.article, A2);
    assert!(derived.similarity >= 0.6, "{derived:?}");
    assert!(
        derived.evidence.contains("sentences reworded")
            && derived.evidence.contains("shared quotes"),
        "{}",
        derived.evidence
    );
}

#[test]
fn seeds_corroborated_facts() {
    let Some((_, story)) = aligned() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    // The meeting itself, in every report.
    corroborated(
        &story,
        A3,
        "met with Russian President Vladimir Putin in St. Petersburg",
        &[A0, A1, A2, A3, A4],
    );
    assert_eq!(story.claims[0].id, "c1");
    assert_eq!(articles(&story.claims[0]).len(), 5);
    // The meeting with Dmitriev first.
    corroborated(
        &story,
        A0,
        "Kirill Dmitriev earlier on Friday",
        &[A0, A2, A3, A4],
    );
    // Third meeting.
    corroborated(&story, A1, "held his third meeting", &[A1, A2, A3]);
    corroborated(&story, A2, "their third session", &[A1, A2, A3]);
    // No breakthrough expected.
    corroborated(&story, A3, "no major breakthroughs", &[A1, A3, A4]);
    // Brussels: allies met; the contact group of some 50 countries.
    corroborated(&story, A2, "allies met in Brussels", &[A0, A1, A2]);
    corroborated(&story, A0, "around 50 countries", &[A0, A2]);
    // The €21bn pledge, written four ways, agrees.
    corroborated(&story, A4, "€21bn", &[A0, A1, A2, A4]);
    let pledge = claim_with(&story, A4, "€21bn");
    assert!(pledge.conflicts.is_empty());
    assert_eq!(pledge.differs_in_detail, None);
    // The 30-day ceasefire Ukraine accepted and Russia did not: only 002 and its rewrite.
    rewritten(&story, "30-day cease-fire");
    rewritten(&story, "Russia has not");
    // Trump's "get moving".
    corroborated(&story, A3, "get moving", &[A3, A4]);
    // More facts two reports share.
    corroborated(&story, A0, "participated virtually", &[A0, A2]);
    corroborated(&story, A0, "in Oman", &[A0, A2]);
    corroborated(&story, A2, "on the agenda", &[A0, A1, A2]);
    corroborated(&story, A1, "appears to be out of reach", &[A0, A1, A2]);
    rewritten(&story, "sending a signal to Putin");
    rewritten(&story, "a friendship, a relationship");
}

#[test]
fn seeds_single_source_facts() {
    let Some((_, story)) = aligned() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    single(&story, A0, "Germany pledged an additional €11 billion");
    single(&story, A4, "prisoner swap");
    single(&story, A4, "captured two Chinese nationals");
    single(&story, A3, "shaking hands");
    single(&story, A0, "164 deaths");
    single(&story, A4, "Kellogg");
}

#[test]
fn seeds_claims_are_well_formed() {
    let Some((docs, story)) = aligned() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    for (k, claim) in story.claims.iter().enumerate() {
        assert_eq!(claim.id, format!("c{}", k + 1));
        // The claim is shown by one of its members (the most central one).
        assert!(
            claim.support.iter().any(|s| s.text == claim.text),
            "{claim:#?}"
        );
        // Distinct clauses (an article that states the fact twice supports it twice).
        let mut clauses = BTreeSet::new();
        for support in &claim.support {
            let doc = docs.iter().find(|d| d.id == support.article).unwrap();
            assert_eq!(&doc.text[support.span], support.text);
            let sentence = doc.sentences()[support.sentence].span;
            assert!(sentence.contains(support.span));
            assert!(
                clauses.insert((&support.article, support.span)),
                "{claim:#?}"
            );
        }
        if k > 0 {
            assert!(story.claims[k - 1].independent_sources >= claim.independent_sources);
        }
    }
    // No claim on the seeds contradicts another: every figure agrees after conversion.
    let conflicting: Vec<_> = story
        .claims
        .iter()
        .filter(|c| c.status == ClaimStatus::Conflicting)
        .collect();
    assert!(conflicting.is_empty(), "{conflicting:#?}");
    assert_eq!(story.coverage.len(), 5);
    assert_eq!(story.similarity.len(), 5);
    for (i, row) in story.similarity.iter().enumerate() {
        assert_eq!(row[i], 1.0);
        assert!(row.iter().all(|&s| (0.0..=1.0).contains(&s)));
    }
    // Every report omits some corroborated claim and adds some of its own.
    for coverage in &story.coverage {
        assert!(!coverage.alone.is_empty(), "{coverage:?}");
    }
}

#[test]
fn rewrites_count_once() {
    let Some((docs, _)) = aligned() else {
        eprintln!("skipped: no shared dir");
        return;
    };
    // A light rewrite of report 001 published later: detected, and not an independent source.
    // (002, which 001 retells, is left out.)
    let mut copy = Document::from_text(
        "001-copy",
        &docs[1].text.replace("Simultaneously", "At the same time"),
    );
    copy = common::annotate(copy);
    let mut original = docs[1].clone();
    original.meta.published = Some("2025-04-11T08:00:00Z".into());
    copy.meta.published = Some("2025-04-11T10:00:00Z".into());
    let all = vec![docs[0].clone(), original, copy, docs[3].clone()];
    let grouping = group(&all, &GroupOptions::default());
    assert_eq!(grouping.stories.len(), 1);
    let derived = &grouping.derived_from["001-copy"];
    assert_eq!(derived.article, A1);
    assert!(
        derived
            .evidence
            .contains("Jaccard of 5-word shingles; published 2h later"),
        "{}",
        derived.evidence
    );
    let mut story = grouping.stories[0].clone();
    let refs: Vec<&Document> = all.iter().collect();
    align(
        &mut story,
        &refs,
        &grouping.derived_from,
        &AlignOptions::default(),
    );
    let meeting = claim_with(&story, A3, "met with Russian President Vladimir Putin");
    assert_eq!(
        articles(meeting),
        BTreeSet::from([A0, A1, "001-copy", A3]),
        "{meeting:#?}"
    );
    assert_eq!(meeting.independent_sources, 3);
    let healey = claim_with(&story, A1, "sending a signal to Putin");
    assert_eq!(articles(healey), BTreeSet::from([A1, "001-copy"]));
    assert_eq!(healey.independent_sources, 1);
    let only_001 = claim_with(&story, "001-copy", "has taken a different path");
    assert!(articles(only_001).contains(A1));
    assert_eq!(only_001.independent_sources, 1);
    assert_eq!(only_001.status, ClaimStatus::SingleSource);
}
