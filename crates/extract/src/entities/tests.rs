use corroborate_core::{Document, EntityKind, Sentence};

use super::*;
use crate::tokens::split_sentences;

fn annotate(text: &str) -> Document {
    annotate_in(None, text)
}

/// [`annotate`] for a text in `language`.
fn annotate_in(language: Option<&str>, text: &str) -> Document {
    let mut doc = Document::from_text("t", text);
    doc.meta.language = language.map(str::to_string);
    doc.layers.sentences = Some(
        split_sentences(text)
            .into_iter()
            .map(|span| Sentence { span })
            .collect(),
    );
    EntityRecognizer::new().process(&mut doc).unwrap();
    doc
}

fn find<'a>(doc: &'a Document, name: &str) -> &'a EntityMention {
    doc.layers
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .find(|m| &doc.text[m.span] == name)
        .unwrap_or_else(|| panic!("no mention {name:?} in {:?}", doc.layers.entities))
}

#[test]
fn titles_and_possessives_stay_out_of_names() {
    let doc = annotate(
        "President Vladimir V. Putin met Mr. Peskov. German Defense Minister Boris Pistorius \
         spoke of Trump’s envoy and Trump's plan.",
    );
    let putin = find(&doc, "Vladimir V. Putin");
    assert_eq!(putin.kind, EntityKind::Person);
    assert_eq!(&doc.text[putin.role.unwrap()], "President");
    assert_eq!(find(&doc, "Peskov").kind, EntityKind::Person);
    let pistorius = find(&doc, "Boris Pistorius");
    assert_eq!(
        &doc.text[pistorius.role.unwrap()],
        "German Defense Minister"
    );
    let trumps: Vec<_> = doc
        .layers
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .filter(|m| &doc.text[m.span] == "Trump")
        .collect();
    assert_eq!(trumps.len(), 2);
}

#[test]
fn roles_before_and_in_appositions() {
    let doc = annotate(
        "Kremlin spokesman Dmitry Peskov said talks went well. Later, Dmitriev, the \
         49-year-old head of Russia's sovereign wealth fund, arrived. Dmitri S. Peskov, the \
         Kremlin’s spokesman, spoke again.",
    );
    assert_eq!(
        &doc.text[find(&doc, "Dmitry Peskov").role.unwrap()],
        "Kremlin spokesman"
    );
    assert_eq!(
        &doc.text[find(&doc, "Dmitriev").role.unwrap()],
        "the 49-year-old head of Russia's sovereign wealth fund"
    );
    assert_eq!(
        &doc.text[find(&doc, "Dmitri S. Peskov").role.unwrap()],
        "the Kremlin’s spokesman"
    );
    assert_eq!(find(&doc, "Kremlin").kind, EntityKind::Organization);
}

#[test]
fn types_from_gazetteer_keywords_and_context() {
    let doc = annotate(
        "Allies met in Brussels and the Ukraine Defense Contact Group met with NATO. \
         The report came from the news agency Tass. The town of Kryvyi Rih was hit.",
    );
    assert_eq!(find(&doc, "Brussels").kind, EntityKind::Location);
    assert_eq!(
        find(&doc, "Ukraine Defense Contact Group").kind,
        EntityKind::Organization
    );
    assert_eq!(find(&doc, "NATO").kind, EntityKind::Organization);
    assert_eq!(find(&doc, "Tass").kind, EntityKind::Organization);
    assert_eq!(find(&doc, "Kryvyi Rih").kind, EntityKind::Location);
}

#[test]
fn sentence_initial_common_words_are_not_names() {
    let doc = annotate(
        "Despite the talks, peace is far. Notably absent was the envoy. Meanwhile, Russia waits.",
    );
    let names: Vec<&str> = doc
        .layers
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .map(|m| &doc.text[m.span])
        .collect();
    assert_eq!(names, vec!["Russia"]);
}

#[test]
fn surnames_and_middle_initials_share_the_local_identity() {
    let doc = annotate(
        "Peskov spoke first. Dmitri S. Peskov, the spokesman, said more. Then Dmitri Peskov left. \
         Putin said nothing.",
    );
    let ids: Vec<u32> = ["Peskov", "Dmitri S. Peskov", "Dmitri Peskov"]
        .iter()
        .map(|n| find(&doc, n).local_id)
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]));
    assert_eq!(find(&doc, "Peskov").canonical, "Dmitri S. Peskov");
    assert_ne!(find(&doc, "Putin").local_id, ids[0]);
}

