//! Conflicts and differences in detail, on hand-built documents.

mod common;

use corroborate_core::{
    ClaimStatus, ConflictKind, Document, FigureKind, FigureMention, Qualifier, Span, Story,
};

fn story_of(texts: &[(&str, &str)]) -> (Vec<Document>, Story) {
    let docs: Vec<Document> = texts
        .iter()
        .map(|(id, text)| common::annotate(Document::from_text(*id, text)))
        .collect();
    let story = common::aligned(&docs);
    (docs, story)
}

fn conflict_kinds(story: &Story) -> Vec<ConflictKind> {
    story
        .claims
        .iter()
        .flat_map(|c| c.conflicts.iter().map(|k| k.kind))
        .collect()
}

#[test]
fn different_death_tolls_conflict() {
    let (_, story) = story_of(&[
        ("a", "The missile attack on the city killed 19 people, including nine children, officials said."),
        ("b", "The missile attack on the city killed 25 people, including nine children, officials said."),
    ]);
    let conflicting: Vec<_> = story
        .claims
        .iter()
        .filter(|c| c.status == ClaimStatus::Conflicting)
        .collect();
    assert_eq!(conflicting.len(), 2, "{:#?}", story.claims);
    let conflict = &conflicting[0].conflicts[0];
    assert_eq!(conflict.kind, ConflictKind::Number);
    assert_eq!(conflict.claim, conflicting[1].id);
    assert!(conflict.detail.contains("19 people") && conflict.detail.contains("25 people"));
}

#[test]
fn converted_and_rounded_amounts_agree() {
    let (_, story) = story_of(&[
        ("a", "European allies pledged more than €21 billion in military aid to the country on Friday."),
        ("b", "European allies pledged $24bn in military aid to the country on Friday."),
        ("c", "European allies pledged £18bn in military aid to the country on Friday."),
    ]);
    let claim = &story.claims[0];
    assert_eq!(
        claim.status,
        ClaimStatus::Corroborated,
        "{:#?}",
        story.claims
    );
    assert_eq!(claim.independent_sources, 3);
    // One number, converted, rounded and qualified: no difference to report.
    assert_eq!(claim.differs_in_detail, None);
}

#[test]
fn vague_against_exact_is_a_difference_in_detail() {
    let (_, story) = story_of(&[
        (
            "a",
            "The envoy and the president talked in the palace for over four hours on Friday.",
        ),
        (
            "b",
            "The envoy and the president talked in the palace for many hours on Friday.",
        ),
    ]);
    let claim = &story.claims[0];
    assert_eq!(
        claim.status,
        ClaimStatus::Corroborated,
        "{:#?}",
        story.claims
    );
    assert_eq!(
        claim.differs_in_detail.as_deref(),
        Some("one says 'four hours', another 'many hours'")
    );
}

#[test]
fn ordinals_conflict() {
    let (_, story) = story_of(&[
        (
            "a",
            "The envoy held his third meeting with the president in the northern city this year.",
        ),
        (
            "b",
            "The envoy held his second meeting with the president in the northern city this year.",
        ),
    ]);
    assert_eq!(
        conflict_kinds(&story),
        vec![ConflictKind::Number; 2],
        "{:#?}",
        story.claims
    );
}

/// "After his first meeting" counts an earlier event: no conflict with "his third meeting",
/// whether the values come from the figures layer (as the pipeline runs) or the scanner.
#[test]
fn an_earlier_events_ordinal_does_not_conflict() {
    let texts = [
        (
            "a",
            "The envoy held his third meeting with the president in the northern city this year.",
        ),
        (
            "b",
            "After his first meeting with the president in the northern city this year, the envoy \
             held another.",
        ),
    ];
    let (mut docs, story) = story_of(&texts);
    assert!(conflict_kinds(&story).is_empty(), "{:#?}", story.claims);
    for doc in &mut docs {
        corroborate_core::Stage::process(&corroborate_extract::FigureExtractor::new(), doc)
            .unwrap();
        assert_eq!(doc.layers.figures.as_ref().map(Vec::len), Some(1));
    }
    let story = common::aligned(&docs);
    assert!(conflict_kinds(&story).is_empty(), "{:#?}", story.claims);
}

#[test]
fn negation_conflicts() {
    let (_, story) = story_of(&[
        ("a", "The rebel commander has agreed to the thirty-day truce proposal brokered by the mediators."),
        ("b", "The rebel commander has not agreed to the thirty-day truce proposal brokered by the mediators."),
    ]);
    assert_eq!(
        conflict_kinds(&story),
        vec![ConflictKind::Negation; 2],
        "{:#?}",
        story.claims
    );
}

