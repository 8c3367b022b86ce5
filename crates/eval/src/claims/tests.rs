//! Tests of the claim alignment scorer and the gold loader.

use super::*;
use corroborate_core::{Claim, ClaimStatus, Sentence, Span, Support};

/// A cleaned document whose sentences are the given strings joined by a space.
fn doc(id: &str, sentences: &[&str]) -> Document {
    let text = sentences.join(" ");
    let mut doc = Document::from_text(id, &text);
    let mut at = 0;
    let spans = sentences
        .iter()
        .map(|s| {
            let span = Span::from_offsets(at, at + s.len());
            at += s.len() + 1;
            Sentence { span }
        })
        .collect();
    doc.layers.sentences = Some(spans);
    doc
}

fn claim(id: &str, supports: &[(&str, usize)]) -> Claim {
    Claim {
        id: id.to_string(),
        status: ClaimStatus::Corroborated,
        text: String::new(),
        independent_sources: supports.len(),
        support: supports
            .iter()
            .map(|&(article, sentence)| Support {
                article: article.to_string(),
                sentence,
                span: Span::from_offsets(0, 1),
                text: String::new(),
            })
            .collect(),
        conflicts: Vec::new(),
        differs_in_detail: None,
    }
}

fn anchor(article: &str, anchor: &str) -> GoldAnchor {
    GoldAnchor {
        article: article.to_string(),
        anchor: anchor.to_string(),
    }
}

fn fact(id: &str, mentions: Vec<GoldAnchor>) -> GoldFact {
    GoldFact {
        id: id.to_string(),
        fact: String::new(),
        mentions,
    }
}

#[test]
fn scorer_counts_pairs_of_sentences_across_articles() {
    let a = doc(
        "a",
        &[
            "The bridge closed on Monday.",
            "Repairs will cost $2 million.",
            "The mayor was angry.",
            "It reopens in May.",
        ],
    );
    let b = doc(
        "b",
        &[
            "Officials shut the bridge Monday.",
            "The fix costs two million dollars.",
            "Traffic was heavy.",
        ],
    );
    let c = doc(
        "c",
        &[
            "On Monday the bridge was closed.",
            "A council vote is due.",
            "The bridge should reopen in May.",
        ],
    );
    let gold = GoldStory {
        id: "toy".into(),
        source: GoldSource::Seeds,
        row: None,
        tuning: false,
        articles: ["a", "b", "c"]
            .iter()
            .map(|id| GoldArticle {
                id: id.to_string(),
                doc: None,
                file: Some(format!("{id}.txt")),
            })
            .collect(),
        facts: vec![
            // closed Monday: a0 b0 c0 -> 3 gold pairs
            fact(
                "closed",
                vec![
                    anchor("a", "bridge closed"),
                    anchor("b", "shut the bridge"),
                    anchor("c", "bridge was closed"),
                ],
            ),
            // cost: a1 b1 -> 1 gold pair
            fact(
                "cost",
                vec![anchor("a", "cost $2"), anchor("b", "two million")],
            ),
            // reopens: a3 c2, plus an anchor the cleaning lost in b -> 3 gold pairs
            fact(
                "reopen",
                vec![
                    anchor("a", "reopens in May"),
                    anchor("c", "reopen in May"),
                    anchor("b", "not in the text"),
                ],
            ),
        ],
        single: vec![
            anchor("a", "mayor was angry"),
            anchor("b", "Traffic was heavy"),
            anchor("c", "council vote"),
            // a second anchor in an already annotated sentence adds no sentence
            anchor("a", "on Monday"),
        ],
    };
    let story = Story {
        id: "s1".into(),
        articles: vec!["a".into(), "b".into(), "c".into()],
        claims: vec![
            // a0-b0 and a0-c0 found, b0-c0 found too (same claim): 3 TP
            claim("c1", &[("a", 0), ("b", 0), ("c", 0)]),
            // a1 with b2 (traffic): FP; a1-b1 missed: FN
            claim("c2", &[("a", 1), ("b", 2)]),
            // a3 with c2: TP; a2 (mayor) with c1 (vote): FP
            claim("c3", &[("a", 3), ("c", 2)]),
            claim("c4", &[("a", 2), ("c", 1)]),
            // one-sided claim: predicts nothing
            claim("c5", &[("b", 1)]),
        ],
        ..Story::default()
    };
    let score = score_story(&gold, &[a, b, c], &story);
    assert_eq!(score.anchors, 12);
    assert_eq!(score.not_found, 1);
    // a0 a1 a2 a3, b0 b1 b2 b-lost, c0 c1 c2
    assert_eq!(score.sentences, 11);
    // TP: a0b0 a0c0 b0c0 a3c2; FN: a1b1, a3-blost, c2-blost; FP: a1b2, a2c1
    assert_eq!(
        score.pairs,
        PairCounts {
            tp: 4,
            fp: 2,
            fn_: 3
        }
    );
    let prf = score.pairs.prf();
    assert!((prf.precision - 4.0 / 6.0).abs() < 1e-9);
    assert!((prf.recall - 4.0 / 7.0).abs() < 1e-9);
    assert!((prf.f1 - 2.0 * 4.0 / (6.0 + 7.0)).abs() < 1e-9);
    assert_eq!(score.facts, 3);
    assert_eq!(score.facts_whole, 1);
    assert_eq!(score.facts_every_article, 1);
    assert_eq!(score.errors.len(), 5);
    let missed: Vec<_> = score.errors.iter().filter(|e| e.missed).collect();
    assert_eq!(missed.len(), 3);
    assert!(missed
        .iter()
        .any(|e| e.a.1 == "Repairs will cost $2 million."
            && e.b.1 == "The fix costs two million dollars."
            && e.facts == ["cost"]));

    // Totals and the table.
    let eval = ClaimsEval {
        stories: vec![score],
    };
    assert_eq!(eval.pairs(None), eval.pairs(Some(GoldSource::Seeds)));
    assert_eq!(
        eval.pairs(Some(GoldSource::MultiNews)),
        PairCounts::default()
    );
    let table = eval.to_string();
    assert!(table.contains("toy"), "{table}");
    assert!(table.contains("0.667 | 0.571 | 0.615"), "{table}");
    assert!(eval.details().contains("FN [cost]"));
}

