//! The cited brief and the timeline on a hand-built story.

mod common;

use corroborate_core::{BriefSection, ClaimStatus, Document, Story};
use corroborate_synth::{brief, brief_with, BriefOptions};

fn run() -> (Vec<Document>, Story) {
    let docs = common::documents();
    let story = common::story(&docs);
    (docs, story)
}

#[test]
fn sections_come_in_order_and_every_citation_resolves() {
    let (docs, story) = run();
    let refs: Vec<&Document> = docs.iter().collect();
    let (summary, _) = brief(&story, &refs);
    assert!(!summary.is_empty());
    let sections: Vec<BriefSection> = summary.iter().map(|s| s.section).collect();
    let mut sorted = sections.clone();
    sorted.sort_by_key(|section| match section {
        BriefSection::Consensus => 0,
        BriefSection::Differences => 1,
        BriefSection::SingleSource => 2,
    });
    assert_eq!(
        sections, sorted,
        "consensus, then differences, then single-source"
    );
    for sentence in &summary {
        assert!(
            !sentence.citations.is_empty(),
            "{sentence:?} has no citation"
        );
        for cite in &sentence.citations {
            let doc = docs.iter().find(|doc| doc.id == cite.doc).unwrap();
            let cited = &doc.text[cite.span];
            assert!(!cited.trim().is_empty());
        }
    }
}

#[test]
fn consensus_uses_the_best_formed_wording_and_cites_every_source() {
    let (docs, story) = run();
    let refs: Vec<&Document> = docs.iter().collect();
    let (summary, _) = brief(&story, &refs);
    let first = &summary[0];
    assert_eq!(first.section, BriefSection::Consensus);
    assert_eq!(
        first.text,
        "The city council approved a €21 billion transit plan on Tuesday."
    );
    let cited: Vec<&str> = first.citations.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(cited, ["ledger", "post", "wire"]);
    let ledger = &docs[0];
    assert_eq!(&ledger.text[first.citations[0].span], first.text);
}

#[test]
fn a_conflict_side_quotes_and_cites_only_the_wording_that_states_its_value() {
    let (docs, mut story) = run();
    // A support on the 45-stations side that states no number at all.
    let vague = common::support(&docs[2], 0);
    let side = story.claims.iter_mut().find(|c| c.id == "c3").unwrap();
    side.support.insert(0, vague);
    let refs: Vec<&Document> = docs.iter().collect();
    let (summary, _) = brief(&story, &refs);
    let figure = summary
        .iter()
        .find(|s| s.text.starts_with("Reports differ on a figure"))
        .expect("the figure difference");
    assert_eq!(
        figure.text,
        "Reports differ on a figure (40 vs 45 new stations): [1] Daily Ledger says “The plan adds \
         40 new stations by 2030”; [2] Evening Post says “The plan adds 45 new stations, \
         officials said”."
    );
    let cited: Vec<&str> = figure.citations.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(cited, ["ledger", "post"]);
}

#[test]
fn differences_are_stated_neutrally_with_both_sides_once() {
    let (docs, story) = run();
    let refs: Vec<&Document> = docs.iter().collect();
    let (summary, _) = brief(&story, &refs);
    let differences: Vec<_> = summary
        .iter()
        .filter(|s| s.section == BriefSection::Differences)
        .collect();
    let stations: Vec<_> = differences
        .iter()
        .filter(|s| s.text.starts_with("Reports differ on a figure"))
        .collect();
    assert_eq!(
        stations.len(),
        1,
        "the c2/c3 pair appears once: {differences:#?}"
    );
    assert_eq!(
        stations[0].text,
        "Reports differ on a figure (40 vs 45 new stations): [1] Daily Ledger says “The plan adds \
         40 new stations by 2030”; [2] Evening Post says “The plan adds 45 new stations, \
         officials said”."
    );
    let cited: Vec<&str> = stations[0]
        .citations
        .iter()
        .map(|c| c.doc.as_str())
        .collect();
    assert_eq!(cited, ["ledger", "post"]);
    let detail = differences
        .iter()
        .find(|s| s.text.contains("Reports differ in detail"))
        .expect("differs-in-detail sentence");
    assert_eq!(
        detail.text,
        "Mayor Ana Ruiz said: \"This is the biggest investment in a generation.\" Reports differ \
         in detail: \"biggest\" vs \"largest\"."
    );
    assert_eq!(detail.citations.len(), 2);
}