#[test]
fn story_merge_joins_variants_without_false_merges() {
    let a = annotate(
        "Kremlin spokesman Dmitry Peskov met Volodymyr Zelensky in St. Petersburg, TASS said.",
    );
    let mut b = annotate(
        "Dmitri Peskov and Kirill Dmitriev met Volodymyr Zelenskyy in St Petersburg, Tass said. \
         The Kremlin and Russia agreed.",
    );
    b.id = "b".into();
    let entities = merge_entities(&[&a, &b]);
    let named = |name: &str| {
        entities
            .iter()
            .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
            .unwrap_or_else(|| panic!("no entity {name}: {entities:#?}"))
    };
    assert_eq!(named("Dmitry Peskov").id, named("Dmitri Peskov").id);
    assert_eq!(
        named("Volodymyr Zelensky").id,
        named("Volodymyr Zelenskyy").id
    );
    assert_eq!(named("St. Petersburg").id, named("St Petersburg").id);
    assert_eq!(named("TASS").id, named("Tass").id);
    assert_ne!(named("Kirill Dmitriev").id, named("Dmitri Peskov").id);
    assert_ne!(named("Kremlin").id, named("Russia").id);
    let peskov = named("Dmitri Peskov");
    assert_eq!(peskov.mentions.len(), 2);
    assert_eq!(peskov.roles[0].text, "Kremlin spokesman");
}

#[test]
fn two_people_sharing_a_surname_stay_apart() {
    let a = annotate("Donald Trump spoke. Melania Trump listened.");
    let mut b = annotate("Trump spoke again.");
    b.id = "b".into();
    let entities = merge_entities(&[&a, &b]);
    let trumps: Vec<_> = entities
        .iter()
        .filter(|e| e.name.ends_with("Trump"))
        .collect();
    assert!(trumps.iter().any(|e| e.name == "Donald Trump"));
    assert!(trumps.iter().any(|e| e.name == "Melania Trump"));
    let donald = trumps.iter().find(|e| e.name == "Donald Trump").unwrap();
    assert!(donald.mentions.iter().all(|c| c.doc == "t"));
}

proptest::proptest! {
    #[test]
    fn mentions_lie_on_boundaries_and_do_not_overlap(text in "[A-Za-z’'.,: \n“”\"-]{0,80}") {
        let doc = annotate(&text);
        let mentions = doc.layers.entities.as_ref().unwrap();
        let mut last_end = 0;
        for m in mentions {
            proptest::prop_assert!(m.span.is_valid_for(&text));
            proptest::prop_assert!(!m.span.is_empty());
            proptest::prop_assert!(m.span.start() >= last_end);
            last_end = m.span.end();
            if let Some(role) = m.role {
                proptest::prop_assert!(role.is_valid_for(&text));
            }
        }
        QuoteExtractorCheck::run(&doc);
    }
}

proptest::proptest! {
    #[test]
    fn every_stage_survives_any_text(text in "(\\PC|[“”\"’$€%0-9 A-Z\n-]){0,120}") {
        let doc = annotate(&text);
        QuoteExtractorCheck::run(&doc);
    }

    #[test]
    fn every_stage_survives_any_text_in_other_languages(
        text in "(\\PC|[„“”«»\"’$€%0-9 .,A-Z\n-]|Der |das |am 5\\. März |2 500 |sagte |a déclaré ){0,80}",
        language in "(de|es|fr|it|nl)",
    ) {
        let doc = annotate_in(Some(&language), &text);
        QuoteExtractorCheck::run(&doc);
    }
}

/// Quotes, figures and dates on the same random text keep their spans in bounds too.
struct QuoteExtractorCheck;