/// Two facts, rain and floods, each stated by articles `a` and `b`.
fn rain_gold() -> GoldStory {
    GoldStory {
        id: "rain".into(),
        source: GoldSource::MultiNews,
        row: Some(0),
        tuning: true,
        articles: Vec::new(),
        facts: vec![
            fact(
                "rain",
                vec![anchor("a", "Rain fell"), anchor("b", "rained")],
            ),
            fact(
                "flood",
                vec![anchor("a", "flooded"), anchor("b", "flooded")],
            ),
        ],
        single: Vec::new(),
    }
}

#[test]
fn one_claim_per_fact_counts_a_fact_whole() {
    let a = doc("a", &["Rain fell all day in the city.", "Roads flooded."]);
    let b = doc("b", &["It rained all day.", "Several roads were flooded."]);
    let gold = rain_gold();
    let story = Story {
        claims: vec![
            claim("c1", &[("a", 0), ("b", 0)]),
            claim("c2", &[("a", 1), ("b", 1)]),
        ],
        ..Story::default()
    };
    let score = score_story(&gold, &[a, b], &story);
    assert_eq!(
        score.pairs,
        PairCounts {
            tp: 2,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(score.pairs.prf().f1, 1.0);
    assert_eq!((score.facts_whole, score.facts_every_article), (2, 2));
    // No claims: every gold pair missed, nothing predicted.
    let none = score_story(&gold, &[doc("a", &["x"])], &Story::default());
    assert_eq!(
        none.pairs,
        PairCounts {
            tp: 0,
            fp: 0,
            fn_: 2
        }
    );
    assert_eq!(none.not_found, 4);
}

#[test]
fn builtin_gold_parses() {
    let gold = ClaimsGold::builtin().unwrap();
    assert_eq!(gold.stories.len(), 17);
    assert!(gold.stories.iter().all(|s| !s.facts.is_empty()));
    // The claim model trains on the seeds and twelve rows; four rows stay held out.
    let held_out: Vec<&str> = gold
        .stories
        .iter()
        .filter(|s| !s.tuning)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        held_out,
        [
            "multinews-33",
            "multinews-164",
            "multinews-141",
            "multinews-21"
        ]
    );
    assert!(ClaimsGold::parse("{\"stories\": [{}]}", "x").is_err());
}

#[test]
fn every_gold_anchor_occurs_once_in_its_raw_article() {
    let Some(dir) = corroborate_core::shared_dir() else {
        eprintln!("skipped: no shared data (../shared/data)");
        return;
    };
    if !dir.join("data").is_dir() {
        eprintln!("skipped: no shared data (../shared/data)");
        return;
    }
    let gold = ClaimsGold::builtin().unwrap();
    let raw = raw_articles(&gold, &dir).unwrap();
    let mut problems = Vec::new();
    for (story, articles) in gold.stories.iter().zip(&raw) {
        for anchor in story.anchors() {
            let text = &articles
                .iter()
                .find(|a| a.id == anchor.article)
                .unwrap()
                .text;
            let count = text.matches(anchor.anchor.as_str()).count();
            if count != 1 {
                problems.push(format!(
                    "{} {}: {:?} occurs {count} times",
                    story.id, anchor.article, anchor.anchor
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The seed files read through the product's reader.
    let seeds = raw
        .iter()
        .flatten()
        .filter(|a| a.source == GoldSource::Seeds);
    for article in seeds {
        let doc = document_of(article).unwrap();
        assert_eq!(doc.id, article.id);
        assert!(!doc.cleaned);
    }
}

#[test]
fn clause_pairs_are_labelled_by_the_facts_their_sentences_share() {
    use corroborate_story::{ClausePair, ClauseRef};
    let a = doc(
        "a",
        &[
            "Rain fell all day in the city.",
            "Roads flooded.",
            "Schools shut.",
        ],
    );
    let b = doc("b", &["It rained all day.", "Several roads were flooded."]);
    let gold = rain_gold();
    let docs = [a, b];
    let clause = |d: usize, s: usize| {
        let span: Span = docs[d].sentences()[s].span;
        ClauseRef {
            article: docs[d].id.clone(),
            sentence: s,
            span,
        }
    };
    let pair = |x: ClauseRef, y: ClauseRef| ClausePair {
        a: x,
        b: y,
        features: vec![0.5],
        probability: 0.25,
    };
    let pairs = [
        pair(clause(0, 0), clause(1, 0)),
        pair(clause(0, 0), clause(1, 1)),
        pair(clause(0, 1), clause(1, 1)),
        // "Schools shut." is not annotated: the pair has no label and is left out.
        pair(clause(0, 2), clause(1, 1)),
    ];
    let labelled = label_pairs(&gold, &docs, &pairs);
    let labels: Vec<(usize, usize, bool)> =
        labelled.iter().map(|p| (p.a.1, p.b.1, p.label)).collect();
    assert_eq!(labels, [(0, 0, true), (0, 1, false), (1, 1, true)]);
    assert!(labelled.iter().all(|p| p.tuning && p.story == "rain"));
    assert_eq!(labelled[0].text.0, "Rain fell all day in the city.");
    assert_eq!(labelled[2].text.1, "Several roads were flooded.");
}
