use corroborate_core::{Document, Sentence, Stage};

use super::*;
use crate::tokens::split_sentences;
use crate::EntityRecognizer;

fn annotate(id: &str, text: &str) -> Document {
    let mut doc = Document::from_text(id, text);
    doc.layers.sentences = Some(
        split_sentences(text)
            .into_iter()
            .map(|span| Sentence { span })
            .collect(),
    );
    EntityRecognizer::new().process(&mut doc).unwrap();
    QuoteExtractor::new().process(&mut doc).unwrap();
    doc
}

/// (quote text, speaker) pairs of a document.
fn quotes(doc: &Document) -> Vec<(&str, Option<&str>)> {
    doc.layers
        .quotes
        .as_ref()
        .unwrap()
        .iter()
        .map(|q| (&doc.text[q.span], q.speaker.as_deref()))
        .collect()
}

#[test]
fn speaker_after_before_and_inverted() {
    let doc = annotate(
        "t",
        "“We stand with you,” British Defense Secretary John Healey said. \
         Kremlin spokesman Dmitry Peskov said: \"Let's see.\" \
         “It depends,” said Kirill Dmitriev.",
    );
    assert_eq!(
        quotes(&doc),
        vec![
            ("We stand with you", Some("John Healey")),
            ("Let's see.", Some("Dmitry Peskov")),
            ("It depends", Some("Kirill Dmitriev")),
        ]
    );
    let first = &doc.layers.quotes.as_ref().unwrap()[0];
    assert_eq!(&doc.text[first.cue.unwrap()], "said");
    assert_eq!(&doc.text[first.speaker_span.unwrap()], "John Healey");
}

#[test]
fn pronouns_partial_quotes_and_continuations() {
    let doc = annotate(
        "t",
        "Russia must understand that, Mr. Pistorius said. “Given the aggression, peace is out of reach,” he said. \
         “We will ensure support.” He emphasized that Russia “is still not interested in peace.”\n\
         “This means the war goes on.”",
    );
    let got = quotes(&doc);
    assert_eq!(got.len(), 4);
    assert!(
        got.iter().all(|(_, speaker)| *speaker == Some("Pistorius")),
        "{got:?}"
    );
}

#[test]
fn according_to_and_objects_are_not_speakers() {
    let doc = annotate(
        "t",
        "Steve Witkoff met Putin to “normalize the relationship,” according to Kremlin spokesman Dmitri Peskov. \
         Witkoff, by contrast, has taken a different path. After his first meeting with Putin, he said he \
         was trying to build “a friendship, a relationship” with the Russian leader.",
    );
    assert_eq!(
        quotes(&doc),
        vec![
            ("normalize the relationship", Some("Dmitri Peskov")),
            ("a friendship, a relationship", Some("Steve Witkoff")),
        ]
    );
}

#[test]
fn scare_quotes_without_a_cue_have_no_speaker() {
    let doc = annotate(
        "t",
        "Leaders discussed a possible “reassurance force” for Ukraine.",
    );
    assert_eq!(quotes(&doc), vec![("reassurance force", None)]);
}

#[test]
fn merge_marks_altered_copies() {
    let a = annotate(
        "a",
        "“We are sending a signal to Putin, but we are also sending a message to Ukraine,” Healey said.",
    );
    let b = annotate(
        "b",
        "“We sending a signal to Putin, but we are also sending a message to Ukraine,” Mr. Healey said. \
         Another “scare quote” here.",
    );
    let entities = crate::merge_entities(&[&a, &b]);
    let merged = merge_quotes(&[&a, &b], &entities);
    assert_eq!(merged.len(), 2);
    let signal = &merged[0];
    assert_eq!(signal.sources.len(), 2);
    assert!(signal.sources[0].verbatim);
    assert!(!signal.sources[1].verbatim);
    assert_eq!(
        signal.sources[1].difference.as_deref(),
        Some("\"We sending\" vs \"We are sending\"")
    );
    let healey = entities.iter().find(|e| e.name == "Healey").unwrap();
    assert_eq!(signal.speaker.as_deref(), Some(healey.id.as_str()));
}

#[test]
fn roles_dashes_and_quotes_over_paragraphs() {
    let doc = annotate(
        "t",
        "Kremlin spokesman Dmitry Peskov met reporters. “No breakthroughs,” the spokesman said.\n\
         Ivor Bennett said: “The talks went on for hours.\n\
         “Nobody expected that.”\n\
         “We are ashamed.” ― Pamela Padilla",
    );
    assert_eq!(
        quotes(&doc),
        vec![
            ("No breakthroughs", Some("Dmitry Peskov")),
            ("The talks went on for hours.", Some("Ivor Bennett")),
            ("Nobody expected that.", Some("Ivor Bennett")),
            ("We are ashamed.", Some("Pamela Padilla")),
        ]
    );
    let role = &doc.layers.quotes.as_ref().unwrap()[0];
    assert_eq!(&doc.text[role.speaker_span.unwrap()], "the spokesman");
}

#[test]
fn a_participle_takes_the_subject_of_its_own_clause() {
    let doc = annotate(
        "t",
        "Norway has agreed, but Ms. Halvorsen has not, instead asking for commitments that \
         “address the root of the dispute.” Mr. Brandt praised Ms. Okafor, saying she was \
         “a real partner.”",
    );
    assert_eq!(
        quotes(&doc),
        vec![
            ("address the root of the dispute.", Some("Halvorsen")),
            ("a real partner.", Some("Brandt")),
        ]
    );
}

#[test]
fn speakers_of_quotes_in_other_languages() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "de",
            "„Wir akzeptieren das Urteil“, sagte Konzernchef Peter Löscher.",
            "Peter Löscher",
        ),
        (
            "de",
            "Peter Löscher sagte: „Wir akzeptieren das Urteil.“",
            "Peter Löscher",
        ),
        (
            "fr",
            "« Nous acceptons le jugement », a déclaré Peter Löscher.",
            "Peter Löscher",
        ),
        (
            "es",
            "«No hay acuerdo», dijo Pedro Sánchez en Madrid.",
            "Pedro Sánchez",
        ),
        (
            "it",
            "«Non c'è accordo», ha detto Mario Draghi.",
            "Mario Draghi",
        ),
        ("nl", "„We gaan door”, zei Mark Rutte.", "Mark Rutte"),
        (
            "fr",
            "« Rien n'est décidé », selon Emmanuel Macron.",
            "Emmanuel Macron",
        ),
    ];
    for (language, text, speaker) in cases {
        let doc = annotate(language, text);
        let got = quotes(&doc);
        assert_eq!(got.len(), 1, "{language}: {got:?}");
        let name = doc.layers.quotes.as_ref().unwrap()[0]
            .speaker_span
            .map(|s| &doc.text[s]);
        // the name, maybe with a title the entity rules keep ("Konzernchef Peter Löscher")
        assert!(
            name.is_some_and(|n| n.ends_with(speaker)),
            "{language}: {text}: {name:?}"
        );
    }
}