impl QuoteExtractorCheck {
    fn run(doc: &Document) {
        let mut doc = doc.clone();
        for stage in crate::default_stages() {
            stage.process(&mut doc).unwrap();
        }
        for q in doc.layers.quotes.as_ref().unwrap() {
            assert!(q.span.is_valid_for(&doc.text));
            assert!(q.speaker_span.is_none_or(|s| s.is_valid_for(&doc.text)));
        }
        for d in doc.layers.dates.as_ref().unwrap() {
            assert!(d.span.is_valid_for(&doc.text));
        }
        let figures = doc.layers.figures.as_ref().unwrap();
        for (i, f) in figures.iter().enumerate() {
            assert!(f.span.is_valid_for(&doc.text));
            assert!(f.equivalent_of.is_none_or(|e| e < i));
        }
    }
}

#[test]
fn tagged_spans_keep_roles_and_within_article_identity() {
    let text = "German Defense Minister Boris Pistorius spoke in Kyiv. Pistorius said Mr. \
                Petrov of Rheinmetall agreed.";
    let mut doc = Document::from_text("t", text);
    doc.layers.sentences = Some(
        split_sentences(text)
            .into_iter()
            .map(|span| Sentence { span })
            .collect(),
    );
    let span = |name: &str, nth: usize| {
        let start = text.match_indices(name).nth(nth).unwrap().0;
        Span::from_offsets(start, start + name.len())
    };
    let tagged = [
        (span("Boris Pistorius", 0), EntityKind::Person),
        (span("Kyiv", 0), EntityKind::Location),
        (span("Pistorius", 1), EntityKind::Person),
        // a tagger that took the honorific in
        (span("Mr. Petrov", 0), EntityKind::Person),
        (span("Rheinmetall", 0), EntityKind::Organization),
        // lone pronouns and honorifics are dropped
        (span("Mr.", 0), EntityKind::Person),
    ];
    doc.layers.entities = Some(EntityRecognizer::new().recognize_tagged(&doc, &tagged));
    let boris = find(&doc, "Boris Pistorius");
    assert_eq!(boris.kind, EntityKind::Person);
    assert_eq!(&doc.text[boris.role.unwrap()], "German Defense Minister");
    let surname = find(&doc, "Pistorius");
    assert_eq!(surname.local_id, boris.local_id);
    assert_eq!(find(&doc, "Kyiv").kind, EntityKind::Location);
    let petrov = find(&doc, "Petrov");
    assert_eq!(petrov.kind, EntityKind::Person);
    assert!(petrov.role.is_none());
    assert_eq!(find(&doc, "Rheinmetall").kind, EntityKind::Organization);
    assert_eq!(doc.layers.entities.as_ref().unwrap().len(), 5);
}

fn names_in(language: &str, text: &str) -> Vec<String> {
    let doc = annotate_in(Some(language), text);
    doc.layers
        .entities
        .unwrap_or_default()
        .iter()
        .map(|m| text[m.span].to_string())
        .collect()
}

#[test]
fn german_nouns_and_foreign_function_words_are_no_names() {
    let text = "Der Konzern Siemens muss eine Strafe zahlen. Das Gericht in Berlin teilte am \
                Dienstag mit, dass rund 2.500 Mitarbeiter betroffen sind. „Wir akzeptieren \
                das Urteil“, sagte Konzernchef Peter Löscher. Die Entscheidung fiel knapp.";
    let names = names_in("de", text);
    for name in ["Siemens", "Peter Löscher", "Berlin"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    for noun in [
        "Strafe",
        "Gericht",
        "Mitarbeiter",
        "Wir",
        "Urteil",
        "Entscheidung",
        "Konzern",
    ] {
        assert!(
            !names.iter().any(|n| n.contains(noun)),
            "{noun} in {names:?}"
        );
    }
    // without the language, the same rules read capitalised words as English
    assert!(names_in("en", text).iter().any(|n| n.contains("Strafe")));

    let french = names_in(
        "fr",
        "« Nous acceptons le jugement », a déclaré Peter Löscher. Le groupe Siemens paiera. \
         Selon Luc De Jong, rien n'est décidé.",
    );
    for name in ["Peter Löscher", "Siemens", "Luc De Jong"] {
        assert!(french.iter().any(|n| n == name), "{name} in {french:?}");
    }
    assert!(
        !french
            .iter()
            .any(|n| n.starts_with("Nous") || n.starts_with("Le ")),
        "{french:?}"
    );
}