#[test]
fn single_source_follows_article_position_and_skips_fragments() {
    let (docs, mut story) = run();
    // A fragment that should never be used as brief wording.
    let fragment = common::support(&docs[0], 3);
    let mut short = fragment.clone();
    short.span =
        corroborate_core::Span::from_offsets(fragment.span.start(), fragment.span.start() + 7);
    short.text = docs[0].text[short.span].to_string();
    story
        .claims
        .push(common::claim("c9", ClaimStatus::SingleSource, vec![short]));
    let refs: Vec<&Document> = docs.iter().collect();
    let (summary, _) = brief(&story, &refs);
    let single: Vec<&str> = summary
        .iter()
        .filter(|s| s.section == BriefSection::SingleSource)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        single[0],
        "It was approved by a vote of 9 to 2 after a long debate."
    );
    assert!(single.contains(&"Critics warned costs could rise."));
    assert!(!single.contains(&"Critics"));
}

#[test]
fn drops_a_claim_contained_in_one_already_chosen() {
    let (docs, mut story) = run();
    // c10: the wire's lead restated; its words lie largely inside c1's wording.
    let repeat = common::claim(
        "c10",
        ClaimStatus::Corroborated,
        vec![common::support(&docs[2], 0), common::support(&docs[2], 0)],
    );
    story.claims.push(repeat);
    let refs: Vec<&Document> = docs.iter().collect();
    let options = BriefOptions::default();
    let (summary, _) = brief_with(&story, &refs, &options);
    let consensus: Vec<_> = summary
        .iter()
        .filter(|s| s.section == BriefSection::Consensus)
        .collect();
    assert_eq!(consensus.len(), 1, "{consensus:#?}");
    // With redundancy checks off, it comes back.
    let loose = BriefOptions {
        redundancy: 1.01,
        ..BriefOptions::default()
    };
    let (summary, _) = brief_with(&story, &refs, &loose);
    assert_eq!(
        summary
            .iter()
            .filter(|s| s.section == BriefSection::Consensus)
            .count(),
        2
    );
}

#[test]
fn unresolvable_citations_are_dropped_and_never_leave_uncited_sentences() {
    let (docs, mut story) = run();
    // Only the ledger is given: claims supported elsewhere lose those citations.
    story.claims[0].support[1].span = corroborate_core::Span::from_offsets(9000, 9010);
    let refs: Vec<&Document> = docs.iter().take(1).collect();
    let (summary, _) = brief(&story, &refs);
    for sentence in &summary {
        assert!(!sentence.citations.is_empty());
        assert!(sentence.citations.iter().all(|c| c.doc == "ledger"));
    }
}

#[test]
fn timeline_merges_the_same_event_across_articles() {
    let (docs, story) = run();
    let refs: Vec<&Document> = docs.iter().collect();
    let (_, timeline) = brief(&story, &refs);
    let dates: Vec<&str> = timeline.iter().map(|e| e.date.as_str()).collect();
    assert_eq!(dates, ["2024-05-14", "2030"]);
    let day = &timeline[0];
    let cited: Vec<&str> = day.citations.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(cited, ["ledger", "post", "wire"]);
    assert_eq!(
        day.text,
        "The city council approved a €21 billion transit plan on Tuesday."
    );
    for entry in &timeline {
        for cite in &entry.citations {
            let doc = docs.iter().find(|d| d.id == cite.doc).unwrap();
            assert!(doc.text[cite.span].contains(|c: char| c.is_ascii_digit() || c == 'T'));
        }
    }
    assert_eq!(timeline[1].text, "The plan adds 40 new stations by 2030.");
}