#[test]
fn negation_about_another_party_is_not_a_conflict() {
    // Regression: "A has agreed" and "B has not" are two facts, not one fact denied.
    let (_, story) = story_of(&[
        ("a", "The rebel council has agreed to the thirty-day truce proposal brokered by the mediators."),
        ("b", "The rebel council has agreed to the truce proposal, but the Northern Army has not, instead demanding new guarantees from the mediators."),
        ("c", "The Northern Army has not agreed to the thirty-day truce proposal brokered by the mediators."),
    ]);
    let kinds = conflict_kinds(&story);
    assert!(
        !kinds.contains(&ConflictKind::Negation),
        "{:#?}",
        story.claims
    );
}

#[test]
fn weekdays_conflict() {
    let (_, story) = story_of(&[
        ("a", "Defence ministers from fifty countries met in Brussels on Thursday to pledge air defence systems."),
        ("b", "Defence ministers from fifty countries met in Brussels on Friday to pledge air defence systems."),
    ]);
    assert_eq!(
        conflict_kinds(&story),
        vec![ConflictKind::Date; 2],
        "{:#?}",
        story.claims
    );
}

#[test]
fn attribution_conflicts() {
    let (_, story) = story_of(&[
        ("a", "“We stand with you in the fight and we will stand with you in the peace,” Defence Secretary John Healey said."),
        ("b", "“We stand with you in the fight and we will stand with you in the peace,” Defence Minister Boris Pistorius said."),
    ]);
    assert_eq!(
        conflict_kinds(&story),
        vec![ConflictKind::Attribution; 2],
        "{:#?}",
        story.claims
    );
}

#[test]
fn figures_layer_is_used_when_present() {
    let text_a = "Officials said the storm left 1,200 homes without power across the valley.";
    let text_b = "Officials said the storm left 3,500 homes without power across the valley.";
    let mut docs: Vec<Document> = [("a", text_a), ("b", text_b)]
        .iter()
        .map(|(id, text)| common::annotate(Document::from_text(*id, text)))
        .collect();
    for (doc, amount, written) in docs
        .iter_mut()
        .zip([(1200.0, "1,200 homes"), (3500.0, "3,500 homes")])
        .map(|(doc, (amount, written))| (doc, amount, written))
    {
        let start = doc.text.find(written).unwrap();
        let span = Span::new(&doc.text, start, start + written.len()).unwrap();
        assert_eq!(&doc.text[span], written);
        doc.layers.figures = Some(vec![FigureMention {
            span,
            kind: FigureKind::Count,
            amount,
            amount_to: None,
            unit: Some("homes".into()),
            qualifier: Qualifier::Exact,
            equivalent_of: None,
        }]);
    }
    let story = common::aligned(&docs);
    assert_eq!(
        conflict_kinds(&story),
        vec![ConflictKind::Number; 2],
        "{:#?}",
        story.claims
    );
    assert!(story.claims[0].conflicts[0]
        .detail
        .contains("'1,200 homes' vs '3,500 homes'"));
}

#[test]
fn unrelated_sentences_stay_apart() {
    let (_, story) = story_of(&[
        (
            "a",
            "The central bank raised interest rates by half a point to fight inflation.",
        ),
        (
            "b",
            "Flooding closed the main railway line between the two northern towns.",
        ),
    ]);
    assert_eq!(story.claims.len(), 2);
    assert!(story
        .claims
        .iter()
        .all(|c| c.status == ClaimStatus::SingleSource));
    assert_eq!(story.coverage[0].alone.len(), 1);
    assert!(story.coverage[0].omits.is_empty());
}

#[test]
fn a_claim_is_shown_by_its_most_central_member() {
    // The first article's sentence joins the claim loosely (it adds a second fact); the
    // claim must be shown by a sentence the others agree with most, not by article order.
    let (_, story) = story_of(&[
        ("a", "The river ferry to Elmsworth, whose harbour master quit in protest over dredging delays and unpaid overtime, resumed service on Monday after repairs."),
        ("b", "The river ferry to Elmsworth resumed service on Monday after weeks of repairs."),
        ("c", "After weeks of repairs, the Elmsworth river ferry resumed service on Monday."),
        ("d", "Service on the Elmsworth river ferry resumed Monday after repairs."),
    ]);
    let ferry = story
        .claims
        .iter()
        .find(|c| c.support.len() >= 3)
        .unwrap_or_else(|| panic!("no ferry claim: {:#?}", story.claims));
    assert!(
        !ferry.text.contains("harbour master"),
        "claim shown by its loosest member: {}",
        ferry.text
    );
    assert!(ferry.support.iter().any(|s| s.text == ferry.text));
}
