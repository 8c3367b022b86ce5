//! With a multilingual encoder, a sentence corroborates its translation in another outlet's
//! language: their words do not overlap, so across languages the vectors alone score them.

use std::collections::BTreeMap;

use corroborate_core::{Document, Sentence, Story};
use corroborate_story::{align, AlignOptions};

/// One-sentence articles in `language` with hand-made sentence vectors (the translations at
/// cosine 0.64, about where multilingual-e5-small's centred vectors put them).
fn article(id: &str, language: &str, text: &str, vector: Vec<f32>) -> Document {
    let mut doc = Document::from_text(id.to_string(), text);
    doc.meta.language = Some(language.to_string());
    let spans = corroborate_text::split_sentences(&doc.text);
    assert_eq!(spans.len(), 1);
    doc.layers.sentences = Some(spans.into_iter().map(|span| Sentence { span }).collect());
    doc.layers.vectors = Some(vec![vector]);
    doc
}

fn unit(v: &[f32]) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.iter().map(|x| x / n).collect()
}

fn claims(crosslingual: bool) -> Story {
    let docs = [
        // the Spanish report first: the claim is still shown in English
        article(
            "es",
            "es",
            "Los estibadores de Rotterdam se declararon en huelga el lunes por los salarios.",
            unit(&[0.6, 0.2, 0.75, 0.0]),
        ),
        article(
            "en",
            "en",
            "Dock workers in Rotterdam went on strike on Monday over pay.",
            unit(&[1.0, 0.2, 0.0, 0.0]),
        ),
        article(
            "de",
            "de",
            "Starker Regen überflutete am Dienstag die Straßen von Oslo.",
            unit(&[0.0, 0.1, -0.2, 1.0]),
        ),
    ];
    let refs: Vec<&Document> = docs.iter().collect();
    let mut story = Story {
        id: "s1".into(),
        ..Story::default()
    };
    let opts = AlignOptions {
        neural: true,
        crosslingual,
        ..AlignOptions::default()
    };
    align(&mut story, &refs, &BTreeMap::new(), &opts);
    story
}

fn supported_together(story: &Story, a: &str, b: &str) -> bool {
    story.claims.iter().any(|claim| {
        claim.support.iter().any(|s| s.article == a) && claim.support.iter().any(|s| s.article == b)
    })
}

#[test]
fn a_translation_corroborates_with_a_multilingual_encoder() {
    let story = claims(true);
    assert!(
        supported_together(&story, "en", "es"),
        "{:#?}",
        story.claims
    );
    assert!(
        !supported_together(&story, "en", "de"),
        "{:#?}",
        story.claims
    );
    // shown in English though the Spanish report comes first
    let shared = story
        .claims
        .iter()
        .find(|c| c.support.len() == 2)
        .expect("the shared claim");
    assert!(shared.text.starts_with("Dock workers"), "{}", shared.text);
    // without it, words decide, and the two languages share only the name
    let story = claims(false);
    assert!(
        !supported_together(&story, "en", "es"),
        "{:#?}",
        story.claims
    );
}