#[test]
fn timeline_without_sentences_uses_the_line() {
    let mut doc = Document::from_text(
        "x",
        "Intro line.\nThe bridge opened on 3 June 2023 to traffic.\n",
    );
    common::date(
        &mut doc,
        "3 June 2023",
        (2023, 6, 3),
        corroborate_core::DatePrecision::Day,
    );
    let story = Story {
        id: "s".into(),
        articles: vec!["x".into()],
        ..Story::default()
    };
    let entries = corroborate_synth::timeline(&story, &[&doc]);
    assert_eq!(entries.len(), 1);
    assert_eq!(
        entries[0].text,
        "The bridge opened on 3 June 2023 to traffic."
    );
    assert_eq!(&doc.text[entries[0].citations[0].span], entries[0].text);
}

#[test]
fn empty_story_gives_empty_brief() {
    let story = Story::default();
    let (summary, timeline) = brief(&story, &[]);
    assert!(summary.is_empty() && timeline.is_empty());
}

#[test]
fn word_budget_stops_consensus_and_single_source_but_keeps_differences() {
    let (docs, story) = run();
    let refs: Vec<&Document> = docs.iter().collect();
    let tight = BriefOptions {
        max_words: Some(5),
        ..BriefOptions::default()
    };
    let (summary, _) = brief_with(&story, &refs, &tight);
    let count = |section| summary.iter().filter(|s| s.section == section).count();
    assert_eq!(
        count(BriefSection::Consensus),
        1,
        "the first sentence always fits"
    );
    assert_eq!(count(BriefSection::Differences), 2);
    assert_eq!(count(BriefSection::SingleSource), 0);
}

#[test]
fn a_conflicting_claim_without_its_counterpart_is_still_reported() {
    let (docs, mut story) = run();
    story.claims[1].conflicts.clear();
    story.claims[2].conflicts.clear();
    let refs: Vec<&Document> = docs.iter().collect();
    let (summary, _) = brief(&story, &refs);
    let lone: Vec<&str> = summary
        .iter()
        .filter(|s| s.text.starts_with("Reports differ on this point"))
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        lone,
        [
            "Reports differ on this point: [1] Daily Ledger says “The plan adds 40 new stations by 2030”.",
            "Reports differ on this point: [2] Evening Post says “The plan adds 45 new stations, officials said”.",
        ]
    );
}

#[test]
fn a_quotation_cut_by_a_sentence_break_is_cited_whole() {
    let a = common::doc(
        "gazette",
        "Gazette",
        "Mayor speaks",
        &[
            "The mayor spoke on Monday.",
            "On the radio, she said, \"The bridge will reopen in May.",
            "Nobody should doubt it.\"",
            "Traffic was light.",
        ],
    );
    let b = common::doc(
        "herald",
        "Herald",
        "Bridge to reopen",
        &["and the bridge reopens in May, the mayor told a radio station"],
    );
    let story = Story {
        id: "s1".into(),
        articles: vec![a.id.clone(), b.id.clone()],
        claims: vec![common::claim(
            "c1",
            ClaimStatus::Corroborated,
            vec![common::support(&a, 1), common::support(&b, 0)],
        )],
        ..Story::default()
    };
    let (summary, _) = brief(&story, &[&a, &b]);
    let consensus = summary
        .iter()
        .find(|s| s.section == BriefSection::Consensus)
        .expect("a consensus sentence");
    let whole =
        "On the radio, she said, \"The bridge will reopen in May. Nobody should doubt it.\"";
    assert_eq!(consensus.text, whole);
    let cite = &consensus.citations[0];
    assert_eq!(cite.doc, "gazette");
    assert_eq!(&a.text[cite.span], whole);
}
