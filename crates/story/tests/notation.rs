//! The same value in another notation is agreement: no difference in detail, no conflict,
//! one consistent figure. Checked with the figures layer (as the pipeline runs) and without
//! it (the scanner of `align`).

mod common;

use corroborate_core::{ClaimStatus, Document, FigureKind, Stage};
use corroborate_extract::{merge_figures, FigureExtractor};

/// The documents of `texts`, with sentences and vectors, and the figures layer when asked.
fn docs_of(texts: &[String], figures: bool) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut doc = common::annotate(Document::from_text(format!("d{i}"), text));
            if figures {
                FigureExtractor::new().process(&mut doc).unwrap();
            }
            doc
        })
        .collect()
}

/// One sentence per notation, the value written into `template` at "{}".
fn texts(template: &str, notations: &[&str]) -> Vec<String> {
    notations
        .iter()
        .map(|n| template.replace("{}", n))
        .collect()
}

/// Every notation states the value of the first: one corroborated claim, no difference in
/// detail, no conflict, and (with the figures layer) one consistent figure.
fn assert_one_value(template: &str, notations: &[&str], kind: FigureKind) {
    let texts = texts(template, notations);
    for figures in [false, true] {
        let docs = docs_of(&texts, figures);
        let story = common::aligned(&docs);
        let claim = &story.claims[0];
        assert_eq!(
            claim.status,
            ClaimStatus::Corroborated,
            "{notations:?}: {:#?}",
            story.claims
        );
        assert_eq!(
            claim.independent_sources,
            notations.len(),
            "{:#?}",
            story.claims
        );
        for claim in &story.claims {
            assert_eq!(
                claim.differs_in_detail, None,
                "{notations:?} (figures layer: {figures})"
            );
            assert!(
                claim.conflicts.is_empty(),
                "{notations:?}: {:#?}",
                claim.conflicts
            );
        }
        if figures {
            let refs: Vec<&Document> = docs.iter().collect();
            let merged: Vec<_> = merge_figures(&refs)
                .into_iter()
                .filter(|f| f.kind == kind)
                .collect();
            assert_eq!(merged.len(), 1, "{notations:?}: {merged:#?}");
            assert!(merged[0].consistent, "{merged:#?}");
            assert!(merged[0].sources.len() >= notations.len(), "{merged:#?}");
        }
    }
}

#[test]
fn percent_signs_and_words_are_one_value() {
    assert_one_value(
        "Freight volumes through the harbour rose {} in the spring quarter, the port authority said.",
        &["14%", "14 per cent", "14 percent"],
        FigureKind::Percent,
    );
}

#[test]
fn euro_symbol_name_and_code_are_one_value() {
    assert_one_value(
        "The regional development fund approved {} for rail upgrades across the eastern provinces.",
        &["€21 billion", "21 billion euros", "EUR 21bn"],
        FigureKind::Money,
    );
}

#[test]
fn dollar_abbreviation_and_words_are_one_value() {
    assert_one_value(
        "The mining group agreed to buy its smaller rival for {} in cash and shares on Monday.",
        &["$23.8bn", "$23.8 billion", "23.8 billion dollars"],
        FigureKind::Money,
    );
}

#[test]
fn separators_and_scale_words_are_one_value() {
    assert_one_value(
        "Rescue teams evacuated {} residents from the flooded river valley overnight.",
        &["1,500", "1500", "1.5 thousand"],
        FigureKind::Count,
    );
}

#[test]
fn number_words_and_digits_are_one_value() {
    assert_one_value(
        "The coastguard sent {} helicopters to search for the missing fishing boat near the cliffs.",
        &["two", "2"],
        FigureKind::Count,
    );
}

#[test]
fn a_bracketed_equivalent_states_the_same_value() {
    assert_one_value(
        "The lender approved {} for the new hydroelectric dam on the northern river.",
        &["€21 billion ($23.8 billion)", "$23.8 billion", "€21bn"],
        FigureKind::Money,
    );
}

#[test]
fn a_rounding_or_a_qualifier_of_one_number_agrees() {
    let money = "The mining group agreed to pay {} in cash and shares for its rival on Monday.";
    assert_one_value(money, &["$23.8bn", "$24bn"], FigureKind::Money);
    assert_one_value(
        money,
        &["more than €21 billion", "€21bn"],
        FigureKind::Money,
    );
    assert_one_value(
        "Rescue teams evacuated {} residents from the flooded river valley overnight.",
        &["1,500", "about 1,500"],
        FigureKind::Count,
    );
}

#[test]
fn another_number_that_agrees_still_differs_in_detail() {
    let cases = [
        (
            ["1,500", "about 1,600"],
            "one says '1,500 residents', another 'about 1,600 residents'",
        ),
        (
            ["at least 1,500", "1,700"],
            "one says 'at least 1,500 residents', another '1,700 residents'",
        ),
    ];
    for (written, expected) in cases {
        let texts = texts(
            "Rescue teams evacuated {} residents from the flooded river valley overnight.",
            &written,
        );
        for figures in [false, true] {
            let story = common::aligned(&docs_of(&texts, figures));
            let claim = &story.claims[0];
            assert_eq!(
                claim.status,
                ClaimStatus::Corroborated,
                "{:#?}",
                story.claims
            );
            assert_eq!(
                claim.differs_in_detail.as_deref(),
                Some(expected),
                "figures layer: {figures}"
            );
        }
    }
}

#[test]
fn another_amount_still_conflicts() {
    let texts = texts(
        "The regional development fund approved {} for rail upgrades across the eastern provinces.",
        &["€21 billion", "€11 billion"],
    );
    for figures in [false, true] {
        let docs = docs_of(&texts, figures);
        let story = common::aligned(&docs);
        let conflicts: Vec<_> = story.claims.iter().flat_map(|c| &c.conflicts).collect();
        assert_eq!(conflicts.len(), 2, "{:#?}", story.claims);
        assert!(
            conflicts[0].detail.contains("€21 billion")
                && conflicts[0].detail.contains("€11 billion")
        );
        if figures {
            let refs: Vec<&Document> = docs.iter().collect();
            assert!(merge_figures(&refs).iter().all(|f| f.sources.len() == 1));
        }
    }
}
